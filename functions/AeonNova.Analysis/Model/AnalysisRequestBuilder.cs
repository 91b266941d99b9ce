using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Retrieval;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;
using AeonNova.Core.Redaction;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Model;

/// <summary>Caps applied to untrusted alert text before budgeting (characters).</summary>
public sealed record AnalysisRequestOptions
{
    public int TitleChars { get; init; } = 300;
    public int DescriptionChars { get; init; } = 2000;
    public int MaxLabels { get; init; } = 40;
    public int LabelValueChars { get; init; } = 200;
    public int AnnotationChars { get; init; } = 1000;
    public int MaxRunbooks { get; init; } = 3;
    public int MaxHistoryEntries { get; init; } = 10;
}

/// <summary>
/// Builds the model request for an alert: alert fields are redacted, capped and JSON-encoded (which also
/// escapes '&lt;' and '&gt;', so alert text cannot close the &lt;untrusted_alert_data&gt; delimiter), then the
/// token budget (model's MaxInputTokens) is filled in order of importance: system prompt and plan schema,
/// the alert (description shortened first if needed), the runbooks best-first (full, then compact, then
/// left out), and the host history most-recent-first. Thread-safe.
/// </summary>
public sealed class AnalysisRequestBuilder
{
    private static readonly JsonSerializerOptions PromptJson = new()
    {
        WriteIndented = true,
        // The default encoder escapes < > & ' + and non-ASCII: delimiters in alert text stay inert.
        Encoder = JavaScriptEncoder.Default,
    };

    private readonly ModelConfig _model;
    private readonly PromptTemplate _prompt;
    private readonly AnalysisRequestOptions _options;
    private readonly JsonNode _schema;

    public AnalysisRequestBuilder(ModelConfig model, PromptTemplate prompt, AnalysisRequestOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _prompt = prompt ?? throw new ArgumentNullException(nameof(prompt));
        _options = options ?? new AnalysisRequestOptions();
        _schema = JsonNode.Parse(prompt.PlanSchemaJson) ?? throw new ArgumentException("empty plan schema", nameof(prompt));
    }

    public static AnalysisRequestBuilder FromRegistry(ModelRegistry registry, string? modelId = null, AnalysisRequestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var model = registry.Model(modelId);
        return new AnalysisRequestBuilder(model, registry.PromptFor(model), options);
    }

