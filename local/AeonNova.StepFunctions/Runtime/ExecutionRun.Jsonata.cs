using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Jsonata;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Model;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>
/// States with QueryLanguage JSONata: $states.input/result/errorOutput/context, Arguments → task/branches/items,
/// Output (default: the result, else the input), Assign evaluated with the variables as they were when the state was
/// entered and applied when it finishes (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
/// </summary>
internal sealed partial class ExecutionRun
{
    private static readonly JsonSerializerOptions s_assignedText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private JsonataOptions? _jsonataOptions;

    private JsonataOptions JsonataOptions => _jsonataOptions ??= new JsonataOptions
    {
        StepFunctions = true,
        Time = Time,
        Random = Random.NextDouble,
    };

    private JsonataBindings Bindings(ContextObject context, JsonNode? input, JsonNode? result = null, bool hasResult = false, JsonNode? errorOutput = null)
    {
        var states = new JsonObject { ["input"] = JsonNodes.Copy(input), ["context"] = context.Whole() };
        if (hasResult) { states["result"] = JsonNodes.Copy(result); }
        if (errorOutput is not null) { states["errorOutput"] = JsonNodes.Copy(errorOutput); }
        return new JsonataBindings(context.Variables?.Bindings() ?? new Dictionary<string, JsonataValue>(), states, JsonataOptions);
    }

    /// <summary>Evaluates Assign (JSONata bindings, or the JSONPath input for "name.$" paths) and stores the values.</summary>
    private Dictionary<string, string>? ApplyAssign(AssignSpec? spec, JsonataBindings? bindings, JsonNode? jsonPathInput, ContextObject context)
    {
        if (spec is null) { return null; }
        List<KeyValuePair<string, JsonNode?>> values;
        if (spec.Jsonata is { } template)
        {
            values = template.EvaluateMembers(bindings!, context.StateName);
        }
        else
        {
            var evaluated = spec.JsonPath!.Evaluate(new EvalScope(jsonPathInput, context, Random), context.StateName) as JsonObject ?? [];
            values = [.. evaluated.Select(kv => KeyValuePair.Create(kv.Key, JsonNodes.Copy(kv.Value)))];
        }
        context.Variables!.Assign(values, context.StateName);
        return Options.RecordHistory ? values.ToDictionary(kv => kv.Key, kv => kv.Value?.ToJsonString(s_assignedText) ?? "null", StringComparer.Ordinal) : null;
    }

    private async ValueTask<(State? Next, JsonNode? Output)> RunJsonataStateAsync(State state, JsonNode? raw, ContextObject context, bool isRoot, CancellationToken ct)
    {
        switch (state)
        {
            case PassState:
            {
                var bindings = Bindings(context, raw);
                var output = state.Output?.Evaluate(bindings, state.Name, "Output") ?? raw;
                var assigned = ApplyAssign(state.Assign, bindings, null, context);
                AddEvent(HistoryEventType.PassStateExited, state.Name, output: output, assignedVariables: assigned);
                return (state.Next, output);
            }
            case SucceedState:
            {
                var output = state.Output?.Evaluate(Bindings(context, raw), state.Name, "Output") ?? raw;
                AddEvent(HistoryEventType.SucceedStateExited, state.Name, output: output);
                return (null, output);
            }
            case FailState fail:
            {
                var bindings = Bindings(context, raw);
                var error = fail.ErrorExpression is null ? null : TextOf(fail.ErrorExpression.Evaluate(bindings, state.Name, "Error"), state.Name, "Error");
                var cause = fail.CauseExpression is null ? null : TextOf(fail.CauseExpression.Evaluate(bindings, state.Name, "Cause"), state.Name, "Cause");
                throw StatesErrorException.FromFailState(error, cause);
            }
            case ChoiceState choice:
            {
                var bindings = Bindings(context, raw);
                State? next = null;
                var output = state.Output;
                var assign = state.Assign;
                for (var i = 0; i < choice.Choices.Count; i++)
                {
                    var condition = ((JsonataConditionRule)choice.Choices[i].Rule).Condition.Evaluate(bindings, state.Name, "Condition");
                    if (!JsonNodes.IsBoolean(condition, out var matched))
                    {
                        throw new StatesErrorException(StatesErrors.QueryEvaluationError,
                            $"An error occurred while executing the state '{state.Name}'. The Condition of Choices[{i}] must evaluate to a boolean, not {JsonNodes.TypeName(condition)}");
                    }
                    if (!matched) { continue; }
                    next = choice.ChoiceTargets[i];
                    output = choice.RuleExtras[i].Output ?? output;
                    assign = choice.RuleExtras[i].Assign ?? assign;
                    break;
                }
                next ??= choice.Default ?? throw new StatesErrorException(StatesErrors.NoChoiceMatched,
                    $"An error occurred while executing the state '{state.Name}'. No Choice rule matched and no Default is set, for input '{PayloadTemplate.Preview(raw)}'");
                var result = output?.Evaluate(bindings, state.Name, "Output") ?? raw;
                var assigned = ApplyAssign(assign, bindings, null, context);
                AddEvent(HistoryEventType.ChoiceStateExited, state.Name, output: result, assignedVariables: assigned);
                return (next, result);
            }
            case WaitState wait:
            {
                var bindings = Bindings(context, raw);
                var until = wait.SecondsExpression is not null ? Time.GetUtcNow().AddSeconds(WaitSeconds(wait.SecondsExpression.Evaluate(bindings, state.Name, "Seconds"), state.Name))
                    : wait.TimestampExpression is not null ? WaitTimestamp(wait.TimestampExpression.Evaluate(bindings, state.Name, "Timestamp"), state.Name)
                    : WaitUntil(wait, raw, context);
                await SuspendUntilAsync(until, isRoot, ct);
                var output = state.Output?.Evaluate(bindings, state.Name, "Output") ?? raw;
                var assigned = ApplyAssign(state.Assign, bindings, null, context);
                AddEvent(HistoryEventType.WaitStateExited, state.Name, output: output, assignedVariables: assigned);
                return (state.Next, output);
            }
            default:
                return await RunJsonataProcessingAsync((ProcessingState)state, raw, context, isRoot, ct);
        }
    }

