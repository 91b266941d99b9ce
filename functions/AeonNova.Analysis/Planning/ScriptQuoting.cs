using System.Text;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Planning;

/// <summary>
/// Turns a (validated) value into one literal word. Single quotes disable every expansion in both shells:
/// bash cannot escape inside them, so a quote closes, is escaped, and reopens ('\''); PowerShell doubles
/// a quote, and treats the typographic quotes U+2018–U+201B as quotes too, so those are doubled as well.
/// </summary>
public static class ScriptQuoting
{
    public static string Quote(string value, ScriptLanguage language) =>
        language == ScriptLanguage.PowerShell ? PowerShell(value) : Bash(value);

    public static string Bash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }

    public static string PowerShell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            sb.Append(c);
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                sb.Append(c);
            }
        }
        return sb.Append('\'').ToString();
    }
}
