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
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);

    public static Regex CompilePattern(string pattern) =>
        new($@"\A(?:{pattern})\z", RegexOptions.CultureInvariant, RegexTimeout);

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
