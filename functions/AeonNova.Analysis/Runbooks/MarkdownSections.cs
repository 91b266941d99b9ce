using System.Text;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Runbooks;

/// <summary>
/// The small part of Markdown a runbook needs: "## " sections, fenced code blocks tagged bash/sh or
/// powershell/pwsh, and the list items of "## Steps". Line numbers are kept for error messages.
/// </summary>
internal sealed class MarkdownSections
{
    private static readonly string[] TemplateSections = ["diagnostics", "remediation", "verification", "rollback"];

    private readonly Dictionary<string, Section> _sections = new(StringComparer.OrdinalIgnoreCase);

    private MarkdownSections(string summary) => Summary = summary;

    public string Summary { get; }

    public List<(string Text, int Line)> Steps { get; } = [];

    public static MarkdownSections Parse(string body, int firstLine, string file)
    {
        var lines = body.Split('\n');
        var summary = new StringBuilder();
        Section? current = null;
        CodeBlock? code = null;
        var sections = new List<Section>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = firstLine + i;
            var trimmed = line.TrimStart();
            if (code is not null)
            {
                if (trimmed.StartsWith("```", StringComparison.Ordinal))
                {
                    current?.Blocks.Add(code);
                    code = null;
                }
                else
                {
                    code.Lines.Add((line, number));
                }
                continue;
            }
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                var tag = trimmed[3..].Trim().ToLowerInvariant();
                ScriptLanguage? language = tag switch
                {
                    "bash" or "sh" => ScriptLanguage.Bash,
                    "powershell" or "pwsh" or "ps1" => ScriptLanguage.PowerShell,
                    _ => null,
                };
                if (language is null && current is not null && TemplateSections.Contains(current.Name.ToLowerInvariant()))
                {
                    throw new RunbookFormatException(file, number, $"## {current.Name}",
                        $"code block tag '{tag}' is not bash or powershell");
                }
                code = new CodeBlock(language);
                continue;
            }
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = new Section(line[3..].Trim());
                if (sections.Any(s => string.Equals(s.Name, current.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new RunbookFormatException(file, number, $"## {current.Name}", "section appears twice");
                }
                sections.Add(current);
                continue;
            }
            if (current is null)
            {
                if (!line.StartsWith("# ", StringComparison.Ordinal))
                {
                    summary.Append(line.Trim()).Append(' ');
                }
                continue;
            }
            current.Text.Append(line).Append('\n');
            current.TextLines.Add((line, number));
        }
        if (code is not null)
        {
            throw new RunbookFormatException(file, firstLine + lines.Length - 1, "markdown", "unclosed ``` code block");
        }
        var result = new MarkdownSections(summary.ToString().Trim());
        foreach (var section in sections)
        {
            result._sections[section.Name] = section;
        }
        if (result._sections.TryGetValue("steps", out var steps))
        {
            foreach (var (text, number) in steps.TextLines)
            {
                var item = ListItemText(text);
                if (item is not null)
                {
                    result.Steps.Add((item, number));
                }
            }
        }
        return result;
    }

    public string Code(string section, ScriptLanguage language)
    {
        if (!_sections.TryGetValue(section, out var s))
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var block in s.Blocks.Where(b => b.Language == language))
        {
            foreach (var (line, _) in block.Lines)
            {
                text.Append(line.TrimEnd()).Append('\n');
            }
        }
        return text.ToString().Trim('\n');
    }

    public string Text(string section) =>
        _sections.TryGetValue(section, out var s) ? s.Text.ToString().Trim() : "";

    public IEnumerable<(int Line, string Text)> TemplateLines()
    {
        foreach (var name in TemplateSections)
        {
            if (_sections.TryGetValue(name, out var s))
            {
                foreach (var block in s.Blocks)
                {
                    foreach (var (line, number) in block.Lines)
                    {
                        yield return (number, line);
                    }
                }
            }
        }
    }

    private static string? ListItemText(string line)
    {
        var t = line.Trim();
        if (t.StartsWith("- ", StringComparison.Ordinal) || t.StartsWith("* ", StringComparison.Ordinal))
        {
            return t[2..].Trim();
        }
        var dot = t.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 && t[..dot].All(char.IsAsciiDigit) ? t[(dot + 2)..].Trim() : null;
    }

    private sealed class Section(string name)
    {
        public string Name { get; } = name;
        public StringBuilder Text { get; } = new();
        public List<(string Line, int Number)> TextLines { get; } = [];
        public List<CodeBlock> Blocks { get; } = [];
    }

    private sealed class CodeBlock(ScriptLanguage? language)
    {
        public ScriptLanguage? Language { get; } = language;
        public List<(string Line, int Number)> Lines { get; } = [];
    }
}
