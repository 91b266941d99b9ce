using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Model;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions.Parsing;

/// <summary>
/// Parses, validates and compiles a definition in one pass. Every problem is collected with the JSON path of
/// the offending field; the definition is only returned when there is none.
/// </summary>
internal sealed partial class DefinitionParser
{
    private static readonly HashSet<string> s_topLevelFields = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"];
    private static readonly HashSet<string> s_commonFields = ["Type", "Comment", "QueryLanguage"];

    private static readonly Dictionary<string, HashSet<string>> s_allowedFields = new(StringComparer.Ordinal)
    {
        ["Pass"] = ["Next", "End", "InputPath", "OutputPath", "Parameters", "ResultPath", "Result"],
        ["Task"] = ["Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"],
        ["Choice"] = ["InputPath", "OutputPath", "Choices", "Default"],
        ["Wait"] = ["Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
        ["Succeed"] = ["InputPath", "OutputPath"],
        ["Fail"] = ["Error", "ErrorPath", "Cause", "CausePath"],
        ["Parallel"] = ["Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "Branches"],
        ["Map"] = ["Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "ItemProcessor", "Iterator", "ItemsPath", "ItemSelector", "MaxConcurrency", "MaxConcurrencyPath", "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage", "ToleratedFailureCount", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath", "Label"],
    };

    // Fields of one query language that the other refuses (AWS validates this at definition time).
    private static readonly HashSet<string> s_jsonPathOnly = ["InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "ItemsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath", "Result", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath"];
    private static readonly string[] s_distributedMapFields = ["ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage", "ToleratedFailureCount", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath"];
    private static readonly HashSet<string> s_jsonataOnly = ["Arguments", "Output", "Items"];

    private static readonly Dictionary<string, HashSet<string>> s_jsonataFields = new(StringComparer.Ordinal)
    {
        ["Pass"] = ["Next", "End", "Output", "Assign"],
        ["Task"] = ["Next", "End", "Output", "Assign", "Arguments", "Retry", "Catch", "Resource", "TimeoutSeconds", "HeartbeatSeconds", "Credentials"],
        ["Choice"] = ["Choices", "Default", "Output", "Assign"],
        ["Wait"] = ["Next", "End", "Output", "Assign", "Seconds", "Timestamp"],
        ["Succeed"] = ["Output"],
        ["Fail"] = ["Error", "Cause"],
        ["Parallel"] = ["Next", "End", "Output", "Assign", "Arguments", "Retry", "Catch", "Branches"],
        ["Map"] = ["Next", "End", "Output", "Assign", "Retry", "Catch", "ItemProcessor", "Iterator", "Items", "ItemSelector", "MaxConcurrency", "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage", "ToleratedFailureCount", "Label"],
    };

    private readonly List<AslValidationError> _errors = [];
    private bool _topLevelJsonata;
    private readonly List<TaskStateInfo> _tasks = [];

    // Values that were "${Key}" before substitution, so the registry can still find bindings by key.
    private readonly Dictionary<JsonNode, string> _substitutedKeys = new(ReferenceEqualityComparer.Instance);

    public static ParseResult Parse(string json, IReadOnlyDictionary<string, string>? substitutions)
    {
        JsonNode? root;
        try
        {
            root = JsonNodes.Parse(json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
            return new ParseResult(null, [new AslValidationError("$", $"not valid JSON{where}: {ex.Message}")]);
        }
        var placeholders = new HashSet<string>(StringComparer.Ordinal);
        var parser = new DefinitionParser();
        root = parser.Substitute(root, substitutions, placeholders);
        var definition = parser.ParseRoot(root, placeholders);
        return parser._errors.Count > 0 ? new ParseResult(null, parser._errors) : new ParseResult(definition, []);
    }

    private StateMachineDefinition? ParseRoot(JsonNode? root, HashSet<string> placeholders)
    {
        if (root is not JsonObject obj)
        {
            Error("$", "a state machine definition must be a JSON object");
            return null;
        }
        CheckFields(obj, "$", s_topLevelFields, "the top level");
        var comment = OptionalString(obj, "$", "Comment");
        OptionalString(obj, "$", "Version");
        _topLevelJsonata = CheckQueryLanguage(obj, "$") == true;
        int? timeout = null;
        if (obj.ContainsKey("TimeoutSeconds")) { timeout = PositiveInt(obj["TimeoutSeconds"], "$.TimeoutSeconds", allowZero: false); }
        var scope = ParseScope(obj, "$");
        if (scope is null) { return null; }
        var json = root.ToJsonString();
        return new StateMachineDefinition(scope, json, _tasks, placeholders, comment, timeout);
    }

    private StateScope? ParseScope(JsonObject obj, string path)
    {
        var startAt = obj["StartAt"];
        string? startName = null;
        if (startAt is null) { Error($"{path}.StartAt", "required field is missing"); }
        else if (!JsonNodes.IsString(startAt, out startName!)) { Error($"{path}.StartAt", "must be a string naming a state"); startName = null; }
        if (obj["States"] is not JsonObject statesObj)
        {
            Error($"{path}.States", obj.ContainsKey("States") ? "must be an object of state name → state" : "required field is missing");
            return null;
        }
        if (statesObj.Count == 0)
        {
            Error($"{path}.States", "must contain at least one state");
            return null;
        }
        var states = new Dictionary<string, State>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var (name, stateNode) in statesObj)
        {
            var statePath = Child($"{path}.States", name);
            names.Add(name);
            if (name.Length == 0 || name.Length > 80) { Error(statePath, "a state name must be 1 to 80 characters long"); }
            var state = ParseState(name, stateNode, statePath);
            if (state is not null) { states[name] = state; }
        }
        if (startName is not null && !statesObj.ContainsKey(startName))
        {
            Error($"{path}.StartAt", $"'{startName}' is not a state in {path}.States");
        }
        var scope = new StateScope(startName ?? "", states, names);
        ResolveTransitions(scope, path);
        return scope;
    }

    private void ResolveTransitions(StateScope scope, string path)
    {
        // A state that failed to parse or a transition to an unknown state already has its message; the graph checks
        // (unreachable states, dead ends) would only repeat that root cause, so they run on complete graphs only.
        var complete = scope.States.Count == scope.StateNames.Count;
        State? Resolve(string target, string location)
        {
            if (scope.States.TryGetValue(target, out var state)) { return state; }
            if (!scope.StateNames.Contains(target)) { Error(location, $"'{target}' is not a state in {path}.States"); }
            complete = false;
            return null;
        }
        foreach (var state in scope.States.Values)
        {
            if (state.NextName is not null) { state.Next = Resolve(state.NextName, $"{state.Location}.Next"); }
            if (state is ChoiceState choice)
            {
                choice.ChoiceTargets = new State[choice.Choices.Count];
                for (var i = 0; i < choice.Choices.Count; i++)
                {
                    choice.ChoiceTargets[i] = Resolve(choice.Choices[i].NextName, $"{state.Location}.Choices[{i}].Next")!;
                }
                if (choice.DefaultName is not null) { choice.Default = Resolve(choice.DefaultName, $"{state.Location}.Default"); }
            }
            if (state is ProcessingState processing)
            {
                for (var i = 0; i < processing.Catch.Count; i++)
                {
                    processing.Catch[i].Next = Resolve(processing.Catch[i].NextName, $"{state.Location}.Catch[{i}].Next")!;
                }
            }
        }
        if (!scope.States.TryGetValue(scope.StartAt, out var start)) { return; }
        scope.Start = start;
        if (complete) { CheckGraph(scope); }
    }

    private void CheckGraph(StateScope scope)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<State>();
        stack.Push(scope.Start);
        while (stack.Count > 0)
        {
            var state = stack.Pop();
            if (!reachable.Add(state.Name)) { continue; }
            foreach (var next in Successors(state)) { stack.Push(next); }
        }
        foreach (var state in scope.States.Values)
        {
            if (!reachable.Contains(state.Name)) { Error(state.Location, $"state '{state.Name}' is not reachable from StartAt '{scope.StartAt}'"); }
        }
        // A state from which no terminal state can be reached would run forever.
        var canFinish = new HashSet<string>(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var state in scope.States.Values)
            {
                if (canFinish.Contains(state.Name)) { continue; }
                var terminal = state.End || state.Type is StateType.Succeed or StateType.Fail;
                if (terminal || Successors(state).Any(s => canFinish.Contains(s.Name)))
                {
                    canFinish.Add(state.Name);
                    changed = true;
                }
            }
        }
        while (changed);
        foreach (var state in scope.States.Values)
        {
            if (reachable.Contains(state.Name) && !canFinish.Contains(state.Name) && HasTransitions(state))
            {
                Error(state.Location, $"dead end: no path from state '{state.Name}' reaches a terminal state (End, Succeed or Fail)");
            }
        }
    }

    private static bool HasTransitions(State state) => state.Next is not null || state is ChoiceState;

    private static IEnumerable<State> Successors(State state)
    {
        if (state.Next is not null) { yield return state.Next; }
        if (state is ChoiceState choice)
        {
            foreach (var target in choice.ChoiceTargets) { if (target is not null) { yield return target; } }
            if (choice.Default is not null) { yield return choice.Default; }
        }
        if (state is ProcessingState processing)
        {
            foreach (var catcher in processing.Catch) { if (catcher.Next is not null) { yield return catcher.Next; } }
        }
    }

    private State? ParseState(string name, JsonNode? node, string path)
    {
        if (node is not JsonObject obj)
        {
            Error(path, "a state must be a JSON object");
            return null;
        }
        if (!JsonNodes.IsString(obj["Type"], out var type))
        {
            Error($"{path}.Type", obj.ContainsKey("Type") ? "must be a string" : "required field is missing");
            return null;
        }
        if (!s_allowedFields.TryGetValue(type, out var allowed))
        {
            Error($"{path}.Type", $"'{type}' is not a state type (Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map)");
            return null;
        }
        var language = CheckQueryLanguage(obj, path);
        if (language == false && _topLevelJsonata)
        {
            Error($"{path}.QueryLanguage", "a state cannot use JSONPath when the top-level QueryLanguage is JSONata");
        }
        var jsonata = language ?? _topLevelJsonata;
        if (jsonata) { return ParseJsonataState(name, type, obj, path); }
        CheckLanguageFields(obj, path, s_jsonataOnly, jsonata: false);
        CheckFields(obj, path, [.. allowed, .. s_jsonataOnly, .. AssignFor(type)], $"a {type} state");
        OptionalString(obj, path, "Comment");
        var (next, end) = type is "Choice" or "Succeed" or "Fail" ? (null, false) : NextOrEnd(obj, path);
        var inputPath = OptionalPathField(obj, path, "InputPath", definiteOnly: false);
        var outputPath = OptionalPathField(obj, path, "OutputPath", definiteOnly: false);
        State? state = type switch
        {
            "Pass" => new PassState(name, path)
            {
                NextName = next, End = end, InputPath = inputPath, OutputPath = outputPath, Assign = JsonPathAssign(obj, path),
                Parameters = Template(obj, path, "Parameters"),
                ResultPath = OptionalPathField(obj, path, "ResultPath", definiteOnly: true),
                Result = JsonNodes.Copy(obj["Result"]),
                HasResult = obj.ContainsKey("Result"),
            },
            "Task" => ParseTask(name, obj, path, next, end, inputPath, outputPath),
            "Choice" => ParseChoice(name, obj, path, inputPath, outputPath),
            "Wait" => ParseWait(name, obj, path, next, end, inputPath, outputPath),
            "Succeed" => new SucceedState(name, path) { InputPath = inputPath, OutputPath = outputPath },
            "Fail" => ParseFail(name, obj, path),
            "Parallel" => ParseParallel(name, obj, path, next, end, inputPath, outputPath),
            _ => ParseMap(name, obj, path, next, end, inputPath, outputPath),
        };
        if (state is not null && type is "Choice" or "Wait" or "Parallel" or "Map") { state.Assign = JsonPathAssign(obj, path); }
        return state;
    }

    private static string[] AssignFor(string type) => type is "Succeed" or "Fail" ? [] : ["Assign"];

    /// <summary>A JSONata state: Arguments/Output/Assign/Items/Condition instead of the JSONPath fields.</summary>
    private State? ParseJsonataState(string name, string type, JsonObject obj, string path)
    {
        CheckLanguageFields(obj, path, s_jsonPathOnly, jsonata: true);
        CheckFields(obj, path, [.. s_jsonataFields[type], .. s_jsonPathOnly], $"a {type} state");
        OptionalString(obj, path, "Comment");
        var (next, end) = type is "Choice" or "Succeed" or "Fail" ? (null, false) : NextOrEnd(obj, path);
        State? state;
        switch (type)
        {
            case "Pass":
                state = new PassState(name, path) { NextName = next, End = end };
                break;
            case "Task":
                state = ParseTask(name, obj, path, next, end, OptionalPath.Root, OptionalPath.Root, jsonata: true);
                break;
            case "Choice":
                state = ParseJsonataChoice(name, obj, path);
                break;
            case "Wait":
                state = ParseJsonataWait(name, obj, path, next, end);
                break;
            case "Succeed":
                state = new SucceedState(name, path);
                break;
            case "Fail":
                state = new FailState(name, path)
                {
                    ErrorExpression = obj.ContainsKey("Error") ? JsonataField(obj, path, "Error") : null,
                    CauseExpression = obj.ContainsKey("Cause") ? JsonataField(obj, path, "Cause") : null,
                };
                break;
            case "Parallel":
                state = ParseParallel(name, obj, path, next, end, OptionalPath.Root, OptionalPath.Root, jsonata: true);
                if (state is ParallelState parallel) { parallel.Arguments = JsonataField(obj, path, "Arguments"); }
                break;
            default:
                state = ParseMap(name, obj, path, next, end, OptionalPath.Root, OptionalPath.Root, jsonata: true);
                if (state is MapState map)
                {
                    map.Items = JsonataField(obj, path, "Items");
                    if (map.Items is { IsStatic: true } && obj["Items"] is not JsonArray) { Error($"{path}.Items", "must be a JSON array or a JSONata expression {% … %}"); }
                    map.JsonataItemSelector = JsonataField(obj, path, "ItemSelector");
                }
                break;
        }
        if (state is null) { return null; }
        state.IsJsonata = true;
        if (type != "Fail") { state.Output = JsonataField(obj, path, "Output"); }
        if (type is not ("Succeed" or "Fail")) { state.Assign = JsonataAssign(obj, path); }
        return state;
    }

    private ChoiceState ParseJsonataChoice(string name, JsonObject obj, string path)
    {
        var choices = new List<(ChoiceRule, string)>();
        var extras = new List<RuleExtras>();
        if (obj["Choices"] is not JsonArray array || array.Count == 0)
        {
            Error($"{path}.Choices", obj.ContainsKey("Choices") ? "must be a non-empty array of choice rules" : "required field is missing");
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                var rulePath = $"{path}.Choices[{i}]";
                if (array[i] is not JsonObject rule) { Error(rulePath, "a choice rule must be an object"); continue; }
                var jsonPathOperators = rule.Select(p => p.Key).Where(k => k is "Variable" or "And" or "Or" or "Not" || ChoiceOperators.All.ContainsKey(k)).ToList();
                foreach (var field in jsonPathOperators)
                {
                    Error(Child(rulePath, field), $"'{field}' is a JSONPath choice rule field: a JSONata choice rule uses Condition");
                }
                CheckFields(rule, rulePath, ["Condition", "Next", "Assign", "Output", "Comment", .. jsonPathOperators], "a JSONata choice rule");
                JsonataTemplate? condition = null;
                if (!rule.ContainsKey("Condition")) { Error($"{rulePath}.Condition", "required field is missing"); }
                else
                {
                    condition = JsonataField(rule, rulePath, "Condition");
                    if (condition is { IsStatic: true } && !JsonNodes.IsBoolean(rule["Condition"], out _))
                    {
                        Error($"{rulePath}.Condition", "must be a JSONata expression {% … %} or a boolean");
                        condition = null;
                    }
                }
                string? next = null;
                if (!rule.ContainsKey("Next")) { Error($"{rulePath}.Next", "required field is missing"); }
                else if (!JsonNodes.IsString(rule["Next"], out next!)) { Error($"{rulePath}.Next", "must be a string naming a state"); next = null; }
                if (condition is not null && next is not null)
                {
                    choices.Add((new JsonataConditionRule(condition), next));
                    extras.Add(new RuleExtras(JsonataAssign(rule, rulePath), JsonataField(rule, rulePath, "Output")));
                }
            }
        }
        string? defaultName = null;
        if (obj.ContainsKey("Default") && !JsonNodes.IsString(obj["Default"], out defaultName!)) { Error($"{path}.Default", "must be a string naming a state"); defaultName = null; }
        return new ChoiceState(name, path) { Choices = choices, DefaultName = defaultName, RuleExtras = extras };
    }

