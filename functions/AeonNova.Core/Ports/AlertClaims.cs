using System.Globalization;
using System.Text;

namespace AeonNova.Core.Ports;

/// <summary>
/// The claim rule every <see cref="IAlertStore"/> implements (the DynamoDB adapter as a condition expression):
/// new when there is no claim or its cooldown has passed; redelivery when the same alert id holds it; else duplicate.
/// </summary>
public static class AlertClaims
{
    /// <summary>Step Functions execution names: at most 80 characters of [A-Za-z0-9_-].</summary>
    public const int MaxExecutionNameLength = 80;

    public static AlertClaim Decide(AlertState? current, AlertClaimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (current is null || current.CooldownUntil <= request.Now)
        {
            return new AlertClaim(ClaimOutcome.New, NewClaim(request));
        }
        if (string.Equals(current.AlertId, request.AlertId, StringComparison.Ordinal))
        {
            return new AlertClaim(ClaimOutcome.Redelivery, current);
        }
        return new AlertClaim(ClaimOutcome.Duplicate, current with { Duplicates = current.Duplicates + 1, LastSeenAt = request.Now });
    }

    public static AlertState NewClaim(AlertClaimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new AlertState
        {
            Fingerprint = request.Fingerprint,
            AlertId = request.AlertId,
            ExecutionName = ExecutionName(request.Fingerprint, request.Now, request.AlertName, request.Host),
            ClaimedAt = request.Now,
            CooldownUntil = request.Now + request.Cooldown,
            LastSeenAt = request.Now,
        };
    }

    /// <summary>
    /// Readable and deterministic: <c>&lt;alert-slug&gt;-&lt;host-slug&gt;-&lt;short hash&gt;-&lt;time&gt;</c>, e.g.
    /// <c>highcpuload-web-1-3fa9c1d2-20261120T081000Z</c>. The short hash is the fingerprint's first 8 hex digits (or
    /// of its SHA-256 when it is not hex), the time is the occurrence window start, so the same alert claimed at the
    /// same time always gets the same name and idempotency by name is unchanged. Slugs are ASCII (Latin-1 accents folded,
    /// everything else a hyphen), lower case, and shortened so the whole name fits Step Functions' 80 characters.
    /// </summary>
    public static string ExecutionName(string fingerprint, DateTimeOffset occurrenceStart, string alertName = "", string host = "")
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var tail = "-" + ShortHash(fingerprint) + "-" + occurrenceStart.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var room = MaxExecutionNameLength - tail.Length - 1;
        var hostSlug = Slug(host, Math.Min(MaxHostSlug, room / 2), "nohost");
        var alertSlug = Slug(alertName, room - hostSlug.Length, "alert");
        return alertSlug + "-" + hostSlug + tail;
    }

    private const int MaxHostSlug = 24;
    private const int ShortHashLength = 8;

    private static string ShortHash(string fingerprint)
    {
        var hex = fingerprint.Length >= ShortHashLength && fingerprint.AsSpan(0, ShortHashLength).ContainsAnyExcept(HexDigits) is false;
        return hex
            ? fingerprint[..ShortHashLength].ToLowerInvariant()
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)))[..ShortHashLength];
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    // Latin-1 letters with accents → their base letter (the hosts run with invariant globalization, so no Unicode
    // decomposition is available); every other non-ASCII character becomes a separator.
    private const string Latin1Accented = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿß";
    private const string Latin1Base = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyys";

    private static char Fold(char c)
    {
        var i = c < '\u00C0' ? -1 : Latin1Accented.IndexOf(c, StringComparison.Ordinal);
        return i < 0 ? c : Latin1Base[i];
    }

    private static string Slug(string text, int maxLength, string fallback)
    {
        var sb = new StringBuilder(maxLength);
        foreach (var raw in text ?? "")
        {
            if (sb.Length >= maxLength)
            {
                break;
            }
            var c = Fold(raw);
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }
        var slug = sb.ToString().TrimEnd('-');
        return slug.Length > 0 ? slug : fallback;
    }
}
