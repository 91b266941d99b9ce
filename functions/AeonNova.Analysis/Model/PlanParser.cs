using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Model;

/// <summary>
/// Turns model output into a <see cref="RemediationPlan"/> or a specific <see cref="PlanParseException"/>.
/// Accepted shapes: the plan JSON itself; text holding a ```json fenced block (or one bare JSON object);
/// a Bedrock Converse / Nova InvokeModel response (output.message.content[].toolUse.input or text);
/// an OpenAI chat completion (choices[0].message.tool_calls[0].function.arguments or content);
/// a bare tool call ({toolUse:{…}}, {type:"tool_use",…}, {function:{name, arguments}}, {name, input|arguments}).
/// The plan is then checked strictly against prompts/…/plan.schema.json: unknown properties, wrong types,
/// out-of-range values, a language the host cannot run and runbooks the model was not shown are rejected.
/// </summary>
public static partial class PlanParser
{
    public const int MaxOutputChars = 256 * 1024;
    public const int MaxScriptChars = 20000;
    public const int MaxTextChars = 4000;
    public const int MaxSteps = 20;

    /// <summary>The plan schema's properties (kept equal to plan.schema.json by a test).</summary>
    public static readonly IReadOnlyList<string> AllowedFields =
        ["summary", "diagnosis", "confidence", "runbookId", "steps", "script", "verification", "rollback", "rollbackScript", "noRollbackReason", "risk", "needsHuman"];

    public static readonly IReadOnlyList<string> RequiredFields = ["summary", "diagnosis", "confidence", "steps", "script", "risk"];

    private const int MaxDepth = 3;

    public static RemediationPlan Parse(string? output, PlanContext? context = null)
    {
        context ??= new PlanContext();
        if (string.IsNullOrWhiteSpace(output))
        {
            throw new PlanParseException(PlanParseError.Empty, "", "the model returned no output");
        }
        if (output.Length > MaxOutputChars)
        {
            throw new PlanParseException(PlanParseError.TooLarge, "", $"output has {output.Length} characters; at most {MaxOutputChars} are accepted");
        }
        var usage = new Usage { Input = context.InputTokens, Output = context.OutputTokens };
        var plan = LocateInText(output, context, usage, 0);
        return Validate(plan, context, usage);
    }

    private sealed class Usage
    {
        public int Input { get; set; }
        public int Output { get; set; }
    }

