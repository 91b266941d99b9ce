using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Model;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>Task, Parallel and Map execution.</summary>
internal sealed partial class ExecutionRun
{
    private async ValueTask<JsonNode?> RunTaskAsync(TaskState task, JsonNode? effective, ContextObject context, bool isRoot, CancellationToken ct)
    {
        var scope = new EvalScope(effective, context, Random);
        var timeout = Seconds(task.TimeoutSeconds, task.TimeoutSecondsPath, scope, task.Name, "TimeoutSecondsPath");
        var heartbeat = Seconds(task.HeartbeatSeconds, task.HeartbeatSecondsPath, scope, task.Name, "HeartbeatSecondsPath");
        var resumedToken = isRoot && Resume is { TaskToken: not null } r && r.StateName == task.Name ? r.TaskToken : null;
        Resume = null;
        var waitsForToken = task.Pattern == IntegrationPattern.WaitForTaskToken;
        if (waitsForToken) { context.TaskToken = resumedToken ?? _engine.NewTaskToken(); }
        var isLambda = task.Target == TaskTarget.LambdaFunction;
        var resourceBase = ResourceNames.WithoutPattern(task.Resource);
        var resourceType = ResourceNames.ResourceType(task.Resource);
        var stateOverride = Machine.Resources.FindState(task.Name);
        var invocationIndex = NextInvocationIndex(task.Name);
        // Parameters go to text first when something needs the text anyway (the history, or a stream function that
        // reads JSON bytes): writing them is cheaper than building a copy of every selected value, and a handler
        // that wants nodes gets them parsed from the text (lazily, so a large value it only passes on stays text).
        JsonNode? parameters = null;
        JsonText? parametersText = null;
        if (task.Parameters is not null && stateOverride is null
            && (Options.RecordHistory || (isLambda && LambdaHandler(task) is { } lambda && Machine.Resources.IsStreamFunction(lambda))))
        {
            parametersText = WriteText(task.Parameters, scope, task.Name);
        }
        else
        {
            parameters = task.Parameters is null ? effective : task.Parameters.Evaluate(scope, task.Name);
        }

        if (resumedToken is null)
        {
            parametersText = AddEvent(isLambda ? HistoryEventType.LambdaFunctionScheduled : HistoryEventType.TaskScheduled, input: parameters, inputText: parametersText, resource: resourceBase, resourceType: resourceType) ?? parametersText;
            AddEvent(isLambda ? HistoryEventType.LambdaFunctionStarted : HistoryEventType.TaskStarted, resource: resourceBase, resourceType: resourceType);
        }
        JsonNode? result;
        try
        {
            if (stateOverride is not null)
            {
                result = await InvokeAsync(stateOverride, Invocation(task, parameters, parametersText, parameters, null, context, invocationIndex), timeout, ct);
            }
            else
            {
                // As on Step Functions, the token is live before the integration runs: a callback that arrives while
                // the integration call is still in flight (e.g. an approval cancelled meanwhile) completes the task
                // instead of failing with TaskDoesNotExist.
                var early = waitsForToken && resumedToken is null ? RegisterPending(task, context.TaskToken!) : null;
                if (resumedToken is null)
                {
                    try
                    {
                        result = await InvokeTargetAsync(task, parameters, parametersText, context, invocationIndex, timeout, ct);
                    }
                    catch
                    {
                        early?.Cancel();
                        throw;
                    }
                }
                else
                {
                    result = null;
                }
                if (waitsForToken)
                {
                    AddEvent(HistoryEventType.TaskSubmitted, output: result, resource: resourceBase, resourceType: resourceType);
                    result = await WaitForCallbackAsync(task, context.TaskToken!, early, timeout, heartbeat, isRoot, ct);
                }
            }
        }
        catch (StatesErrorException ex) when (!ct.IsCancellationRequested)
        {
            var timedOut = ex.Error is StatesErrors.Timeout or StatesErrors.HeartbeatTimeout;
            AddEvent(isLambda ? (timedOut ? HistoryEventType.LambdaFunctionTimedOut : HistoryEventType.LambdaFunctionFailed) : (timedOut ? HistoryEventType.TaskTimedOut : HistoryEventType.TaskFailed),
                error: ex.Error, cause: ex.Cause, resource: resourceBase, resourceType: resourceType);
            throw;
        }
        AddEvent(isLambda ? HistoryEventType.LambdaFunctionSucceeded : HistoryEventType.TaskSucceeded, output: result, resource: resourceBase, resourceType: resourceType);
        return result;
    }