    private WaitState ParseJsonataWait(string name, JsonObject obj, string path, string? next, bool end)
    {
        var present = new[] { "Seconds", "Timestamp" }.Where(obj.ContainsKey).ToList();
        if (present.Count != 1)
        {
            Error(path, present.Count == 0 ? "a Wait state needs Seconds or Timestamp" : "a Wait state takes only one of Seconds and Timestamp");
        }
        var state = new WaitState(name, path) { NextName = next, End = end };
        if (obj["Seconds"] is JsonValue seconds && JsonNodes.IsString(seconds, out var secondsText) && JsonataTemplate.IsExpressionText(secondsText))
        {
            state.SecondsExpression = JsonataField(obj, path, "Seconds");
            return state;
        }
        if (obj["Timestamp"] is JsonValue timestamp && JsonNodes.IsString(timestamp, out var timestampText) && JsonataTemplate.IsExpressionText(timestampText))
        {
            state.TimestampExpression = JsonataField(obj, path, "Timestamp");
            return state;
        }
        return new WaitState(name, path)
        {
            NextName = next, End = end,
            Seconds = obj.ContainsKey("Seconds") ? PositiveInt(obj["Seconds"], $"{path}.Seconds", allowZero: true) : null,
            Timestamp = obj.ContainsKey("Timestamp")
                ? (JsonNodes.IsString(obj["Timestamp"], out var text) && ComparisonRule.TryParseTimestamp(text, out var ts) ? ts : Fail<object>($"{path}.Timestamp", "must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z") as DateTimeOffset?)
                : null,
        };
    }

