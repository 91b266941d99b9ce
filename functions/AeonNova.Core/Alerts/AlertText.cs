using System.Text.RegularExpressions;

namespace AeonNova.Core.Alerts;

/// <summary>
/// Guards for reading values out of free alert text (titles, descriptions). Markup and code fragments are not
/// alert content: "&lt;/script&gt;" must not yield the path "/script", nor "`rm -rf /tmp`" the path "/tmp".
/// </summary>
public static partial class AlertText
{
    /// <summary>
    /// The text with markup tags (&lt;tag …&gt;, &lt;/tag&gt;, &lt;!-- … --&gt;), inline code spans (`…`), and shell
    /// substitutions ($(…), ${…}) replaced by a space each, so patterns run on the prose only.
    /// </summary>
    public static string WithoutMarkup(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny("<`$") < 0 ? text : Markup().Replace(text, " ");
    }

    [GeneratedRegex(@"<!--.*?-->|</?[A-Za-z][^<>]*>|`[^`]*`|\$\([^()]*\)|\$\{[^{}]*\}", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Markup();
}