    private async ValueTask<JsonNode?> InvokeTargetAsync(TaskState task, JsonNode? parameters, JsonText? parametersText, ContextObject context, int invocationIndex, TimeSpan? timeout, CancellationToken ct)
    {
        var resources = Machine.Resources;
        switch (task.Target)
        {
            case TaskTarget.LambdaFunction:
            {
                var handler = LambdaHandler(task) ?? throw Unbound(task, $"Lambda function '{task.Resource}'");
                return await InvokeAsync(handler, Invocation(task, parameters, parametersText, parameters, task.Resource, context, invocationIndex), timeout, ct);
            }
            case TaskTarget.LambdaInvoke:
            {
                parameters ??= parametersText?.ToNode();
                var obj = parameters as JsonObject;
                if (obj is null || !JsonNodes.IsString(obj["FunctionName"], out var functionName))
                {
                    throw new StatesErrorException(StatesErrors.Runtime,
                        $"An error occurred while executing the state '{task.Name}'. lambda:invoke needs Parameters with a FunctionName string");
                }
                var payload = obj["Payload"];
                var handler = resources.FindFunction(functionName, ResourceNames.IsPlaceholder(functionName) ? ResourceNames.StripPlaceholder(functionName) : null)
                    ?? resources.FindResource(task.Resource, task.PlaceholderKey) ?? resources.Fallback
                    ?? throw Unbound(task, $"Lambda function '{functionName}'");
                var response = await InvokeAsync(handler, Invocation(task, payload, null, parameters, functionName, context, invocationIndex), timeout, ct);
                return task.Pattern == IntegrationPattern.WaitForTaskToken ? response : ServiceResponses.LambdaInvoke(response, RequestId());
            }
            default:
            {
                var handler = resources.FindResource(task.Resource, task.PlaceholderKey) ?? resources.Fallback
                    ?? throw Unbound(task, $"resource '{task.Resource}'");
                return await InvokeAsync(handler, Invocation(task, parameters, parametersText, parameters, null, context, invocationIndex), timeout, ct);
            }
        }
    }

    private TaskHandler? LambdaHandler(TaskState task)
    {
        var resources = Machine.Resources;
        return resources.FindFunction(task.Resource, task.PlaceholderKey) ?? resources.FindResource(task.Resource, task.PlaceholderKey) ?? resources.Fallback;
    }

    private static JsonText WriteText(PayloadTemplate template, EvalScope scope, string stateName) =>
        JsonText.Write((template, scope, stateName), static (writer, s) => s.template.WriteTo(writer, s.scope, s.stateName));

    private static StatesErrorException Unbound(TaskState task, string what) =>
        new(StatesErrors.Runtime, $"An error occurred while executing the state '{task.Name}'. No handler is bound for {what}; bind it in the ResourceRegistry (or mock the state).");

    /// <param name="inputText">The input as text; when <paramref name="input"/> is null too, the handler's Input and Parameters are parsed from it on demand.</param>
    private TaskInvocation Invocation(TaskState task, JsonNode? input, JsonText? inputText, JsonNode? parameters, string? functionName, ContextObject context, int invocationIndex) => new()
    {
        Resource = task.Resource, StateName = task.Name, Input = input, InputText = inputText, Parameters = parameters, FunctionName = functionName,
        NodesFromText = input is null && parameters is null && inputText is not null,
        TaskToken = context.TaskToken, InvocationIndex = invocationIndex, RetryCount = context.RetryCount,
        ExecutionArn = Arn, ExecutionName = Name, StateMachineArn = Machine.Arn, StateMachineName = Machine.Name,
    };