    private JsonataTemplate? JsonataField(JsonObject obj, string path, string field) =>
        obj.TryGetPropertyValue(field, out var value) ? JsonataTemplate.Compile(value, Child(path, field), _errors) : null;

    private AssignSpec? JsonataAssign(JsonObject obj, string path)
    {
        if (!obj.TryGetPropertyValue("Assign", out var value)) { return null; }
        if (value is not JsonObject assign) { Error($"{path}.Assign", "must be a JSON object of variable name → value"); return null; }
        CheckVariableNames(assign, $"{path}.Assign", jsonata: true);
        var template = JsonataTemplate.Compile(assign, $"{path}.Assign", _errors);
        return template is null ? null : new AssignSpec(template, null);
    }

    private AssignSpec? JsonPathAssign(JsonObject obj, string path)
    {
        if (!obj.TryGetPropertyValue("Assign", out var value)) { return null; }
        if (value is not JsonObject assign) { Error($"{path}.Assign", "must be a JSON object of variable name → value"); return null; }
        CheckVariableNames(assign, $"{path}.Assign", jsonata: false);
        return new AssignSpec(null, PayloadTemplate.Compile(assign, $"{path}.Assign", _errors));
    }

    // Variable names: a letter or underscore, then letters, digits and underscores; "states" is reserved.
    private void CheckVariableNames(JsonObject assign, string path, bool jsonata)
    {
        foreach (var (key, _) in assign)
        {
            var name = !jsonata && key.EndsWith(".$", StringComparison.Ordinal) ? key[..^2] : key;
            if (!VariableName().IsMatch(name)) { Error(Child(path, key), $"'{name}' is not a valid variable name (a letter or '_' followed by letters, digits or '_')"); }
            else if (name == "states") { Error(Child(path, key), "'states' is reserved by Step Functions and cannot be assigned"); }
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    /// <summary>One message per field of the other query language, instead of "not a valid field".</summary>
    private void CheckLanguageFields(JsonObject obj, string path, HashSet<string> foreign, bool jsonata)
    {
        foreach (var (key, _) in obj)
        {
            if (!foreign.Contains(key)) { continue; }
            Error(Child(path, key), jsonata
                ? $"'{key}' is a JSONPath field and cannot be used in a JSONata state (use Arguments, Output and Assign)"
                : $"'{key}' can only be used with QueryLanguage JSONata; this state uses JSONPath");
        }
    }

    private TaskState? ParseTask(string name, JsonObject obj, string path, string? next, bool end, OptionalPath inputPath, OptionalPath outputPath, bool jsonata = false)
    {
        string? resource = null;
        if (!obj.ContainsKey("Resource")) { Error($"{path}.Resource", "required field is missing"); }
        else if (!JsonNodes.IsString(obj["Resource"], out resource!) || resource.Length == 0) { Error($"{path}.Resource", "must be a non-empty string"); resource = null; }
        else if (!resource.StartsWith("arn:", StringComparison.Ordinal) && !ResourceNames.IsPlaceholder(resource))
        {
            Error($"{path}.Resource", $"'{resource}' is not an ARN (arn:…) or a ${{Placeholder}}");
        }
        var placeholderKey = obj["Resource"] is JsonValue rv && rv.TryGetValue<string>(out _) ? PlaceholderKeyOf(obj, resource) : null;
        var (timeout, timeoutPath) = SecondsPair(obj, path, "TimeoutSeconds", jsonata);
        var (heartbeat, heartbeatPath) = SecondsPair(obj, path, "HeartbeatSeconds", jsonata);
        if (timeout is not null && heartbeat is not null && heartbeat >= timeout)
        {
            Error($"{path}.HeartbeatSeconds", "must be smaller than TimeoutSeconds");
        }
        var (retry, catchers) = ErrorHandling(obj, path, jsonata);
        resource ??= "";
        var target = resource.StartsWith(ResourceNames.LambdaInvoke, StringComparison.Ordinal) ? TaskTarget.LambdaInvoke
            : ResourceNames.IsLambdaArn(resource) || ResourceNames.IsPlaceholder(resource) ? TaskTarget.LambdaFunction
            : TaskTarget.Service;
        var pattern = resource.EndsWith(ResourceNames.WaitForTaskTokenSuffix, StringComparison.Ordinal) ? IntegrationPattern.WaitForTaskToken
            : resource.EndsWith(ResourceNames.SyncSuffix, StringComparison.Ordinal) || resource.EndsWith(ResourceNames.Sync2Suffix, StringComparison.Ordinal) ? IntegrationPattern.Sync
            : IntegrationPattern.RequestResponse;
        if (pattern == IntegrationPattern.WaitForTaskToken && target == TaskTarget.LambdaFunction)
        {
            Error($"{path}.Resource", ".waitForTaskToken needs an arn:aws:states:::service:action integration, not a plain Lambda ARN");
        }
        _tasks.Add(new TaskStateInfo(name, resource, path, placeholderKey));
        return new TaskState(name, path)
        {
            NextName = next, End = end, InputPath = inputPath, OutputPath = outputPath,
            Resource = resource, PlaceholderKey = placeholderKey, Target = target, Pattern = pattern, IsJsonata = jsonata,
            Arguments = jsonata ? JsonataField(obj, path, "Arguments") : null,
            Output = jsonata ? JsonataField(obj, path, "Output") : null,
            Assign = jsonata ? JsonataAssign(obj, path) : JsonPathAssign(obj, path),
            Parameters = jsonata ? null : Template(obj, path, "Parameters"),
            ResultSelector = jsonata ? null : Template(obj, path, "ResultSelector"),
            ResultPath = jsonata ? OptionalPath.Root : OptionalPathField(obj, path, "ResultPath", definiteOnly: true),
            Retry = retry, Catch = catchers,
            TimeoutSeconds = timeout, TimeoutSecondsPath = timeoutPath,
            HeartbeatSeconds = heartbeat, HeartbeatSecondsPath = heartbeatPath,
        };
    }

    private string? PlaceholderKeyOf(JsonObject obj, string? resource)
    {
        if (resource is not null && ResourceNames.IsPlaceholder(resource)) { return ResourceNames.StripPlaceholder(resource); }
        return obj["Resource"] is { } node ? _substitutedKeys.GetValueOrDefault(node) : null;
    }

    private (int? Seconds, JsonPath? Path) SecondsPair(JsonObject obj, string path, string field, bool jsonata = false)
    {
        if (jsonata && obj[field] is JsonValue dynamic && JsonNodes.IsString(dynamic, out var text) && JsonataTemplate.IsExpressionText(text))
        {
            Unsupported($"{path}.{field}", $"a JSONata expression in {field} (use a number)");
            return (null, null);
        }
        int? seconds = null;
        JsonPath? secondsPath = null;
        var pathField = field + "Path";
        if (obj.ContainsKey(field) && obj.ContainsKey(pathField))
        {
            Error($"{path}.{pathField}", $"only one of {field} and {pathField} may be set");
        }
        if (obj.ContainsKey(field)) { seconds = PositiveInt(obj[field], $"{path}.{field}", allowZero: false); }
        if (obj.ContainsKey(pathField)) { secondsPath = ReferencePath(obj[pathField], $"{path}.{pathField}", allowContext: true); }
        return (seconds, secondsPath);
    }

    private (IReadOnlyList<Retrier>, IReadOnlyList<Catcher>) ErrorHandling(JsonObject obj, string path, bool jsonata = false)
    {
        var retriers = new List<Retrier>();
        if (obj.ContainsKey("Retry"))
        {
            if (obj["Retry"] is not JsonArray retry) { Error($"{path}.Retry", "must be an array of retriers"); }
            else
            {
                for (var i = 0; i < retry.Count; i++)
                {
                    var r = ParseRetrier(retry[i], $"{path}.Retry[{i}]", isLast: i == retry.Count - 1);
                    if (r is not null) { retriers.Add(r); }
                }
            }
        }
        var catchers = new List<Catcher>();
        if (obj.ContainsKey("Catch"))
        {
            if (obj["Catch"] is not JsonArray catches) { Error($"{path}.Catch", "must be an array of catchers"); }
            else
            {
                for (var i = 0; i < catches.Count; i++)
                {
                    var c = ParseCatcher(catches[i], $"{path}.Catch[{i}]", isLast: i == catches.Count - 1, jsonata);
                    if (c is not null) { catchers.Add(c); }
                }
            }
        }
        return (retriers, catchers);
    }

    private Retrier? ParseRetrier(JsonNode? node, string path, bool isLast)
    {
        if (node is not JsonObject obj) { Error(path, "a retrier must be an object"); return null; }
        CheckFields(obj, path, ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"], "a retrier");
        var errors = ErrorEquals(obj, path, isLast);
        var interval = obj.ContainsKey("IntervalSeconds") ? PositiveInt(obj["IntervalSeconds"], $"{path}.IntervalSeconds", allowZero: false) ?? 1 : 1;
        var maxAttempts = obj.ContainsKey("MaxAttempts") ? PositiveInt(obj["MaxAttempts"], $"{path}.MaxAttempts", allowZero: true) ?? 3 : 3;
        var backoff = 2.0;
        if (obj.ContainsKey("BackoffRate"))
        {
            if (!JsonNodes.IsNumber(obj["BackoffRate"], out backoff) || backoff < 1.0) { Error($"{path}.BackoffRate", "must be a number greater than or equal to 1.0"); backoff = 2.0; }
        }
        int? maxDelay = obj.ContainsKey("MaxDelaySeconds") ? PositiveInt(obj["MaxDelaySeconds"], $"{path}.MaxDelaySeconds", allowZero: false) : null;
        var jitter = JitterStrategy.None;
        if (obj.ContainsKey("JitterStrategy"))
        {
            var text = JsonNodes.IsString(obj["JitterStrategy"], out var j) ? j : null;
            if (text == "FULL") { jitter = JitterStrategy.Full; }
            else if (text != "NONE") { Error($"{path}.JitterStrategy", "must be \"FULL\" or \"NONE\""); }
        }
        return errors is null ? null : new Retrier(errors, interval, maxAttempts, backoff, maxDelay, jitter);
    }

    private Catcher? ParseCatcher(JsonNode? node, string path, bool isLast, bool jsonata)
    {
        if (node is not JsonObject obj) { Error(path, "a catcher must be an object"); return null; }
        if (jsonata)
        {
            CheckLanguageFields(obj, path, ["ResultPath"], jsonata: true);
            CheckFields(obj, path, ["ErrorEquals", "Next", "Output", "Assign", "Comment", "ResultPath"], "a catcher");
        }
        else
        {
            CheckLanguageFields(obj, path, ["Output"], jsonata: false);
            CheckFields(obj, path, ["ErrorEquals", "Next", "ResultPath", "Comment", "Assign", "Output"], "a catcher");
        }
        var errors = ErrorEquals(obj, path, isLast);
        string? next = null;
        if (!obj.ContainsKey("Next")) { Error($"{path}.Next", "required field is missing"); }
        else if (!JsonNodes.IsString(obj["Next"], out next!)) { Error($"{path}.Next", "must be a string naming a state"); next = null; }
        var resultPath = jsonata ? OptionalPath.Root : OptionalPathField(obj, path, "ResultPath", definiteOnly: true);
        var extras = jsonata ? new RuleExtras(JsonataAssign(obj, path), JsonataField(obj, path, "Output"))
            : obj.ContainsKey("Assign") ? new RuleExtras(JsonPathAssign(obj, path), null) : null;
        return errors is null || next is null ? null : new Catcher(errors, next, resultPath) { Extras = extras };
    }

    private List<string>? ErrorEquals(JsonObject obj, string path, bool isLast)
    {
        if (obj["ErrorEquals"] is not JsonArray array || array.Count == 0)
        {
            Error($"{path}.ErrorEquals", obj.ContainsKey("ErrorEquals") ? "must be a non-empty array of error names" : "required field is missing");
            return null;
        }
        var names = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (!JsonNodes.IsString(array[i], out var name) || name.Length == 0) { Error($"{path}.ErrorEquals[{i}]", "must be an error name (a string)"); continue; }
            names.Add(name);
        }
        if (names.Contains(Runtime.StatesErrors.All))
        {
            if (names.Count > 1) { Error($"{path}.ErrorEquals", "States.ALL must appear alone in ErrorEquals"); }
            if (!isLast) { Error($"{path}.ErrorEquals", "a retrier or catcher with States.ALL must be the last one"); }
        }
        return names;
    }

    private ChoiceState ParseChoice(string name, JsonObject obj, string path, OptionalPath inputPath, OptionalPath outputPath)
    {
        var choices = new List<(ChoiceRule, string)>();
        var extras = new List<RuleExtras>();
        if (obj["Choices"] is not JsonArray array || array.Count == 0)
        {
            Error($"{path}.Choices", obj.ContainsKey("Choices") ? "must be a non-empty array of choice rules" : "required field is missing");
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                var rulePath = $"{path}.Choices[{i}]";
                if (array[i] is JsonObject { } withCondition && withCondition.ContainsKey("Condition"))
                {
                    Error($"{rulePath}.Condition", "'Condition' can only be used with QueryLanguage JSONata; this state uses JSONPath");
                    continue;
                }
                var rule = ParseRule(array[i], rulePath, topLevel: true);
                string? next = null;
                if (array[i] is JsonObject ruleObj)
                {
                    if (!ruleObj.ContainsKey("Next")) { Error($"{rulePath}.Next", "required field is missing"); }
                    else if (!JsonNodes.IsString(ruleObj["Next"], out next!)) { Error($"{rulePath}.Next", "must be a string naming a state"); next = null; }
                }
                if (rule is not null && next is not null)
                {
                    choices.Add((rule, next));
                    extras.Add(new RuleExtras(array[i] is JsonObject ro ? JsonPathAssign(ro, rulePath) : null, null));
                }
            }
        }
        string? defaultName = null;
        if (obj.ContainsKey("Default") && !JsonNodes.IsString(obj["Default"], out defaultName!)) { Error($"{path}.Default", "must be a string naming a state"); defaultName = null; }
        return new ChoiceState(name, path) { InputPath = inputPath, OutputPath = outputPath, Choices = choices, DefaultName = defaultName, RuleExtras = extras };
    }

    private ChoiceRule? ParseRule(JsonNode? node, string path, bool topLevel)
    {
        if (node is not JsonObject obj) { Error(path, "a choice rule must be an object"); return null; }
        if (!topLevel && obj.ContainsKey("Next")) { Error($"{path}.Next", "only top-level choice rules may have Next"); }
        var operators = obj.Select(p => p.Key).Where(k => k is "And" or "Or" or "Not" || ChoiceOperators.All.ContainsKey(k)).ToList();
        var unknown = obj.Select(p => p.Key).Where(k => k is not ("Variable" or "Next" or "Comment") && !(topLevel && k == "Assign") && !operators.Contains(k)).ToList();
        foreach (var field in unknown) { Error(Child(path, field), $"'{field}' is not a choice rule field or comparison operator"); }
        if (operators.Count != 1)
        {
            Error(path, operators.Count == 0 ? "a choice rule needs exactly one comparison operator, And, Or or Not" : $"a choice rule may have only one operator, found {string.Join(", ", operators)}");
            return null;
        }
        var op = operators[0];
        if (op is "And" or "Or")
        {
            if (obj[op] is not JsonArray list || list.Count == 0) { Error($"{path}.{op}", "must be a non-empty array of choice rules"); return null; }
            var rules = new List<ChoiceRule>();
            for (var i = 0; i < list.Count; i++)
            {
                var rule = ParseRule(list[i], $"{path}.{op}[{i}]", topLevel: false);
                if (rule is not null) { rules.Add(rule); }
            }
            if (obj.ContainsKey("Variable")) { Error($"{path}.Variable", $"{op} rules do not take a Variable"); }
            return rules.Count == list.Count ? (op == "And" ? new AndRule(rules) : new OrRule(rules)) : null;
        }
        if (op == "Not")
        {
            var inner = ParseRule(obj["Not"], $"{path}.Not", topLevel: false);
            return inner is null ? null : new NotRule(inner);
        }
        var variable = obj.ContainsKey("Variable") ? ReferencePath(obj["Variable"], $"{path}.Variable", allowContext: true) : null;
        if (!obj.ContainsKey("Variable")) { Error($"{path}.Variable", "required field is missing"); }
        var (kind, cmp, isPath) = ChoiceOperators.All[op];
        var valuePath = $"{path}.{op}";
        var value = obj[op];
        JsonPath? otherPath = null;
        WildcardPattern? pattern = null;
        if (isPath)
        {
            otherPath = ReferencePath(value, valuePath, allowContext: true);
            if (otherPath is null) { return null; }
        }
        else
        {
            var expected = ChoiceOperators.LiteralKind(kind);
            var actual = JsonNodes.Kind(value);
            var ok = expected == JsonValueKind.True ? actual is JsonValueKind.True or JsonValueKind.False : actual == expected;
            if (!ok)
            {
                Error(valuePath, $"{op} needs a {(expected == JsonValueKind.True ? "boolean" : expected == JsonValueKind.Number ? "number" : "string")} value, not {JsonNodes.TypeName(value)}");
                return null;
            }
            if (kind == ComparisonKind.Timestamp && !ComparisonRule.TryParseTimestamp(value!.GetValue<string>(), out _))
            {
                Error(valuePath, $"'{value.GetValue<string>()}' is not an RFC 3339 timestamp such as 2026-01-01T00:00:00Z");
                return null;
            }
            if (kind == ComparisonKind.StringMatches) { pattern = WildcardPattern.Parse(value!.GetValue<string>()); }
        }
        return variable is null ? null : new ComparisonRule
        {
            Variable = variable, Kind = kind, Op = cmp, Literal = isPath ? null : JsonNodes.Copy(value), OtherPath = otherPath, Pattern = pattern, OperatorName = op,
        };
    }

    private WaitState ParseWait(string name, JsonObject obj, string path, string? next, bool end, OptionalPath inputPath, OptionalPath outputPath)
    {
        var present = new[] { "Seconds", "SecondsPath", "Timestamp", "TimestampPath" }.Where(obj.ContainsKey).ToList();
        if (present.Count != 1)
        {
            Error(path, present.Count == 0 ? "a Wait state needs one of Seconds, SecondsPath, Timestamp or TimestampPath" : $"a Wait state takes only one of {string.Join(", ", present)}");
        }
        int? seconds = obj.ContainsKey("Seconds") ? PositiveInt(obj["Seconds"], $"{path}.Seconds", allowZero: true) : null;
        DateTimeOffset? timestamp = null;
        if (obj.ContainsKey("Timestamp"))
        {
            if (JsonNodes.IsString(obj["Timestamp"], out var text) && ComparisonRule.TryParseTimestamp(text, out var ts)) { timestamp = ts; }
            else { Error($"{path}.Timestamp", "must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z"); }
        }
        return new WaitState(name, path)
        {
            NextName = next, End = end, InputPath = inputPath, OutputPath = outputPath,
            Seconds = seconds, Timestamp = timestamp,
            SecondsPath = obj.ContainsKey("SecondsPath") ? ReferencePath(obj["SecondsPath"], $"{path}.SecondsPath", allowContext: true) : null,
            TimestampPath = obj.ContainsKey("TimestampPath") ? ReferencePath(obj["TimestampPath"], $"{path}.TimestampPath", allowContext: true) : null,
        };
    }

    private FailState ParseFail(string name, JsonObject obj, string path)
    {
        foreach (var (a, b) in (ReadOnlySpan<(string, string)>)[("Error", "ErrorPath"), ("Cause", "CausePath")])
        {
            if (obj.ContainsKey(a) && obj.ContainsKey(b)) { Error($"{path}.{b}", $"only one of {a} and {b} may be set"); }
        }
        ValueExpression? Expr(string field) =>
            !obj.ContainsKey(field) ? null
            : JsonNodes.IsString(obj[field], out var text) ? ValueExpression.Compile(text, $"{path}.{field}", allowIntrinsic: true, _errors)
            : Fail<ValueExpression>($"{path}.{field}", "must be a string holding a path or an intrinsic function");
        return new FailState(name, path)
        {
            Error = OptionalString(obj, path, "Error"),
            Cause = OptionalString(obj, path, "Cause"),
            ErrorPath = Expr("ErrorPath"),
            CausePath = Expr("CausePath"),
        };
    }

    private ParallelState? ParseParallel(string name, JsonObject obj, string path, string? next, bool end, OptionalPath inputPath, OptionalPath outputPath, bool jsonata = false)
    {
        var branches = new List<StateScope>();
        if (obj["Branches"] is not JsonArray array || array.Count == 0)
        {
            Error($"{path}.Branches", obj.ContainsKey("Branches") ? "must be a non-empty array of branches" : "required field is missing");
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                var branchPath = $"{path}.Branches[{i}]";
                if (array[i] is not JsonObject branch) { Error(branchPath, "a branch must be an object with StartAt and States"); continue; }
                CheckFields(branch, branchPath, ["StartAt", "States", "Comment"], "a branch");
                var scope = ParseScope(branch, branchPath);
                if (scope is not null) { branches.Add(scope); }
            }
        }
        var (retry, catchers) = ErrorHandling(obj, path, jsonata);
        return new ParallelState(name, path)
        {
            NextName = next, End = end, InputPath = inputPath, OutputPath = outputPath, Branches = branches,
            Parameters = jsonata ? null : Template(obj, path, "Parameters"),
            ResultSelector = jsonata ? null : Template(obj, path, "ResultSelector"),
            ResultPath = jsonata ? OptionalPath.Root : OptionalPathField(obj, path, "ResultPath", definiteOnly: true),
            Retry = retry, Catch = catchers,
        };
    }