    public AnalysisRequest Build(CanonicalAlert alert, IReadOnlyList<RunbookMatch> runbooks, HostHistory? hostHistory = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(runbooks);
        var language = BuiltinPlanner.LanguageFor(alert);
        var languageName = RunbookLoader.LanguageTag(language);
        var redactions = new Dictionary<string, int>(StringComparer.Ordinal);
        var truncations = new List<string>();

        var fixedTokens = TokenEstimator.Estimate(_prompt.SystemText)
            + TokenEstimator.Estimate(_prompt.UserTemplate)
            + TokenEstimator.Estimate(_prompt.PlanSchemaJson)
            + 50; // tool spec envelope and message framing
        // 5 % headroom: the pieces are estimated one by one, the assembled prompt adds indentation and framing.
        var budget = (_model.MaxInputTokens * 95 / 100) - fixedTokens;

        // The alert must go in; shrink its free text until it fits.
        var descriptionChars = _options.DescriptionChars;
        var annotationChars = _options.AnnotationChars;
        string alertJson;
        while (true)
        {
            alertJson = AlertJson(alert, descriptionChars, annotationChars, redactions, truncations);
            if (TokenEstimator.Estimate(alertJson) <= budget || descriptionChars <= 200)
            {
                break;
            }
            descriptionChars /= 2;
            annotationChars = Math.Max(100, annotationChars / 2);
            redactions.Clear();
            truncations.Clear();
            truncations.Add($"alert description and annotations shortened to {descriptionChars}/{annotationChars} characters to fit the token budget");
        }
        budget -= TokenEstimator.Estimate(alertJson);

        var included = new List<PromptPiece>();
        var runbookIds = new List<string>();
        foreach (var (match, rank) in runbooks.Take(_options.MaxRunbooks).Select((m, i) => (m, i)))
        {
            var texts = _runbookTexts.GetValue(match.Runbook, static r => new RunbookTexts(r));
            var (full, fullLength) = texts.For(language, compact: false, match.Score);
            var fullTokens = TokenEstimator.EstimateChars(fullLength);
            if (fullTokens <= budget)
            {
                included.Add(full);
                runbookIds.Add(match.Runbook.Id);
                budget -= fullTokens;
                continue;
            }
            var (compact, compactLength) = texts.For(language, compact: true, match.Score);
            var compactTokens = TokenEstimator.EstimateChars(compactLength);
            if (compactTokens <= budget)
            {
                included.Add(compact);
                runbookIds.Add(match.Runbook.Id);
                budget -= compactTokens;
                truncations.Add($"runbook {match.Runbook.Id} (rank {rank + 1}) sent without templates");
                continue;
            }
            truncations.Add($"runbook {match.Runbook.Id} (rank {rank + 1}) left out");
        }
        if (runbooks.Count > _options.MaxRunbooks)
        {
            truncations.Add($"{runbooks.Count - _options.MaxRunbooks} lower-ranked runbooks not sent");
        }

        var history = new List<PromptPiece>();
        var entries = hostHistory?.Entries.OrderByDescending(e => e.At).ToList() ?? [];
        foreach (var entry in entries.Take(_options.MaxHistoryEntries))
        {
            var node = new JsonObject
            {
                ["at"] = entry.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["runbookId"] = entry.RunbookId,
                ["outcome"] = entry.Outcome,
                ["summary"] = Clean(entry.Summary, 300, "history summary", redactions, truncations),
                ["alertTitle"] = Clean(entry.AlertTitle, 200, "history alert title", redactions, truncations),
            };
            var text = node.ToJsonString(PromptJson);
            var tokens = TokenEstimator.Estimate(text);
            if (tokens > budget)
            {
                truncations.Add($"{entries.Count - history.Count} older history entries left out");
                break;
            }
            history.Add(new PromptPiece(Nest(text)));
            budget -= tokens;
        }
        if (entries.Count > _options.MaxHistoryEntries && history.Count == _options.MaxHistoryEntries)
        {
            truncations.Add($"{entries.Count - history.Count} older history entries not sent");
        }

        var user = FillTemplate(_prompt.UserTemplate, languageName, alertJson, included, history);
        var estimated = TokenEstimator.Estimate(_prompt.SystemText) + TokenEstimator.Estimate(user)
            + TokenEstimator.Estimate(_prompt.PlanSchemaJson) + 50;

        return new AnalysisRequest
        {
            ModelId = _model.Id,
            PromptVersion = _prompt.Id,
            ToolName = _prompt.ToolName,
            SystemPrompt = _prompt.SystemText,
            UserPrompt = user,
            PlanSchemaJson = _prompt.PlanSchemaJson,
            Body = BedrockBody(_prompt.SystemText, user),
            Language = language,
            RunbookIds = runbookIds,
            EstimatedInputTokens = estimated,
            MaxOutputTokens = _model.MaxOutputTokens,
            Redactions = redactions,
            Truncations = truncations,
        };
    }

