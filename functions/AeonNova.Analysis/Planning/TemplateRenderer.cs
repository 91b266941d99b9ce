using System.Text;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Planning;

/// <summary>
/// Replaces {{name}} placeholders. In scripts every value becomes one quoted literal word
/// (<see cref="ScriptQuoting"/>), integers (digits only, already validated) stand bare; in prose the value is
/// inserted as is (it passed its pattern). A placeholder without a value is an error, never an empty string.
/// </summary>
public static class TemplateRenderer
{
    public static string RenderScript(string template, IReadOnlyDictionary<string, string> values,
        IReadOnlyCollection<RunbookParameter> parameters, ScriptLanguage language)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(parameters);
        return Render(template, values, name =>
        {
            var value = values[name];
            var isInteger = parameters.Any(p => p.Name == name && p.Type == "integer") && value.All(char.IsAsciiDigit);
            return isInteger ? value : ScriptQuoting.Quote(value, language);
        });
    }

    public static string RenderText(string template, IReadOnlyDictionary<string, string> values) =>
        Render(template, values, name => values[name]);

    private static string Render(string template, IReadOnlyDictionary<string, string> values, Func<string, string> format)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!template.Contains("{{", StringComparison.Ordinal))
        {
            return template;
        }
        var sb = new StringBuilder(template.Length + 64);
        var last = 0;
        foreach (System.Text.RegularExpressions.Match m in RunbookLoader.PlaceholderPattern().Matches(template))
        {
            var name = m.Groups[1].Value;
            if (!values.ContainsKey(name))
            {
                throw new InvalidOperationException($"template placeholder '{name}' has no value");
            }
            sb.Append(template, last, m.Index - last).Append(format(name));
            last = m.Index + m.Length;
        }
        return sb.Append(template, last, template.Length - last).ToString();
    }
}