    private static JsonObject LocateInText(string text, PlanContext context, Usage usage, int depth)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return Unwrap(ParseJson(trimmed, "output"), context, usage, depth);
        }
        var fence = FencedBlock().Match(trimmed);
        if (fence.Success)
        {
            return Unwrap(ParseJson(fence.Groups["body"].Value, "fenced block"), context, usage, depth);
        }
        var open = trimmed.IndexOf('{', StringComparison.Ordinal);
        var close = trimmed.LastIndexOf('}');
        if (open >= 0 && close > open)
        {
            return Unwrap(ParseJson(trimmed[open..(close + 1)], "embedded JSON object"), context, usage, depth);
        }
        throw new PlanParseException(PlanParseError.NoPlanFound, "",
            $"no JSON object, ```json block or tool call in the output (starts with '{Excerpt(trimmed)}')");
    }

    private static JsonNode ParseJson(string json, string what)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 })
                ?? throw new PlanParseException(PlanParseError.NoPlanFound, "", $"{what} is JSON null");
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, position {ex.BytePositionInLine + 1})")
                : "";
            throw new PlanParseException(PlanParseError.InvalidJson, "", $"{what} is not valid JSON{where}");
        }
    }

    private static JsonObject Unwrap(JsonNode node, PlanContext context, Usage usage, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new PlanParseException(PlanParseError.NoPlanFound, "", "the plan is nested too deeply in the output");
        }
        if (node is JsonArray array)
        {
            return FromContentBlocks(array, context, usage, depth);
        }
        if (node is not JsonObject o)
        {
            throw new PlanParseException(PlanParseError.NoPlanFound, "$", $"expected a JSON object, found {node.GetValueKind()}");
        }
        // Bedrock Converse / Nova InvokeModel response.
        if (Child(Child(o["output"], "message"), "content") is JsonArray converseContent)
        {
            if (Str(o["stopReason"]) == "max_tokens")
            {
                throw new PlanParseException(PlanParseError.Truncated, "", "the model hit its output token limit (stopReason max_tokens)");
            }
            usage.Input = Int(Child(o["usage"], "inputTokens")) ?? usage.Input;
            usage.Output = Int(Child(o["usage"], "outputTokens")) ?? usage.Output;
            return FromContentBlocks(converseContent, context, usage, depth);
        }
        // OpenAI chat completion.
        if (o["choices"] is JsonArray choices)
        {
            if (choices.Count == 0 || choices[0] is not JsonObject choice)
            {
                throw new PlanParseException(PlanParseError.NoPlanFound, "$.choices", "no choice in the completion");
            }
            if (Str(choice["finish_reason"]) == "length")
            {
                throw new PlanParseException(PlanParseError.Truncated, "", "the model hit its output token limit (finish_reason length)");
            }
            usage.Input = Int(Child(o["usage"], "prompt_tokens")) ?? usage.Input;
            usage.Output = Int(Child(o["usage"], "completion_tokens")) ?? usage.Output;
            if (Child(choice["message"], "tool_calls") is JsonArray { Count: > 0 } calls)
            {
                return FromToolCall(calls[0]!, context, usage, depth);
            }
            if (Str(Child(choice["message"], "content")) is { Length: > 0 } content)
            {
                return LocateInText(content, context, usage, depth + 1);
            }
            throw new PlanParseException(PlanParseError.NoPlanFound, "$.choices[0].message", "neither a tool call nor content");
        }
        // A message with content blocks ({role, content:[…]}).
        if (o["role"] is not null && o["content"] is JsonArray messageContent)
        {
            return FromContentBlocks(messageContent, context, usage, depth);
        }
        if (IsToolCall(o))
        {
            return FromToolCall(o, context, usage, depth);
        }
        return o;
    }

    private static bool IsToolCall(JsonObject o) =>
        o["toolUse"] is JsonObject
        || Str(o["type"]) is "tool_use" or "function"
        || o["function"] is JsonObject
        || (o["summary"] is null && o["name"] is JsonValue && (o["input"] is not null || o["arguments"] is not null));

    private static JsonObject FromContentBlocks(JsonArray blocks, PlanContext context, Usage usage, int depth)
    {
        foreach (var block in blocks)
        {
            if (block is JsonObject b && IsToolCall(b))
            {
                return FromToolCall(b, context, usage, depth);
            }
        }
        var text = string.Concat(blocks.Select(b => Str(Child(b, "text")) ?? ""));
        if (text.Length > 0)
        {
            return LocateInText(text, context, usage, depth + 1);
        }
        if (blocks.Count == 1 && blocks[0] is JsonObject only)
        {
            return Unwrap(only, context, usage, depth + 1);
        }
        throw new PlanParseException(PlanParseError.NoPlanFound, "", "the response holds neither a tool call nor text");
    }

    private static JsonObject FromToolCall(JsonNode call, PlanContext context, Usage usage, int depth)
    {
        var inner = Child(call, "toolUse") as JsonObject ?? Child(call, "function") as JsonObject ?? call as JsonObject
            ?? throw new PlanParseException(PlanParseError.NoPlanFound, "", "malformed tool call");
        var name = Str(inner["name"]) ?? "";
        if (!string.Equals(name, context.ToolName, StringComparison.Ordinal))
        {
            throw new PlanParseException(PlanParseError.WrongTool, "",
                $"the model called tool '{Excerpt(name)}' instead of '{context.ToolName}'");
        }
        var input = inner["input"] ?? inner["arguments"];
        return input switch
        {
            JsonObject obj => obj,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => Unwrap(ParseJson(v.GetValue<string>(), "tool-call arguments"), context, usage, depth + 1),
            _ => throw new PlanParseException(PlanParseError.NoPlanFound, "", "the tool call has no input object"),
        };
    }

    private static RemediationPlan Validate(JsonObject plan, PlanContext context, Usage usage)
    {
        foreach (var (key, _) in plan)
        {
            if (!AllowedFields.Contains(key))
            {
                throw new PlanParseException(PlanParseError.UnknownField, $"$.{Excerpt(key)}",
                    $"not part of the plan schema (allowed: {string.Join(", ", AllowedFields)})");
            }
        }
        foreach (var key in RequiredFields)
        {
            if (plan[key] is null)
            {
                throw new PlanParseException(PlanParseError.MissingField, $"$.{key}", "required");
            }
        }
        var summary = RequiredString(plan, "summary", 500);
        var diagnosis = RequiredString(plan, "diagnosis", MaxTextChars);
        var confidence = plan["confidence"] is JsonValue c && c.GetValueKind() == JsonValueKind.Number
            ? c.GetValue<double>()
            : throw new PlanParseException(PlanParseError.WrongType, "$.confidence", $"must be a number, found {plan["confidence"]!.GetValueKind()}");
        if (double.IsNaN(confidence) || confidence < 0 || confidence > 1)
        {
            throw new PlanParseException(PlanParseError.InvalidValue, "$.confidence",
                string.Create(CultureInfo.InvariantCulture, $"{confidence} is outside 0…1"));
        }
        var steps = plan["steps"] as JsonArray
            ?? throw new PlanParseException(PlanParseError.WrongType, "$.steps", $"must be an array of strings, found {plan["steps"]!.GetValueKind()}");
        if (steps.Count == 0 || steps.Count > MaxSteps)
        {
            throw new PlanParseException(PlanParseError.InvalidValue, "$.steps", $"must hold 1 to {MaxSteps} steps, found {steps.Count}");
        }
        var stepTexts = new List<string>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            stepTexts.Add(StringValue(steps[i], $"$.steps[{i}]", 500, required: true)!);
        }
        var (language, body) = ParseScript(plan["script"], "$.script", context.ExpectedLanguage);
        var risk = RequiredString(plan, "risk", 10);
        if (risk is not ("low" or "medium" or "high"))
        {
            throw new PlanParseException(PlanParseError.InvalidValue, "$.risk", $"'{Excerpt(risk)}' is not low, medium or high");
        }
        var runbookId = StringValue(plan["runbookId"], "$.runbookId", 100, required: false) ?? "";
        if (runbookId.Length > 0 && context.RunbookIds.Count > 0 && !context.RunbookIds.Contains(runbookId))
        {
            throw new PlanParseException(PlanParseError.UnknownRunbook, "$.runbookId",
                $"'{Excerpt(runbookId)}' was not among the runbooks given to the model ({string.Join(", ", context.RunbookIds)})");
        }
        var needsHuman = plan["needsHuman"] switch
        {
            null => false,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            var other => throw new PlanParseException(PlanParseError.WrongType, "$.needsHuman", $"must be true or false, found {other.GetValueKind()}"),
        };
        var (rollbackScript, noRollbackReason) = ParseRollback(plan, language, body, needsHuman);
        return new RemediationPlan
        {
            Summary = summary,
            Diagnosis = diagnosis,
            Confidence = confidence,
            RunbookId = runbookId,
            Steps = stepTexts,
            Script = new PlanScript { Language = language, Body = body },
            Verification = StringValue(plan["verification"], "$.verification", MaxTextChars, required: false) ?? "",
            Rollback = StringValue(plan["rollback"], "$.rollback", MaxTextChars, required: false) ?? "",
            RollbackScript = rollbackScript,
            NoRollbackReason = noRollbackReason,
            Risk = risk,
            Model = context.ModelId,
            PromptVersion = context.PromptVersion,
            RunbookIds = context.RunbookIds,
            InputTokens = usage.Input,
            OutputTokens = usage.Output,
            NeedsHuman = needsHuman,
        };
    }

    /// <summary>{language, body}: a known language (the host's, when known), a non-empty body within the size limit.</summary>
    private static (ScriptLanguage Language, string Body) ParseScript(JsonNode? node, string path, ScriptLanguage? expected)
    {
        var script = node as JsonObject
            ?? throw new PlanParseException(node is null ? PlanParseError.MissingField : PlanParseError.WrongType, path,
                node is null ? "required" : $"must be an object {{language, body}}, found {node.GetValueKind()}");
        foreach (var (key, _) in script)
        {
            if (key is not ("language" or "body"))
            {
                throw new PlanParseException(PlanParseError.UnknownField, $"{path}.{Excerpt(key)}", "not part of the plan schema (allowed: language, body)");
            }
        }
        var languageText = StringValue(script["language"], path + ".language", 20, required: true);
        ScriptLanguage language = languageText switch
        {
            "bash" => ScriptLanguage.Bash,
            "powershell" => ScriptLanguage.PowerShell,
            _ => throw new PlanParseException(PlanParseError.InvalidValue, path + ".language", $"'{Excerpt(languageText!)}' is not bash or powershell"),
        };
        if (expected is { } host && host != language)
        {
            throw new PlanParseException(PlanParseError.LanguageMismatch, path + ".language",
                $"the host needs {(host == ScriptLanguage.PowerShell ? "powershell" : "bash")}, the plan is {languageText}");
        }
        var body = StringValue(script["body"], path + ".body", MaxScriptChars, required: true)!;
        if (body.Trim().Length == 0)
        {
            throw new PlanParseException(PlanParseError.InvalidValue, path + ".body", "the script is empty");
        }
        if (ExecutionState.Assigns(body))
        {
            throw new PlanParseException(PlanParseError.InvalidValue, path + ".body",
                $"sets ${ExecutionState.VariableName}; it is set for each execution before the script runs");
        }
        return (language, body);
    }

    /// <summary>
    /// A fix carries a rollback script (same language as the script; reads the snapshot the script recorded under
    /// $AEONNOVA_STATE_DIR and prints AEONNOVA_ROLLBACK=ok|failed) or a reason why none exists, never both.
    /// </summary>
    private static (PlanScript? Script, string Reason) ParseRollback(JsonObject plan, ScriptLanguage language, string scriptBody, bool needsHuman)
    {
        var reason = StringValue(plan["noRollbackReason"], "$.noRollbackReason", 500, required: false)?.Trim() ?? "";
        if (plan["rollbackScript"] is null)
        {
            // Without either, the plan runs with no rollback: a failed verification then goes to a human, as before.
            return (null, reason.Length > 0 ? reason
                : needsHuman ? "no inverse: the plan only collects diagnostics" : "no rollback: the model gave neither a rollback script nor a reason");
        }
        if (reason.Length > 0)
        {
            throw new PlanParseException(PlanParseError.InvalidValue, "$.noRollbackReason", "give a rollbackScript or a noRollbackReason, not both");
        }
        var (rollbackLanguage, body) = ParseScript(plan["rollbackScript"], "$.rollbackScript", language);
        if (!body.Contains(ExecutionState.RollbackMarker, StringComparison.Ordinal))
        {
            throw new PlanParseException(PlanParseError.InvalidValue, "$.rollbackScript.body",
                $"must end with its own check printing {ExecutionState.RollbackMarker}ok or {ExecutionState.RollbackMarker}failed");
        }
        if (!ExecutionState.Uses(body) || !ExecutionState.Uses(scriptBody))
        {
            throw new PlanParseException(PlanParseError.InvalidValue, "$.rollbackScript.body",
                $"the script must record its pre-change snapshot under ${ExecutionState.VariableName} and the rollback must restore from it");
        }
        return (new PlanScript { Language = rollbackLanguage, Body = body }, "");
    }

    private static string RequiredString(JsonObject plan, string key, int max)
    {
        var value = StringValue(plan[key], "$." + key, max, required: true)!;
        return value.Trim().Length == 0
            ? throw new PlanParseException(PlanParseError.InvalidValue, "$." + key, "must not be empty")
            : value;
    }

    private static string? StringValue(JsonNode? node, string path, int max, bool required)
    {
        if (node is null)
        {
            return required ? throw new PlanParseException(PlanParseError.MissingField, path, "required") : null;
        }
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            throw new PlanParseException(PlanParseError.WrongType, path, $"must be a string, found {node.GetValueKind()}");
        }
        var s = v.GetValue<string>();
        return s.Length > max
            ? throw new PlanParseException(PlanParseError.InvalidValue, path, $"{s.Length} characters; at most {max}")
            : s;
    }

    /// <summary>A property of an object, or null for anything else (indexing a JsonValue would throw).</summary>
    private static JsonNode? Child(JsonNode? node, string key) => node is JsonObject o ? o[key] : null;

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static int? Int(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) ? i : null;

    /// <summary>At most 40 characters of untrusted text, control characters removed, for error messages.</summary>
    private static string Excerpt(string text)
    {
        var clean = new string([.. text.Take(40).Select(ch => char.IsControl(ch) ? ' ' : ch)]);
        return text.Length > 40 ? clean + "…" : clean;
    }

    [GeneratedRegex(@"```[ \t]*(?:json|JSON)?[ \t]*\r?\n(?<body>[\s\S]*?)\r?\n?```")]
    private static partial Regex FencedBlock();
}