    private async ValueTask<(State? Next, JsonNode? Output)> RunJsonataProcessingAsync(ProcessingState state, JsonNode? raw, ContextObject context, bool isRoot, CancellationToken ct)
    {
        try
        {
            var result = await RunWithRetriesAsync(state, context, isRoot, async attemptContext =>
            {
                var arguments = state.Arguments?.Evaluate(Bindings(attemptContext, raw), state.Name, "Arguments") ?? raw;
                return state switch
                {
                    TaskState task => await RunTaskAsync(task, arguments, attemptContext, isRoot, ct),
                    ParallelState parallel => await RunParallelAsync(parallel, arguments, attemptContext, ct),
                    _ => await RunJsonataMapAsync((MapState)state, raw, attemptContext, ct),
                };
            }, ct);
            var bindings = Bindings(context, raw, result, hasResult: true);
            var output = state.Output?.Evaluate(bindings, state.Name, "Output") ?? result;
            var assigned = ApplyAssign(state.Assign, bindings, null, context);
            AddEvent(ExitedEvent(state.Type), state.Name, output: output, assignedVariables: assigned);
            return (state.Next, output);
        }
        catch (StatesErrorException ex) when (!ct.IsCancellationRequested && FindCatcher(state, ex) is { } catcher)
        {
            var errorOutput = new JsonObject { ["Error"] = ex.Error, ["Cause"] = ex.Cause };
            var bindings = Bindings(context, raw, errorOutput: errorOutput);
            var output = catcher.Extras?.Output?.Evaluate(bindings, state.Name, "Catch.Output") ?? errorOutput;
            var assigned = ApplyAssign(catcher.Extras?.Assign, bindings, null, context);
            AddEvent(ExitedEvent(state.Type), state.Name, output: output, assignedVariables: assigned);
            return (catcher.Next, output);
        }
    }

    private async ValueTask<JsonNode?> RunJsonataMapAsync(MapState state, JsonNode? raw, ContextObject context, CancellationToken ct)
    {
        var itemsNode = state.Items?.Evaluate(Bindings(context, raw), state.Name, "Items") ?? raw;
        if (itemsNode is not JsonArray items)
        {
            throw new StatesErrorException(StatesErrors.QueryEvaluationError,
                $"An error occurred while executing the state '{state.Name}'. The Map state's Items must be a JSON array, not {JsonNodes.TypeName(itemsNode)}");
        }
        AddEvent(HistoryEventType.MapStateStarted, state.Name, index: items.Count);
        try
        {
            var results = await RunAllAsync(items.Count, state.MaxConcurrency, (i, token) =>
            {
                JsonNode? input;
                if (state.JsonataItemSelector is { } selector)
                {
                    var itemContext = new ContextObject(this, context.StateName, context.EnteredTime, context.RetryCount, new MapItemContext(i, items[i])) { Variables = context.Variables };
                    input = selector.Evaluate(Bindings(itemContext, raw), state.Name, "ItemSelector");
                }
                else
                {
                    input = JsonNodes.Copy(items[i]);
                }
                return RunMapIterationAsync(state, input, i, context, token);
            }, ct);
            AddEvent(HistoryEventType.MapStateSucceeded, state.Name);
            return results;
        }
        catch (StatesErrorException ex) when (!ct.IsCancellationRequested)
        {
            AddEvent(HistoryEventType.MapStateFailed, state.Name, error: ex.Error, cause: ex.Cause);
            throw;
        }
    }

    private static string TextOf(JsonNode? value, string stateName, string field) =>
        JsonNodes.IsString(value, out var text) ? text
        : throw new StatesErrorException(StatesErrors.QueryEvaluationError, $"An error occurred while executing the state '{stateName}'. {field} must evaluate to a string, not {JsonNodes.TypeName(value)}");

    private static int WaitSeconds(JsonNode? value, string stateName) =>
        JsonNodes.IsInteger(value, out var n) && n >= 0 && n <= int.MaxValue ? (int)n
        : throw new StatesErrorException(StatesErrors.QueryEvaluationError, $"An error occurred while executing the state '{stateName}'. Seconds must evaluate to a non-negative integer, not {PayloadTemplate.Preview(value)}");

    private static DateTimeOffset WaitTimestamp(JsonNode? value, string stateName) =>
        JsonNodes.IsString(value, out var text) && ComparisonRule.TryParseTimestamp(text, out var at) ? at
        : throw new StatesErrorException(StatesErrors.QueryEvaluationError, $"An error occurred while executing the state '{stateName}'. Timestamp must evaluate to an RFC 3339 timestamp, not {PayloadTemplate.Preview(value)}");
}
