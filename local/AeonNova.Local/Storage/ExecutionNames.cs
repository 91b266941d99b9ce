using System.Text;

namespace AeonNova.Local.Storage;

/// <summary>Execution names follow Step Functions' rules (1–80 of A-Z a-z 0-9 - _), derived from the first alert's id.</summary>
public static class ExecutionNames
{
    public static string ForAlert(string alertId)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        var builder = new StringBuilder("ex-", 80);
        foreach (var c in alertId)
        {
            if (builder.Length == 80)
            {
                break;
            }
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }
        return builder.ToString();
    }
}