    private MapState? ParseMap(string name, JsonObject obj, string path, string? next, bool end, OptionalPath inputPath, OptionalPath outputPath, bool jsonata = false)
    {
        // A distributed Map is one root cause however many of its fields are present: one message, at the Mode when the
        // processor says DISTRIBUTED, else at the first distributed-only field.
        var distributedFields = s_distributedMapFields.Where(obj.ContainsKey).ToList();
        var distributedMode = obj["ItemProcessor"] is JsonObject itemProcessor && itemProcessor["ProcessorConfig"] is JsonObject processorConfig
            && JsonNodes.IsString(processorConfig["Mode"], out var configuredMode) && configuredMode != "INLINE";
        if (distributedFields.Count > 0 && !distributedMode)
        {
            Unsupported($"{path}.{distributedFields[0]}", $"distributed Map ({string.Join(", ", distributedFields)}); use an inline Map");
        }
        var hasProcessor = obj.ContainsKey("ItemProcessor");
        var hasIterator = obj.ContainsKey("Iterator");
        StateScope? processor = null;
        if (hasProcessor == hasIterator)
        {
            Error(path, hasProcessor ? "a Map state takes ItemProcessor or Iterator, not both" : "a Map state needs ItemProcessor (or the legacy Iterator)");
        }
        else
        {
            var field = hasProcessor ? "ItemProcessor" : "Iterator";
            var processorPath = $"{path}.{field}";
            if (obj[field] is not JsonObject scopeObj) { Error(processorPath, "must be an object with StartAt and States"); }
            else
            {
                CheckFields(scopeObj, processorPath, ["StartAt", "States", "Comment", "ProcessorConfig"], "an item processor");
                if (scopeObj["ProcessorConfig"] is JsonObject config && JsonNodes.IsString(config["Mode"], out var mode) && mode != "INLINE")
                {
                    Unsupported($"{processorPath}.ProcessorConfig.Mode",
                        distributedFields.Count == 0 ? $"Map mode '{mode}'; use INLINE" : $"Map mode '{mode}' ({string.Join(", ", distributedFields)}); use INLINE");
                }
                processor = ParseScope(scopeObj, processorPath);
            }
        }
        if (obj.ContainsKey("ItemSelector") && obj.ContainsKey("Parameters"))
        {
            Error($"{path}.Parameters", "only one of ItemSelector and Parameters may be set (Parameters is the legacy name)");
        }
        var selector = jsonata ? null : Template(obj, path, "ItemSelector") ?? Template(obj, path, "Parameters");
        var maxConcurrency = obj.ContainsKey("MaxConcurrency") ? PositiveInt(obj["MaxConcurrency"], $"{path}.MaxConcurrency", allowZero: true) ?? 0 : 0;
        JsonPath? maxConcurrencyPath = null;
        if (obj.ContainsKey("MaxConcurrencyPath"))
        {
            // An inline Map runs MaxConcurrencyPath on AWS (issue #22); the Map state page lists it as the reference-path
            // form of MaxConcurrency, and a state can't have both.
            if (obj.ContainsKey("MaxConcurrency")) { Error($"{path}.MaxConcurrencyPath", "MaxConcurrency and MaxConcurrencyPath can't both be set"); }
            else { maxConcurrencyPath = ReferencePath(obj["MaxConcurrencyPath"], $"{path}.MaxConcurrencyPath", allowContext: true); }
        }
        var itemsPath = obj.ContainsKey("ItemsPath") ? ReferencePath(obj["ItemsPath"], $"{path}.ItemsPath", allowContext: true) : null;
        var (retry, catchers) = ErrorHandling(obj, path, jsonata);
        if (processor is null) { return null; }
        return new MapState(name, path)
        {
            NextName = next, End = end, InputPath = inputPath, OutputPath = outputPath,
            Processor = processor, ItemsPath = itemsPath, ItemSelector = selector, MaxConcurrency = maxConcurrency,
            MaxConcurrencyPath = maxConcurrencyPath,
            ResultSelector = jsonata ? null : Template(obj, path, "ResultSelector"),
            ResultPath = jsonata ? OptionalPath.Root : OptionalPathField(obj, path, "ResultPath", definiteOnly: true),
            Retry = retry, Catch = catchers,
        };
    }

