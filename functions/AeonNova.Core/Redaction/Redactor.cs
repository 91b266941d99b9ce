using System.Text.RegularExpressions;

namespace AeonNova.Core.Redaction;

/// <summary>The redacted text and how many secrets of each kind were replaced.</summary>
public sealed record RedactionResult(string Text, IReadOnlyDictionary<string, int> Counts)
{
    public int Total => Counts.Values.Sum();
}

/// <summary>
/// Removes secrets before any text leaves the process (prompts, audit copies of prompts). Rules run in order,
/// most specific first: private keys, JWTs, Authorization headers / bearer tokens, AWS access key ids and
/// secret keys, GitHub and Slack tokens, passwords in URLs, connection-string passwords, then generic
/// "secret-ish key = value" pairs. Replacements say what was removed ("[REDACTED:jwt]") so a model still
/// understands the text. Stateless and thread-safe.
/// </summary>
public static partial class Redactor
{
    private sealed record Rule(string Kind, Func<Regex> Pattern, string Replacement);

    private static readonly Rule[] Rules =
    [
        new("private-key", PrivateKey, "[REDACTED:private-key]"),
        new("jwt", Jwt, "[REDACTED:jwt]"),
        new("authorization-header", AuthorizationHeader, "${name}${sep}[REDACTED:credentials]"),
        new("bearer-token", BearerToken, "${scheme} [REDACTED:token]"),
        new("aws-access-key-id", AwsAccessKeyId, "[REDACTED:aws-access-key-id]"),
        new("aws-secret-access-key", AwsSecretKeyAssignment, "${key}${sep}[REDACTED:aws-secret-access-key]"),
        new("aws-secret-access-key", AwsSecretKeyShape, "[REDACTED:aws-secret-access-key]"),
        new("github-token", GitHubToken, "[REDACTED:github-token]"),
        new("slack-token", SlackToken, "[REDACTED:slack-token]"),
        new("url-password", UrlPassword, "${scheme}${user}:[REDACTED]@"),
        new("connection-string-password", ConnectionStringPassword, "${key}=[REDACTED]"),
        new("secret-assignment", SecretAssignment, "${key}${sep}[REDACTED]"),
    ];

    public static RedactionResult Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new RedactionResult(text ?? "", new Dictionary<string, int>());
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            var pattern = rule.Pattern();
            if (!pattern.IsMatch(text))
            {
                continue; // the common case: no allocation for a rule that finds nothing
            }
            var n = 0;
            text = pattern.Replace(text, m =>
            {
                n++;
                return m.Result(rule.Replacement);
            });
            if (n > 0)
            {
                counts[rule.Kind] = counts.GetValueOrDefault(rule.Kind) + n;
            }
        }
        return new RedactionResult(text, counts);
    }

    /// <summary>Redacted text only.</summary>
    public static string RedactText(string? text) => Redact(text).Text;

    // An unterminated key block (truncated alert text) is redacted to the end of the text.
    [GeneratedRegex(@"-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\z)")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?<name>\b(?:proxy-)?authorization)(?<sep>[""']?\s*[:=]\s*[""']?)(?!\[REDACTED)[^\r\n""']+", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationHeader();

    // The token must hold a digit or symbol, so prose such as "basic authentication" stays.
    [GeneratedRegex(@"(?<scheme>\b(?:bearer|basic))\s+(?!\[REDACTED)(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{12,}", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|AKPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}\b")]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"(?<key>\b(?:aws_?)?secret_?access_?key|\baws_?secret(?:_?key)?)(?<sep>[""']?\s*[:=]\s*[""']?)[A-Za-z0-9/+=]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex AwsSecretKeyAssignment();

    // 40 base64 characters with both cases and a digit, standing alone: the shape of an AWS secret key
    // (plain hex such as a git SHA has no upper case and is left alone).
    [GeneratedRegex(@"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")]
    private static partial Regex AwsSecretKeyShape();

    [GeneratedRegex(@"\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?<user>[^\s:/@]*):(?!\[REDACTED)[^\s@/]+@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?<key>\b(?:password|pwd|passwd)\s*)=\s*(?:""[^""]*""|'[^']*'|(?!\[REDACTED)[^;\s""']+)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();

    [GeneratedRegex(@"(?<key>\b(?:api[_-]?key|apikey|x-api-key|secret|client[_-]?secret|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|passphrase|password|passwd|pwd|private[_-]?key)\b)(?<sep>[""']?\s*[:=]\s*[""']?)(?!\[REDACTED)[^\s""',;&]{3,}", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();
}