    /// <summary>Calls a handler, mapping its exceptions to task errors and enforcing TimeoutSeconds. Synchronous handlers stay synchronous.</summary>
    private async ValueTask<JsonNode?> InvokeAsync(TaskHandler handler, TaskInvocation invocation, TimeSpan? timeout, CancellationToken ct)
    {
        CancellationTokenSource? linked = null;
        // Results are copied unless the handler hands them over (then nothing else can reach the document).
        var adopt = Machine.Resources.IsStreamFunction(handler);
        JsonNode? Own(JsonNode? result) => adopt && result?.Parent is null ? result : JsonNodes.Copy(result);
        try
        {
            ValueTask<JsonNode?> pending;
            if (timeout is null)
            {
                pending = handler(invocation, ct);
                return Own(await pending);
            }
            linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
            pending = handler(invocation, linked.Token);
            if (pending.IsCompleted) { return Own(await pending); }
            var work = pending.AsTask();
            var timer = Task.Delay(timeout.Value, Time, linked.Token);
            if (await Task.WhenAny(work, timer) == timer && !work.IsCompleted)
            {
                await linked.CancelAsync();
                _ = work.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
                throw new StatesErrorException(StatesErrors.Timeout, $"The task '{invocation.StateName}' did not complete within TimeoutSeconds", fromTask: true);
            }
            return Own(await work);
        }
        catch (TaskFailedException ex)
        {
            throw new StatesErrorException(ex.Error, ex.Cause, fromTask: true);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (StatesErrorException)
        {
            throw;
        }
#pragma warning disable CA1031 // Any handler exception is a task failure named after its type, as Lambda reports errorType.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new StatesErrorException(ex.GetType().Name, ex.Message, fromTask: true);
        }
        finally
        {
            linked?.Dispose();
        }
    }

    private PendingTask RegisterPending(TaskState task, string token)
    {
        var pending = new PendingTask(token, this, task.Name);
        _engine.RegisterToken(pending);
        return pending;
    }

    private async ValueTask<JsonNode?> WaitForCallbackAsync(TaskState task, string token, PendingTask? registered, TimeSpan? timeout, TimeSpan? heartbeat, bool isRoot, CancellationToken ct)
    {
        var pending = registered ?? RegisterPending(task, token);
        pending.StartTimers(Time, timeout, heartbeat);
        // Inside a Parallel branch or Map iteration the checkpoint is the enclosing top-level state, re-run on resume.
        await _engine.SaveCheckpointAsync(this, isRoot ? token : null, null);
        await using var registration = ct.Register(static p => ((PendingTask)p!).Cancel(), pending);
        return await pending.Completion;
    }

    private static TimeSpan? Seconds(int? fixedSeconds, JsonPath? path, in EvalScope scope, string stateName, string field)
    {
        if (fixedSeconds is { } s) { return TimeSpan.FromSeconds(s); }
        if (path is null) { return null; }
        if (PathEvaluator.TryEvaluate(path, scope, out var value) && JsonNodes.IsInteger(value, out var n) && n > 0) { return TimeSpan.FromSeconds(n); }
        throw new StatesErrorException(StatesErrors.Runtime,
            $"An error occurred while executing the state '{stateName}'. {field} '{path.Text}' did not select a positive integer in '{PayloadTemplate.Preview(scope.Input)}'");
    }

    private string RequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private async ValueTask<JsonNode?> RunParallelAsync(ParallelState state, JsonNode? effective, ContextObject context, CancellationToken ct)
    {
        var input = state.Parameters is null ? effective : state.Parameters.Evaluate(new EvalScope(effective, context, Random), state.Name);
        AddEvent(HistoryEventType.ParallelStateStarted, state.Name);
        try
        {
            var results = await RunAllAsync(state.Branches.Count, 0, (i, token) => RunScopeAsync(state.Branches[i].Start, JsonNodes.Copy(input), isRoot: false, new VariableScope(context.Variables), token), ct);
            AddEvent(HistoryEventType.ParallelStateSucceeded, state.Name);
            return results;
        }
        catch (StatesErrorException ex) when (!ct.IsCancellationRequested)
        {
            AddEvent(HistoryEventType.ParallelStateFailed, state.Name, error: ex.Error, cause: ex.Cause);
            throw;
        }
    }