    private (string? Next, bool End) NextOrEnd(JsonObject obj, string path)
    {
        var hasNext = obj.ContainsKey("Next");
        var hasEnd = obj.ContainsKey("End");
        string? next = null;
        if (hasNext && !JsonNodes.IsString(obj["Next"], out next!)) { Error($"{path}.Next", "must be a string naming a state"); next = null; }
        var end = false;
        if (hasEnd && (!JsonNodes.IsBoolean(obj["End"], out end) || !end)) { Error($"{path}.End", "must be true (omit End and set Next instead)"); }
        if (hasNext && hasEnd) { Error(path, "a state takes Next or End, not both"); }
        if (!hasNext && !hasEnd) { Error(path, "dead end: a non-terminal state needs Next or \"End\": true"); }
        return (next, end);
    }

    private PayloadTemplate? Template(JsonObject obj, string path, string field)
    {
        if (!obj.ContainsKey(field)) { return null; }
        var value = obj[field];
        if (field is "ResultSelector" or "ItemSelector" && value is not JsonObject)
        {
            Error($"{path}.{field}", "must be a JSON object");
            return null;
        }
        return PayloadTemplate.Compile(value, $"{path}.{field}", _errors);
    }

    private OptionalPath OptionalPathField(JsonObject obj, string path, string field, bool definiteOnly)
    {
        if (!obj.TryGetPropertyValue(field, out var value)) { return OptionalPath.Root; }
        if (value is null) { return new OptionalPath(null, true); }
        var location = $"{path}.{field}";
        if (definiteOnly)
        {
            var reference = ReferencePath(value, location, allowContext: false);
            return reference is null ? OptionalPath.Root : new OptionalPath(reference, false);
        }
        if (!JsonNodes.IsString(value, out var text)) { Error(location, "must be a path string or null"); return OptionalPath.Root; }
        if (!JsonPath.TryParse(text, out var parsed, out var error)) { Error(location, error!); return OptionalPath.Root; }
        return new OptionalPath(parsed, false);
    }

