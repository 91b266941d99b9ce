using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AeonNova.Core.Auth;

/// <summary>
/// Pure webhook credential checks. Every comparison is constant-time (<see cref="CryptographicOperations.FixedTimeEquals"/>
/// over fixed-size digests, so lengths do not leak either) and every active secret is tried.
/// </summary>
public static class WebhookVerifiers
{
    /// <summary><c>Authorization: Bearer &lt;token&gt;</c> against the active tokens.</summary>
    public static WebhookAuthResult Bearer(string? authorization, IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return WebhookAuthResult.Missing("Authorization header is missing");
        }
        if (!TrySplitScheme(authorization, "Bearer", out var token))
        {
            return WebhookAuthResult.Invalid("Authorization header is not a Bearer credential");
        }
        return MatchesAny(token, tokens)
            ? WebhookAuthResult.Ok("bearer token matches an active token")
            : WebhookAuthResult.Invalid("bearer token does not match any active token");
    }

    /// <summary><c>Authorization: Basic base64(user:password)</c> against the user name and the active passwords.</summary>
    public static WebhookAuthResult Basic(string? authorization, string username, IReadOnlyList<string> passwords)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(passwords);
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return WebhookAuthResult.Missing("Authorization header is missing");
        }
        if (!TrySplitScheme(authorization, "Basic", out var encoded))
        {
            return WebhookAuthResult.Invalid("Authorization header is not a Basic credential");
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return WebhookAuthResult.Invalid("Basic credential is not valid base64");
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return WebhookAuthResult.Invalid("Basic credential has no user:password separator");
        }
        var userOk = MatchesAny(decoded[..colon], [username]);
        var passwordOk = MatchesAny(decoded[(colon + 1)..], passwords);
        return userOk & passwordOk
            ? WebhookAuthResult.Ok("basic credential matches")
            : WebhookAuthResult.Invalid("basic user name or password does not match");
    }

    /// <summary>A custom header carrying a shared secret (e.g. a Datadog webhook custom header).</summary>
    public static WebhookAuthResult SharedSecret(string headerName, string? value, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(value))
        {
            return WebhookAuthResult.Missing($"{headerName} header is missing");
        }
        return MatchesAny(value.Trim(), secrets)
            ? WebhookAuthResult.Ok($"{headerName} matches an active secret")
            : WebhookAuthResult.Invalid($"{headerName} does not match any active secret");
    }

    /// <summary>
    /// PagerDuty v3: <c>X-PagerDuty-Signature: v1=&lt;hex&gt;,v1=&lt;hex&gt;</c>, each an HMAC-SHA256 of the raw body with one
    /// of the subscription's secrets (several during rotation). Valid when any listed signature matches any active secret.
    /// </summary>
    public static WebhookAuthResult PagerDutySignature(string? header, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrWhiteSpace(header))
        {
            return WebhookAuthResult.Missing("X-PagerDuty-Signature header is missing");
        }
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("v1=", StringComparison.Ordinal) && TryHex(part.AsSpan(3), out var signature))
            {
                signatures.Add(signature);
            }
        }
        if (signatures.Count == 0)
        {
            return WebhookAuthResult.Invalid("X-PagerDuty-Signature has no well-formed v1= signature");
        }
        var ok = false;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var secret in secrets)
        {
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
            foreach (var signature in signatures)
            {
                ok |= CryptographicOperations.FixedTimeEquals(expected, signature);
            }
        }
        return ok
            ? WebhookAuthResult.Ok("a v1 signature matches an active secret")
            : WebhookAuthResult.Invalid("no v1 signature matches the body with an active secret");
    }

    /// <summary>
    /// Grafana HMAC: hex HMAC-SHA256 of the body, or of <c>timestamp + ":" + body</c> when the contact point sets a
    /// timestamp header (Unix seconds); then the timestamp must lie within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// Pass <paramref name="timestampHeaderName"/> null when no timestamp header is configured.
    /// </summary>
    public static WebhookAuthResult GrafanaSignature(string headerName, string? signatureHeader, string? timestampHeaderName,
        string? timestamp, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return WebhookAuthResult.Missing($"{headerName} header is missing");
        }
        if (!TryHex(signatureHeader.Trim().AsSpan(), out var signature))
        {
            return WebhookAuthResult.Invalid($"{headerName} is not a hex HMAC-SHA256");
        }
        byte[]? prefix = null;
        if (timestampHeaderName is not null)
        {
            if (string.IsNullOrWhiteSpace(timestamp))
            {
                return WebhookAuthResult.Missing($"{timestampHeaderName} header is missing");
            }
            if (!long.TryParse(timestamp.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return WebhookAuthResult.Invalid($"{timestampHeaderName} is not a Unix timestamp");
            }
            var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
            if (age.Duration() > tolerance)
            {
                return WebhookAuthResult.Invalid($"{timestampHeaderName} is {(long)age.TotalSeconds} s from now, outside the {(long)tolerance.TotalSeconds} s tolerance");
            }
            prefix = Encoding.ASCII.GetBytes(timestamp.Trim() + ":");
        }
        var ok = false;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var secret in secrets)
        {
            Hmac(secret, prefix, body, expected);
            ok |= CryptographicOperations.FixedTimeEquals(expected, signature);
        }
        return ok
            ? WebhookAuthResult.Ok("signature matches an active secret")
            : WebhookAuthResult.Invalid($"{headerName} does not match the body with an active secret");
    }

    /// <summary>Hex HMAC-SHA256 as a sender computes it (used by tests and by local tools that sign requests).</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body, string? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hmac(secret, timestamp is null ? null : Encoding.ASCII.GetBytes(timestamp + ":"), body, mac);
        return Convert.ToHexStringLower(mac);
    }

    private static void Hmac(string secret, byte[]? prefix, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        if (prefix is null)
        {
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, destination);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(prefix.Length + body.Length);
        try
        {
            prefix.CopyTo(buffer, 0);
            body.CopyTo(buffer.AsSpan(prefix.Length));
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), buffer.AsSpan(0, prefix.Length + body.Length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Compares SHA-256 digests so that neither content nor length of the secrets leaks through timing.</summary>
    private static bool MatchesAny(string presented, IReadOnlyList<string> secrets)
    {
        Span<byte> presentedDigest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> secretDigest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), presentedDigest);
        var ok = false;
        foreach (var secret in secrets)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(secret), secretDigest);
            ok |= CryptographicOperations.FixedTimeEquals(presentedDigest, secretDigest);
        }
        return ok;
    }

    private static bool TrySplitScheme(string authorization, string scheme, out string credential)
    {
        var text = authorization.Trim();
        if (text.Length > scheme.Length + 1 && text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && text[scheme.Length] == ' ')
        {
            credential = text[(scheme.Length + 1)..].Trim();
            return credential.Length > 0;
        }
        credential = "";
        return false;
    }

    private static bool TryHex(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != HMACSHA256.HashSizeInBytes * 2)
        {
            return false;
        }
        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
