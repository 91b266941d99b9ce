using System.Text.RegularExpressions;

namespace AeonNova.Analysis.Planning;

/// <summary>
/// The checks every parameter value passes before it is quoted into a script: bounded length, no control
/// characters, a full match of the runbook's pattern (anchored with \A…\z, so a trailing newline cannot slip
/// past '$'), and digits only for integers.
/// </summary>
public static class ParameterRules
{
    public const int MaxValueLength = 256;

    public static Regex CompilePattern(string pattern) =>
        LinearRegex.Create($@"\A(?:{pattern})\z", RegexOptions.CultureInvariant);

    /// <summary>
    /// Words of alert prose that a loose pattern could take for a name ("service is not running" → "is"). A value
    /// that is one of them (case-insensitive) is never a service, unit, pool or path.
    /// </summary>
    private static readonly HashSet<string> PlainWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "cannot", "could", "did", "does", "down",
        "failed", "for", "from", "has", "have", "host", "if", "in", "is", "it", "its", "no", "not", "now", "of", "on",
        "or", "process", "running", "server", "service", "services", "so", "state", "status", "stopped", "the", "then",
        "there", "this", "that", "to", "unit", "up", "was", "were", "will", "with", "windows", "linux", "alert", "error",
    };

    public static bool IsPlainWord(string value) => PlainWords.Contains((value ?? throw new ArgumentNullException(nameof(value))).Trim());

    public static bool IsValid(Regex pattern, string type, string value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value.Length > MaxValueLength || value.Any(char.IsControl))
        {
            return false;
        }
        if (type == "integer" && !value.All(char.IsAsciiDigit))
        {
            return false;
        }
        try
        {
            return pattern.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