    private JsonPath? ReferencePath(JsonNode? value, string location, bool allowContext)
    {
        if (!JsonNodes.IsString(value, out var text)) { Error(location, "must be a reference path string such as $.field"); return null; }
        if (!JsonPath.TryParse(text, out var path, out var error)) { Error(location, error!); return null; }
        if (!path!.IsDefinite) { Error(location, $"'{text}' must be a reference path (members and indexes only: no wildcards, slices, filters or '..')"); return null; }
        if (path.IsContext && !allowContext) { Error(location, $"'{text}' may not refer to the context object"); return null; }
        return path;
    }

    private int? PositiveInt(JsonNode? value, string location, bool allowZero)
    {
        if (JsonNodes.IsInteger(value, out var n) && n <= int.MaxValue && (n > 0 || (allowZero && n == 0))) { return (int)n; }
        Error(location, allowZero ? "must be a non-negative integer" : "must be a positive integer");
        return null;
    }

    private string? OptionalString(JsonObject obj, string path, string field)
    {
        if (!obj.ContainsKey(field)) { return null; }
        if (JsonNodes.IsString(obj[field], out var value)) { return value; }
        Error($"{path}.{field}", "must be a string");
        return null;
    }

    /// <summary>True for JSONata, false for JSONPath, null when the field is absent (or wrong, which is reported).</summary>
    private bool? CheckQueryLanguage(JsonObject obj, string path)
    {
        if (!obj.ContainsKey("QueryLanguage")) { return null; }
        if (JsonNodes.IsString(obj["QueryLanguage"], out var language) && language is "JSONPath" or "JSONata") { return language == "JSONata"; }
        Error($"{path}.QueryLanguage", "must be \"JSONPath\" or \"JSONata\"");
        return null;
    }

