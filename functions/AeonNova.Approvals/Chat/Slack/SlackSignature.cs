using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AeonNova.Approvals.Chat.Slack;

/// <summary>
/// Slack request signing, version v0 (https://api.slack.com/docs/verifying-requests-from-slack):
/// <c>X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body))</c>;
/// requests whose timestamp is more than five minutes from now are refused.
/// </summary>
public static class SlackSignature
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public static SlackVerification Verify(string signingSecret, string? timestamp, string? signature, string rawBody, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        ArgumentNullException.ThrowIfNull(rawBody);
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SlackVerification.Missing;
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SlackVerification.Forged;
        }
        // Compare the signature before the age, so an old but authentic request is told apart from a forged one.
        var expected = Encoding.ASCII.GetBytes(Sign(signingSecret, timestamp, rawBody));
        var presented = Encoding.ASCII.GetBytes(signature);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return SlackVerification.Forged;
        }
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        return age.Duration() > Window ? SlackVerification.Stale : SlackVerification.Valid;
    }

    /// <summary>The header value Slack would send for this timestamp and body (also used by tests and the fake Slack).</summary>
    public static string Sign(string signingSecret, string timestamp, string rawBody)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{rawBody}"));
        return "v0=" + Convert.ToHexStringLower(mac);
    }
}

public enum SlackVerification
{
    Valid,
    Missing,
    Forged,
    Stale,
}
