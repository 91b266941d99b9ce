using System.Text;
using System.Text.RegularExpressions;
using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Planning.Intents;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AeonNova.Analysis.Runbooks;

/// <summary>
/// Reads one runbook: YAML front matter between "---" lines, then Markdown whose "## Diagnostics",
/// "## Remediation" and "## Verification" sections hold ```bash / ```powershell template blocks.
/// Every problem is reported as a <see cref="RunbookFormatException"/> naming file, line and field.
/// </summary>
public static partial class RunbookLoader
{
    private static readonly HashSet<string> KnownKeys =
        ["id", "title", "os", "risk", "intents", "technologies", "applies-to", "parameters", "settle-seconds"];
    private static readonly HashSet<string> KnownParameterKeys =
        ["name", "description", "from", "pattern", "default", "example", "required", "type"];
    private static readonly HashSet<string> KnownAppliesToKeys = ["alert-names", "labels", "keywords"];

    /// <param name="validator">
    /// When given, every rollback template is rendered with the parameters' examples and validated like a plan's
    /// script; a rollback the validator blocks rejects the runbook.
    /// </param>
    public static Runbook Parse(string text, string file, IScriptValidator? validator = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            throw new RunbookFormatException(file, 1, "front matter", "the file must start with a '---' line");
        }
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            throw new RunbookFormatException(file, 1, "front matter", "no closing '---' line");
        }
        var yaml = string.Join('\n', lines[1..end]);
        var root = ParseYaml(yaml, file);
        var bodyStartLine = end + 2;
        var body = string.Join('\n', lines[(end + 1)..]);

        var front = new FrontMatter(root, file);
        var id = front.RequiredString("id");
        if (!IdPattern().IsMatch(id))
        {
            throw new RunbookFormatException(file, front.Line("id"), "id", $"'{id}' is not kebab-case ([a-z0-9-])");
        }
        var expectedId = Path.GetFileNameWithoutExtension(file);
        if (file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !string.Equals(expectedId, id, StringComparison.Ordinal))
        {
            throw new RunbookFormatException(file, front.Line("id"), "id", $"'{id}' must equal the file name '{expectedId}'");
        }
        var os = front.StringList("os");
        if (os.Count == 0 || os.Any(o => o is not ("linux" or "windows")))
        {
            throw new RunbookFormatException(file, front.Line("os"), "os", "must list 'linux' and/or 'windows'");
        }
        var risk = front.RequiredString("risk");
        if (risk is not ("low" or "medium" or "high"))
        {
            throw new RunbookFormatException(file, front.Line("risk"), "risk", $"'{risk}' is not low, medium or high");
        }
        var intents = front.StringList("intents");
        foreach (var intent in intents)
        {
            if (!IntentRules.IsKnown(intent))
            {
                throw new RunbookFormatException(file, front.Line("intents"), "intents",
                    $"unknown intent '{intent}' (expected one of: {string.Join(", ", IntentRules.Keys)})");
            }
        }
        var technologies = front.StringList("technologies");
        foreach (var technology in technologies)
        {
            if (!TechnologyRules.IsKnown(technology))
            {
                throw new RunbookFormatException(file, front.Line("technologies"), "technologies",
                    $"unknown technology '{technology}' (expected one of: {string.Join(", ", TechnologyRules.Keys)})");
            }
        }
        var parameters = ParseParameters(front, file);
        var settleSeconds = ParseSettleSeconds(front, file);
        var sections = MarkdownSections.Parse(body, bodyStartLine, file);
        var scripts = new Dictionary<ScriptLanguage, RunbookScripts>();
        foreach (var osName in os)
        {
            var language = osName == "windows" ? ScriptLanguage.PowerShell : ScriptLanguage.Bash;
            var diagnostics = sections.Code("diagnostics", language);
            var verification = sections.Code("verification", language);
            if (diagnostics.Length == 0 || verification.Length == 0)
            {
                throw new RunbookFormatException(file, 0, $"{LanguageTag(language)} templates",
                    $"os '{osName}' needs ```{LanguageTag(language)} blocks under '## Diagnostics' and '## Verification'");
            }
            scripts[language] = new RunbookScripts
            {
                Diagnostics = diagnostics,
                Remediation = sections.Code("remediation", language),
                Verification = verification,
                Rollback = sections.Code("rollback", language),
            };
        }
        var noInverse = NoInverse(sections.Text("rollback"));
        foreach (var (language, templates) in scripts)
        {
            CheckRollback(templates, language, noInverse, file);
        }
        var declared = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (number, line) in sections.TemplateLines())
        {
            CheckPlaceholders(line, number, declared, file);
        }
        foreach (var step in sections.Steps)
        {
            CheckPlaceholders(step.Text, step.Line, declared, file, insideCode: false);
        }

        var runbook = new Runbook
        {
            Id = id,
            Title = front.RequiredString("title"),
            Summary = sections.Summary,
            Os = os,
            Risk = risk,
            Intents = intents,
            Technologies = technologies,
            AppliesTo = ParseAppliesTo(front, file),
            Parameters = parameters,
            Steps = [.. sections.Steps.Select(s => s.Text)],
            Scripts = scripts,
            Rollback = sections.Text("rollback"),
            NoInverse = noInverse,
            SettleSeconds = settleSeconds,
            Body = body.Trim(),
            SourcePath = file,
        };
        if (validator is not null)
        {
            ValidateRollbacks(runbook, validator);
        }
        return runbook;
    }

    /// <summary>The text after "No inverse:" in the rollback notes (the reason), or empty.</summary>
    private static string NoInverse(string notes)
    {
        const string Prefix = "No inverse:";
        var at = notes.IndexOf(Prefix, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return "";
        }
        var reason = notes[(at + Prefix.Length)..].Trim();
        var end = reason.IndexOf("\n\n", StringComparison.Ordinal);
        return (end < 0 ? reason : reason[..end]).Replace('\n', ' ').Trim();
    }

    /// <summary>
    /// A remediation either has a rollback template or the runbook says why none exists. A rollback reads the snapshot
    /// the remediation recorded (both use $AEONNOVA_STATE_DIR, which only the planner sets) and prints its own check.
    /// </summary>
    private static void CheckRollback(RunbookScripts templates, ScriptLanguage language, string noInverse, string file)
    {
        var field = $"## Rollback ({LanguageTag(language)})";
        if (templates.Rollback.Length == 0)
        {
            if (templates.Remediation.Length > 0 && noInverse.Length == 0)
            {
                throw new RunbookFormatException(file, 0, field,
                    $"the remediation needs a ```{LanguageTag(language)} rollback template under '## Rollback', or a line 'No inverse: <reason>'");
            }
            return;
        }
        if (templates.Remediation.Length == 0)
        {
            throw new RunbookFormatException(file, 0, field, "a rollback template without a remediation template has nothing to undo");
        }
        if (!ExecutionState.Uses(templates.Remediation) || !ExecutionState.Uses(templates.Rollback))
        {
            throw new RunbookFormatException(file, 0, field,
                $"the remediation must record its pre-change snapshot under ${ExecutionState.VariableName} and the rollback must read it from there");
        }
        if (ExecutionState.Assigns(templates.Remediation) || ExecutionState.Assigns(templates.Rollback))
        {
            throw new RunbookFormatException(file, 0, field, $"templates must not set ${ExecutionState.VariableName}: the planner sets it per execution");
        }
        if (!templates.Rollback.Contains(ExecutionState.RollbackMarker, StringComparison.Ordinal))
        {
            throw new RunbookFormatException(file, 0, field,
                $"the rollback must end with its own check printing {ExecutionState.RollbackMarker}ok or {ExecutionState.RollbackMarker}failed");
        }
    }

    /// <summary>Renders each rollback (and its remediation) with the parameters' examples, as the planner would, and validates it.</summary>
    private static void ValidateRollbacks(Runbook runbook, IScriptValidator validator)
    {
        var values = runbook.Parameters.ToDictionary(p => p.Name, p => p.Example ?? p.Default ?? "", StringComparer.Ordinal);
        foreach (var (language, templates) in runbook.Scripts)
        {
            if (templates.Rollback.Length == 0)
            {
                continue;
            }
            var plan = new RemediationPlan
            {
                Summary = runbook.Title,
                Diagnosis = "",
                Confidence = 1,
                Model = "runbook-loader",
                Script = new PlanScript { Language = language, Body = TemplateRenderer.RenderScript(templates.Remediation, values, runbook.Parameters, language) },
                RollbackScript = new PlanScript { Language = language, Body = TemplateRenderer.RenderScript(templates.Rollback, values, runbook.Parameters, language) },
            };
            var bound = ExecutionState.Bind(plan, "runbook-check");
            var report = validator.Validate(bound.RollbackScript!.Body, language, new ValidationContext { File = $"{runbook.Id} rollback" });
            if (report.Verdict == SafetyVerdict.Block)
            {
                var findings = string.Join("; ", report.Findings.Where(f => f.Severity == FindingSeverity.Block).Select(f => $"{f.RuleId} line {f.Line}: {f.Message}"));
                throw new RunbookFormatException(runbook.SourcePath, 0, $"## Rollback ({LanguageTag(language)})",
                    $"the validator blocks the rollback template: {findings}");
            }
        }
    }

    // Same bounds as serve's workflow.settleSeconds: 0 (act at once) to one day.
    private static int? ParseSettleSeconds(FrontMatter front, string file)
    {
        var text = front.OptionalString("settle-seconds");
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds > 86400)
        {
            throw new RunbookFormatException(file, front.Line("settle-seconds"), "settle-seconds", $"'{text}' is not a whole number of seconds from 0 to 86400");
        }
        return seconds;
    }

    public static string LanguageTag(ScriptLanguage language) => language == ScriptLanguage.PowerShell ? "powershell" : "bash";

    private static YamlMappingNode ParseYaml(string yaml, string file)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                throw new RunbookFormatException(file, 2, "front matter", "must be one YAML mapping");
            }
            return map;
        }
        catch (YamlException ex)
        {
            // YAML lines count from the line after the opening '---'.
            throw new RunbookFormatException(file, (int)ex.Start.Line + 1, "front matter", $"invalid YAML: {ex.Message}");
        }
    }

    private static List<RunbookParameter> ParseParameters(FrontMatter front, string file)
    {
        var result = new List<RunbookParameter>();
        if (front.Node("parameters") is not { } node)
        {
            return result;
        }
        if (node is not YamlSequenceNode sequence)
        {
            throw new RunbookFormatException(file, Line(node), "parameters", "must be a list");
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var field = $"parameters[{i}]";
            if (sequence.Children[i] is not YamlMappingNode map)
            {
                throw new RunbookFormatException(file, Line(sequence.Children[i]), field, "must be a mapping");
            }
            var p = new FrontMatter(map, file, field, KnownParameterKeys);
            var name = p.RequiredString("name");
            if (!ParameterNamePattern().IsMatch(name))
            {
                throw new RunbookFormatException(file, p.Line("name"), $"{field}.name", $"'{name}' must match [a-z][a-z0-9_]*");
            }
            if (result.Any(r => r.Name == name))
            {
                throw new RunbookFormatException(file, p.Line("name"), $"{field}.name", $"duplicate parameter '{name}'");
            }
            var pattern = p.RequiredString("pattern");
            Regex regex;
            try
            {
                regex = ParameterRules.CompilePattern(pattern);
            }
            catch (ArgumentException ex)
            {
                throw new RunbookFormatException(file, p.Line("pattern"), $"{field}.pattern", $"invalid regular expression: {ex.Message}");
            }
            var type = p.OptionalString("type") ?? "string";
            if (type is not ("string" or "integer"))
            {
                throw new RunbookFormatException(file, p.Line("type"), $"{field}.type", $"'{type}' is not string or integer");
            }
            var from = p.StringList("from");
            if (from.Count == 0)
            {
                throw new RunbookFormatException(file, p.Line("from"), $"{field}.from", "list at least one alert field to extract from");
            }
            var sources = new List<AlertFieldSource>(from.Count);
            foreach (var source in from)
            {
                try
                {
                    // Parameters of one runbook often list the same sources: each distinct one is compiled once.
                    sources.Add(result.SelectMany(r => r.Sources ?? []).FirstOrDefault(s => s.Text == source) ?? AlertFieldSource.Parse(source));
                }
                catch (FormatException ex)
                {
                    throw new RunbookFormatException(file, p.Line("from"), $"{field}.from", ex.Message);
                }
            }
            var defaultValue = p.OptionalString("default");
            if (defaultValue is not null && !ParameterRules.IsValid(regex, type, defaultValue))
            {
                throw new RunbookFormatException(file, p.Line("default"), $"{field}.default", $"'{defaultValue}' does not match the parameter's pattern");
            }
            var example = p.OptionalString("example");
            if (example is not null && !ParameterRules.IsValid(regex, type, example))
            {
                throw new RunbookFormatException(file, p.Line("example"), $"{field}.example", $"'{example}' does not match the parameter's pattern");
            }
            if (example is null && defaultValue is null)
            {
                throw new RunbookFormatException(file, p.Line("name"), $"{field}.example", "a parameter without a default needs an example (documentation and the safety test use it)");
            }
            var required = p.OptionalBool("required") ?? true;
            if (!required && defaultValue is null)
            {
                throw new RunbookFormatException(file, p.Line("name"), $"{field}.default", "an optional parameter needs a default");
            }
            result.Add(new RunbookParameter
            {
                Name = name,
                Description = p.OptionalString("description") ?? "",
                From = from,
                Pattern = pattern,
                CompiledPattern = regex,
                Sources = sources,
                Default = defaultValue,
                Example = example,
                Required = required,
                Type = type,
            });
        }
        return result;
    }

    private static RunbookAppliesTo ParseAppliesTo(FrontMatter front, string file)
    {
        if (front.Node("applies-to") is not YamlMappingNode map)
        {
            throw new RunbookFormatException(file, front.Line("applies-to"), "applies-to", "required mapping with alert-names, labels and/or keywords");
        }
        var a = new FrontMatter(map, file, "applies-to", KnownAppliesToKeys);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (a.Node("labels") is { } labelsNode)
        {
            if (labelsNode is not YamlMappingNode labelMap)
            {
                throw new RunbookFormatException(file, Line(labelsNode), "applies-to.labels", "must be a mapping of label → glob");
            }
            foreach (var (key, value) in labelMap.Children)
            {
                if (value is not YamlScalarNode scalar || string.IsNullOrEmpty(scalar.Value))
                {
                    throw new RunbookFormatException(file, Line(value), $"applies-to.labels.{key}", "must be a non-empty glob");
                }
                labels[((YamlScalarNode)key).Value ?? ""] = scalar.Value;
            }
        }
        var result = new RunbookAppliesTo
        {
            AlertNames = a.StringList("alert-names"),
            Labels = labels,
            Keywords = a.StringList("keywords"),
        };
        if (result.AlertNames.Count == 0 && result.Labels.Count == 0 && result.Keywords.Count == 0)
        {
            throw new RunbookFormatException(file, front.Line("applies-to"), "applies-to", "give at least one alert name, label or keyword");
        }
        return result;
    }

    private static void CheckPlaceholders(string line, int number, HashSet<string> declared, string file, bool insideCode = true)
    {
        foreach (Match m in PlaceholderPattern().Matches(line))
        {
            var name = m.Groups[1].Value;
            if (!declared.Contains(name))
            {
                throw new RunbookFormatException(file, number, "template", $"placeholder '{{{{{name}}}}}' names no declared parameter");
            }
            if (insideCode && m.Index > 0 && line[m.Index - 1] is '\'' or '"' or '`' or '$' or '\\')
            {
                throw new RunbookFormatException(file, number, "template",
                    $"placeholder '{{{{{name}}}}}' must stand unquoted: the renderer quotes every value itself");
            }
        }
        var stripped = PlaceholderPattern().Replace(line, "");
        if (stripped.Contains("{{", StringComparison.Ordinal) || stripped.Contains("}}", StringComparison.Ordinal))
        {
            throw new RunbookFormatException(file, number, "template", "malformed placeholder: use {{name}}");
        }
    }

    internal static int Line(YamlNode node) => (int)node.Start.Line + 1;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex ParameterNamePattern();

    /// <summary>{{ name }}: the only template syntax.</summary>
    [GeneratedRegex(@"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")]
    internal static partial Regex PlaceholderPattern();

    /// <summary>Typed access to one YAML mapping with unknown-key detection.</summary>
    private sealed class FrontMatter
    {
        private readonly YamlMappingNode _map;
        private readonly string _file;
        private readonly string _prefix;

        public FrontMatter(YamlMappingNode map, string file, string prefix = "", HashSet<string>? known = null)
        {
            _map = map;
            _file = file;
            _prefix = prefix.Length == 0 ? "" : prefix + ".";
            known ??= KnownKeys;
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!known.Contains(name))
                {
                    throw new RunbookFormatException(file, RunbookLoader.Line(key), _prefix + name,
                        $"unknown key (expected one of: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
                }
            }
        }

        public YamlNode? Node(string key) =>
            _map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        public int Line(string key) => Node(key) is { } n ? RunbookLoader.Line(n) : RunbookLoader.Line(_map);

        public string RequiredString(string key) =>
            OptionalString(key) is { Length: > 0 } s
                ? s
                : throw new RunbookFormatException(_file, Line(key), _prefix + key, "required non-empty text");

        public string? OptionalString(string key) => Node(key) switch
        {
            null => null,
            YamlScalarNode scalar => scalar.Value,
            var other => throw new RunbookFormatException(_file, RunbookLoader.Line(other), _prefix + key, "must be text"),
        };

        public bool? OptionalBool(string key) => OptionalString(key) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            var s => throw new RunbookFormatException(_file, Line(key), _prefix + key, $"'{s}' is not true or false"),
        };

        public IReadOnlyList<string> StringList(string key) => Node(key) switch
        {
            null => [],
            YamlScalarNode scalar when !string.IsNullOrEmpty(scalar.Value) => [scalar.Value],
            YamlSequenceNode seq => [.. seq.Children.Select(c => c is YamlScalarNode { Value: { Length: > 0 } v }
                ? v
                : throw new RunbookFormatException(_file, RunbookLoader.Line(c), _prefix + key, "list items must be non-empty text"))],
            var other => throw new RunbookFormatException(_file, RunbookLoader.Line(other), _prefix + key, "must be a list of text"),
        };
    }
}