    private async ValueTask<JsonNode?> RunMapAsync(MapState state, JsonNode? effective, ContextObject context, CancellationToken ct)
    {
        var scope = new EvalScope(effective, context, Random);
        JsonNode? itemsNode = effective;
        if (state.ItemsPath is not null && !PathEvaluator.TryEvaluate(state.ItemsPath, scope, out itemsNode))
        {
            throw new StatesErrorException(StatesErrors.Runtime,
                $"An error occurred while executing the state '{state.Name}'. Invalid ItemsPath '{state.ItemsPath.Text}': it references an invalid value in '{PayloadTemplate.Preview(effective)}'");
        }
        if (itemsNode is not JsonArray items)
        {
            throw new StatesErrorException(StatesErrors.Runtime,
                $"An error occurred while executing the state '{state.Name}'. The Map state's items must be a JSON array, not {JsonNodes.TypeName(itemsNode)}");
        }
        var maxConcurrency = state.MaxConcurrency;
        if (state.MaxConcurrencyPath is { } concurrencyPath)
        {
            if (!PathEvaluator.TryEvaluate(concurrencyPath, scope, out var limit) || !JsonNodes.IsInteger(limit, out var n) || n < 0)
            {
                throw new StatesErrorException(StatesErrors.Runtime,
                    $"An error occurred while executing the state '{state.Name}'. MaxConcurrencyPath '{concurrencyPath.Text}' did not select a non-negative integer in '{PayloadTemplate.Preview(effective)}'");
            }
            maxConcurrency = (int)n;
        }
        AddEvent(HistoryEventType.MapStateStarted, state.Name, index: items.Count);
        try
        {
            var results = await RunAllAsync(items.Count, maxConcurrency, (i, token) => RunIterationAsync(state, items[i], i, effective, context, token), ct);
            AddEvent(HistoryEventType.MapStateSucceeded, state.Name);
            return results;
        }
        catch (StatesErrorException ex) when (!ct.IsCancellationRequested)
        {
            AddEvent(HistoryEventType.MapStateFailed, state.Name, error: ex.Error, cause: ex.Cause);
            throw;
        }
    }

    private async ValueTask<JsonNode?> RunIterationAsync(MapState state, JsonNode? item, int index, JsonNode? effective, ContextObject context, CancellationToken ct)
    {
        JsonNode? input;
        if (state.ItemSelector is not null)
        {
            var itemContext = new ContextObject(this, context.StateName, context.EnteredTime, context.RetryCount, new MapItemContext(index, item)) { Variables = context.Variables };
            input = state.ItemSelector.Evaluate(new EvalScope(effective, itemContext, Random), state.Name);
        }
        else
        {
            input = JsonNodes.Copy(item);
        }
        return await RunMapIterationAsync(state, input, index, context, ct);
    }

    /// <summary>One Map iteration: the item processor in a variable scope of its own that reads the Map state's.</summary>
    private async ValueTask<JsonNode?> RunMapIterationAsync(MapState state, JsonNode? input, int index, ContextObject context, CancellationToken ct)
    {
        AddEvent(HistoryEventType.MapIterationStarted, state.Name, index: index);
        try
        {
            var output = await RunScopeAsync(state.Processor.Start, input, isRoot: false, new VariableScope(context.Variables), ct);
            AddEvent(HistoryEventType.MapIterationSucceeded, state.Name, index: index);
            return output;
        }
        catch (StatesErrorException ex) when (!ct.IsCancellationRequested)
        {
            AddEvent(HistoryEventType.MapIterationFailed, state.Name, error: ex.Error, cause: ex.Cause, index: index);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> branches/iterations with at most <paramref name="maxConcurrency"/> in flight (0 = no limit)
    /// and collects their outputs in order. The first failure cancels the others and is rethrown.
    /// </summary>
    private static async ValueTask<JsonArray> RunAllAsync(int count, int maxConcurrency, Func<int, CancellationToken, ValueTask<JsonNode?>> run, CancellationToken ct)
    {
        var outputs = new JsonNode?[count];
        var linked = count > 1 ? CancellationTokenSource.CreateLinkedTokenSource(ct) : null;
        List<Task>? inFlight = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var token = linked?.Token ?? ct;
                var pending = run(i, token);
                if (pending.IsCompletedSuccessfully)
                {
                    outputs[i] = pending.Result;
                    continue;
                }
                if (pending.IsCompleted)
                {
                    await pending; // throws its error
                }
                inFlight ??= [];
                var index = i;
                inFlight.Add(Collect(pending, outputs, index));
                if (maxConcurrency > 0 && inFlight.Count >= maxConcurrency)
                {
                    var done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    await done;
                }
            }
            if (inFlight is not null)
            {
                while (inFlight.Count > 0)
                {
                    var done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    await done;
                }
            }
        }
        catch
        {
            if (linked is not null) { await linked.CancelAsync(); }
            throw;
        }
        finally
        {
            linked?.Dispose();
        }
        var array = new JsonArray();
        foreach (var output in outputs)
        {
            array.Add(output?.Parent is null ? output : JsonNodes.Copy(output));
        }
        return array;
    }

    private static async Task Collect(ValueTask<JsonNode?> pending, JsonNode?[] outputs, int index) => outputs[index] = await pending;
}
