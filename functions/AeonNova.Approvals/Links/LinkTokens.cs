using System.Security.Cryptography;
using System.Text;

namespace AeonNova.Approvals.Links;

/// <summary>
/// One-time link tokens: 256 random bits, base64url in the URL, stored only as a SHA-256 that also covers the
/// approval id and the approver's email, so a token is worthless for any other approval or person.
/// </summary>
public static class LinkTokens
{
    public const int TokenBytes = 32;
    /// <summary>Length of a base64url token of 32 bytes without padding.</summary>
    public const int TokenLength = 43;
    public const int ApprovalIdLength = 32;
    private const string Domain = "aeonnova-approval-link/v1";

    public static string NewToken(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[TokenBytes];
        random.Fill(bytes);
        return Base64Url(bytes);
    }

    /// <summary>128-bit random approval id, lowercase hex.</summary>
    public static string NewApprovalId(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[16];
        random.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static string Hash(string approvalId, string approverEmail, string token)
    {
        ArgumentNullException.ThrowIfNull(approvalId);
        ArgumentNullException.ThrowIfNull(approverEmail);
        ArgumentNullException.ThrowIfNull(token);
        var material = $"{Domain}\n{approvalId}\n{approverEmail.ToUpperInvariant()}\n{token}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    /// <summary>Constant-time comparison of the presented token against one stored link hash.</summary>
    public static bool Matches(string approvalId, ApprovalLink link, string token)
    {
        ArgumentNullException.ThrowIfNull(link);
        var expected = Encoding.ASCII.GetBytes(link.TokenHash);
        var actual = Encoding.ASCII.GetBytes(Hash(approvalId, link.Approver.Email, token));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Cheap shape check before any lookup: 43 base64url characters.</summary>
    public static bool IsWellFormedToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool IsWellFormedApprovalId(string? id) =>
        id is { Length: ApprovalIdLength } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>Lowercase hex SHA-256 of the UTF-8 script: what the page shows and the form sends back.</summary>
    public static string ScriptSha256(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
    }

    /// <summary>Constant-time equality of two ASCII strings (hashes, CSRF values).</summary>
    public static bool FixedTimeEquals(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