    private void CheckFields(JsonObject obj, string path, HashSet<string> allowed, string what)
    {
        foreach (var (key, _) in obj)
        {
            if (!allowed.Contains(key) && !(what.EndsWith("state", StringComparison.Ordinal) && s_commonFields.Contains(key)))
            {
                Error(Child(path, key), $"'{key}' is not a valid field in {what}");
            }
        }
    }

    private T? Fail<T>(string location, string message) where T : class
    {
        Error(location, message);
        return null;
    }

    private void Error(string location, string message) => _errors.Add(new AslValidationError(location, message));

    private void Unsupported(string location, string feature) => _errors.Add(AslValidationError.NotSupported(location, feature));

    internal static string Child(string path, string key) =>
        SimpleName().IsMatch(key) ? $"{path}.{key}" : $"{path}['{key.Replace("'", "\\'", StringComparison.Ordinal)}']";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SimpleName();

    private JsonNode? Substitute(JsonNode? node, IReadOnlyDictionary<string, string>? substitutions, HashSet<string> remaining)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj) { copy[key] = Substitute(value, substitutions, remaining); }
                return copy;
            case JsonArray array:
                var list = new JsonArray();
                foreach (var item in array) { list.Add(Substitute(item, substitutions, remaining)); }
                return list;
            case JsonValue value when JsonNodes.IsString(value, out var text) && text.Contains("${", StringComparison.Ordinal):
                var result = Placeholder().Replace(text, m =>
                {
                    var key = m.Groups[1].Value;
                    if (substitutions is not null && substitutions.TryGetValue(key, out var replacement)) { return replacement; }
                    remaining.Add(key);
                    return m.Value;
                });
                if (result == text) { return JsonNodes.Copy(value); }
                var replaced = JsonValue.Create(result);
                if (ResourceNames.IsPlaceholder(text)) { _substitutedKeys[replaced] = ResourceNames.StripPlaceholder(text); }
                return replaced;
            default:
                return JsonNodes.Copy(node);
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_.:-]+)\}")]
    private static partial Regex Placeholder();
}

internal sealed record ParseResult(StateMachineDefinition? Definition, IReadOnlyList<AslValidationError> Errors);