    /// <summary>
    /// amazon.nova-pro-v1:0 InvokeModel body (the Converse message shape): system and user text, inference
    /// settings, and one tool whose input schema is the plan, forced with toolChoice.tool.
    /// </summary>
    private JsonObject BedrockBody(string system, string user) => new()
    {
        ["schemaVersion"] = "messages-v1",
        ["system"] = new JsonArray(new JsonObject { ["text"] = system }),
        ["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["text"] = user }),
        }),
        ["inferenceConfig"] = new JsonObject
        {
            ["maxTokens"] = _model.MaxOutputTokens,
            ["temperature"] = _model.Temperature,
            ["topP"] = _model.TopP,
        },
        ["toolConfig"] = new JsonObject
        {
            ["tools"] = new JsonArray(new JsonObject
            {
                ["toolSpec"] = new JsonObject
                {
                    ["name"] = _prompt.ToolName,
                    ["description"] = "Submit the remediation plan for the alert. The only way to answer.",
                    ["inputSchema"] = new JsonObject { ["json"] = _schema.DeepClone() },
                },
            }),
            ["toolChoice"] = new JsonObject { ["tool"] = new JsonObject { ["name"] = _prompt.ToolName } },
        },
    };

    private string AlertJson(CanonicalAlert alert, int descriptionChars, int annotationChars,
        Dictionary<string, int> redactions, List<string> truncations)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in alert.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Take(_options.MaxLabels))
        {
            labels[Clean(key, 64, "label key", redactions, truncations)] = Clean(value, _options.LabelValueChars, $"label {key}", redactions, truncations);
        }
        if (alert.Labels.Count > _options.MaxLabels)
        {
            truncations.Add($"{alert.Labels.Count - _options.MaxLabels} labels left out");
        }
        var annotations = new JsonObject();
        foreach (var (key, value) in alert.Annotations.OrderBy(a => a.Key, StringComparer.Ordinal).Take(_options.MaxLabels))
        {
            annotations[Clean(key, 64, "annotation key", redactions, truncations)] = Clean(value, annotationChars, $"annotation {key}", redactions, truncations);
        }
        var node = new JsonObject
        {
            ["source"] = Clean(alert.Source, 40, "source", redactions, truncations),
            ["status"] = alert.Status == AlertStatus.Firing ? "firing" : "resolved",
            ["severity"] = alert.Severity.ToString().ToLowerInvariant(),
            ["title"] = Clean(alert.Title, _options.TitleChars, "title", redactions, truncations),
            ["description"] = Clean(alert.Description, descriptionChars, "description", redactions, truncations),
            ["host"] = Clean(alert.Host, 255, "host", redactions, truncations),
            ["service"] = Clean(alert.Service, 200, "service", redactions, truncations),
            ["environment"] = Clean(alert.Environment, 100, "environment", redactions, truncations),
            ["os"] = alert.Os.ToString().ToLowerInvariant(),
            ["labels"] = labels,
            ["annotations"] = annotations,
            ["startedAt"] = alert.StartedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["url"] = alert.Url is null ? null : Clean(alert.Url, 300, "url", redactions, truncations),
        };
        return node.ToJsonString(PromptJson);
    }

    /// <summary>
    /// A runbook as the prompt shows it (trusted text), serialized once per runbook, language and form: only the
    /// retrieval score differs between requests, so the text is kept in two parts around it.
    /// </summary>
    private sealed class RunbookTexts(Runbook runbook)
    {
        private const double Marker = 1234567.125; // exactly representable, never a real score
        private readonly Dictionary<(ScriptLanguage, bool), (string Before, string After, int Length)> _parts = [];
        private readonly Lock _gate = new();

        /// <summary>The runbook's text nested one level (as an array element) and its length when written at the top level.</summary>
        public (PromptPiece Nested, int Length) For(ScriptLanguage language, bool compact, double score)
        {
            (string Before, string After, int Length) parts;
            lock (_gate)
            {
                if (!_parts.TryGetValue((language, compact), out parts))
                {
                    var text = RunbookJson(runbook, language, compact, Marker).ToJsonString(PromptJson);
                    var marker = JsonValue.Create(Marker).ToJsonString();
                    var at = text.IndexOf(marker, StringComparison.Ordinal);
                    parts = (Nest(text[..at]), Nest(text[(at + marker.Length)..]), text.Length - marker.Length);
                    _parts[(language, compact)] = parts;
                }
            }
            var scoreText = JsonValue.Create(Math.Round(score, 3)).ToJsonString();
            return (new PromptPiece(parts.Before, scoreText, parts.After), parts.Length + scoreText.Length);
        }
    }

    /// <summary>Text made of up to three strings, appended in order (saves joining them first).</summary>
    private readonly record struct PromptPiece(string A, string B = "", string C = "")
    {
        public int Length => A.Length + B.Length + C.Length;

        public StringBuilder AppendTo(StringBuilder sb) => sb.Append(A).Append(B).Append(C);
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Runbook, RunbookTexts> _runbookTexts = new();

    private static JsonObject RunbookJson(Runbook r, ScriptLanguage language, bool compact, double score)
    {
        var node = new JsonObject
        {
            ["id"] = r.Id,
            ["title"] = r.Title,
            ["risk"] = r.Risk,
            ["retrievalScore"] = score,
            ["summary"] = r.Summary,
        };
        if (compact)
        {
            return node;
        }
        node["parameters"] = new JsonArray([.. r.Parameters.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["description"] = p.Description,
            ["pattern"] = p.Pattern,
            ["from"] = new JsonArray([.. p.From.Select(f => (JsonNode)JsonValue.Create(f))]),
        })]);
        node["steps"] = new JsonArray([.. r.Steps.Select(s => (JsonNode)JsonValue.Create(s))]);
        if (r.Scripts.TryGetValue(language, out var scripts))
        {
            node["diagnostics"] = scripts.Diagnostics;
            node["remediation"] = scripts.Remediation;
            node["verification"] = scripts.Verification;
        }
        node["rollback"] = r.Rollback;
        return node;
    }

    /// <summary>
    /// Indented JSON text written at the top level, re-indented to sit one level deeper (as an array element): JSON
    /// text has no raw line breaks inside strings, so indenting every line by two spaces nests it exactly.
    /// </summary>
    private static string Nest(string text) => text.Replace(IndentedNewLine, IndentedNewLine + "  ", StringComparison.Ordinal);

    /// <summary>The indented JSON array of nested elements (see <see cref="Nest"/>), exactly as the serializer writes it.</summary>
    private static void AppendIndentedArray(StringBuilder sb, IReadOnlyList<PromptPiece> nestedElements)
    {
        if (nestedElements.Count == 0)
        {
            sb.Append("[]");
            return;
        }
        sb.Append('[');
        for (var i = 0; i < nestedElements.Count; i++)
        {
            nestedElements[i].AppendTo(sb.Append(i > 0 ? "," : "").Append(IndentedNewLine).Append("  "));
        }
        sb.Append(IndentedNewLine).Append(']');
    }

    private static int IndentedArrayLength(IReadOnlyList<PromptPiece> nestedElements)
    {
        var length = 4 + (nestedElements.Count * (IndentedNewLine.Length + 3));
        foreach (var element in nestedElements) { length += element.Length; }
        return length;
    }

    private static readonly string IndentedNewLine = PromptJson.NewLine;

    /// <summary>One pass over the template instead of one copy per placeholder.</summary>
    private static string FillTemplate(string template, string language, string alert, IReadOnlyList<PromptPiece> runbooks, IReadOnlyList<PromptPiece> history)
    {
        var sb = new StringBuilder(template.Length + alert.Length + IndentedArrayLength(runbooks) + IndentedArrayLength(history));
        var at = 0;
        while (true)
        {
            var open = template.IndexOf("{{", at, StringComparison.Ordinal);
            var close = open < 0 ? -1 : template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return sb.Append(template, at, template.Length - at).ToString();
            }
            var name = template.AsSpan(open + 2, close - open - 2);
            if (name is "language" or "alert" or "runbooks" or "history")
            {
                sb.Append(template, at, open - at);
                switch (name)
                {
                    case "language": sb.Append(language); break;
                    case "alert": sb.Append(alert); break;
                    case "runbooks": AppendIndentedArray(sb, runbooks); break;
                    default: AppendIndentedArray(sb, history); break;
                }
            }
            else
            {
                sb.Append(template, at, close + 2 - at); // not ours: kept as written
            }
            at = close + 2;
        }
    }

    /// <summary>Control characters other than line feed and tab become spaces (the text itself when it has none).</summary>
    private static string WithoutControls(string text)
    {
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsStrippedControl(text[i])) { first = i; break; }
        }
        if (first < 0)
        {
            return text;
        }
        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            for (var i = state.first; i < span.Length; i++)
            {
                if (IsStrippedControl(span[i])) { span[i] = ' '; }
            }
        });
    }

    private static bool IsStrippedControl(char c) => c is not ('\n' or '\t') && char.IsControl(c);

    /// <summary>Untrusted text on its way into a prompt: control characters out, secrets redacted, length capped.</summary>
    private static string Clean(string? text, int maxChars, string what, Dictionary<string, int> redactions, List<string> truncations)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var noControls = WithoutControls(text);
        var result = Redactor.Redact(noControls);
        foreach (var (kind, n) in result.Counts)
        {
            redactions[kind] = redactions.GetValueOrDefault(kind) + n;
        }
        if (result.Text.Length > maxChars)
        {
            truncations.Add($"{what} cut from {result.Text.Length} to {maxChars} characters");
        }
        return TokenEstimator.Truncate(result.Text, maxChars);
    }
}
