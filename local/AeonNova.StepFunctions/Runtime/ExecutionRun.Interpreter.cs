using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Model;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>
/// The interpreter: runs states in order, applying input/output processing exactly as the States Language orders it
/// (InputPath → Parameters → task → ResultSelector → ResultPath → OutputPath), with Retry and Catch.
/// Everything is ValueTask-based, so executions whose handlers complete synchronously never leave the caller's thread.
/// </summary>
internal sealed partial class ExecutionRun
{
    /// <summary>Runs the execution to its end; never throws.</summary>
    public async Task RunAsync()
    {
        try
        {
            var root = Machine.Definition.Root;
            var start = root.Start;
            var input = JsonNodes.Copy(Input); // Input stays as given: $$.Execution.Input and StartExecution's idempotency check read it
            var variables = new VariableScope(null);
            if (Resume is { } resume && root.States.TryGetValue(resume.StateName, out var resumeState))
            {
                start = resumeState;
                input = JsonNodes.Parse(resume.StateInput);
                variables = VariableScope.Restore(resume.Variables);
            }
            else
            {
                Resume = null;
                AddEvent(HistoryEventType.ExecutionStarted, input: Input);
            }
            lock (_gate) { _rootVariables = variables; }
            var output = await RunScopeAsync(start, input, isRoot: true, variables, Cancellation);
            await CloseAsync(ExecutionStatus.Succeeded, output, null, null, HistoryEventType.ExecutionSucceeded);
        }
        catch (StatesErrorException ex)
        {
            await CloseAsync(ExecutionStatus.Failed, null, ex.IsFailStateWithoutError ? null : ex.Error, ex.Cause, HistoryEventType.ExecutionFailed);
        }
        catch (OperationCanceledException) when (Status != ExecutionStatus.Running || _engine.IsDisposing)
        {
            // Stopped or timed out: CloseAsync already recorded why. On shutdown the execution stays RUNNING in the store.
        }
#pragma warning disable CA1031 // An execution must fail with a precise error, never crash its host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await CloseAsync(ExecutionStatus.Failed, null, StatesErrors.Runtime, $"Internal engine error: {ex.GetType().Name}: {ex.Message}", HistoryEventType.ExecutionFailed);
        }
    }

    private async ValueTask<JsonNode?> RunScopeAsync(State start, JsonNode? input, bool isRoot, VariableScope variables, CancellationToken ct)
    {
        var state = start;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var (next, output) = await RunStateAsync(state, input, isRoot, variables, ct);
            if (next is null) { return output; }
            state = next;
            input = output;
        }
    }

    private async ValueTask<(State? Next, JsonNode? Output)> RunStateAsync(State state, JsonNode? raw, bool isRoot, VariableScope variables, CancellationToken ct)
    {
        var entered = Time.GetUtcNow();
        if (isRoot)
        {
            if (Resume is not null && Resume.StateName == state.Name) { entered = Resume.EnteredTime; }
            SetCheckpoint(state.Name, raw, entered, 0);
        }
        JsonText? rawText = null;
        if (!(isRoot && Resume is not null && Resume.StateName == state.Name))
        {
            rawText = AddEvent(EnteredEvent(state.Type), state.Name, input: raw);
        }
        var context = new ContextObject(this, state.Name, entered, 0, null) { Variables = variables };
        if (state.IsJsonata) { return await RunJsonataStateAsync(state, raw, context, isRoot, ct); }
        switch (state)
        {
            case PassState pass:
            {
                var effective = ApplyInputPath(state, raw, context);
                var fresh = pass.HasResult || pass.Parameters is not null;
                var result = pass.HasResult ? JsonNodes.Copy(pass.Result)
                    : pass.Parameters is not null ? pass.Parameters.Evaluate(new EvalScope(effective, context, Random), state.Name)
                    : effective;
                var appended = AppendedMember(pass.ResultPath, pass.OutputPath, raw);
                var assigned = ApplyAssign(pass.Assign, null, result, context);
                var output = ApplyOutputPath(state, ApplyResultPath(pass.ResultPath, raw, result, state.Name, fresh, move: true), context);
                if (appended is not null) { PrepareAppendedCapture(rawText, appended, output); }
                AddEvent(HistoryEventType.PassStateExited, state.Name, output: output, assignedVariables: assigned);
                return (state.Next, output);
            }
            case SucceedState:
            {
                var output = ApplyOutputPath(state, ApplyInputPath(state, raw, context), context);
                AddEvent(HistoryEventType.SucceedStateExited, state.Name, output: output);
                return (null, output);
            }
            case FailState fail:
            {
                var scope = new EvalScope(raw, context, Random);
                var error = fail.ErrorPath is null ? fail.Error : StringOf(fail.ErrorPath.Evaluate(scope, state.Name, "ErrorPath"), state.Name, "ErrorPath");
                var cause = fail.CausePath is null ? fail.Cause : StringOf(fail.CausePath.Evaluate(scope, state.Name, "CausePath"), state.Name, "CausePath");
                throw StatesErrorException.FromFailState(error, cause);
            }
            case ChoiceState choice:
            {
                var effective = ApplyInputPath(state, raw, context);
                var scope = new EvalScope(effective, context, Random);
                State? next = null;
                var assignSpec = choice.Assign;
                for (var i = 0; i < choice.Choices.Count; i++)
                {
                    if (choice.Choices[i].Rule.Evaluate(scope, state.Name))
                    {
                        next = choice.ChoiceTargets[i];
                        assignSpec = i < choice.RuleExtras.Count ? choice.RuleExtras[i].Assign ?? choice.Assign : choice.Assign;
                        break;
                    }
                }
                next ??= choice.Default ?? throw new StatesErrorException(StatesErrors.NoChoiceMatched,
                    $"An error occurred while executing the state '{state.Name}'. No Choice rule matched and no Default is set, for input '{PayloadTemplate.Preview(effective)}'");
                var assigned = ApplyAssign(assignSpec, null, effective, context);
                var output = ApplyOutputPath(state, effective, context);
                AddEvent(HistoryEventType.ChoiceStateExited, state.Name, output: output, assignedVariables: assigned);
                return (next, output);
            }
            case WaitState wait:
            {
                var effective = ApplyInputPath(state, raw, context);
                await SuspendUntilAsync(WaitUntil(wait, effective, context), isRoot, ct);
                var assigned = ApplyAssign(wait.Assign, null, effective, context);
                var output = ApplyOutputPath(state, effective, context);
                AddEvent(HistoryEventType.WaitStateExited, state.Name, output: output, assignedVariables: assigned);
                return (state.Next, output);
            }
            default:
                return await RunProcessingStateAsync((ProcessingState)state, raw, rawText, context, isRoot, ct);
        }
    }

    private async ValueTask<(State? Next, JsonNode? Output)> RunProcessingStateAsync(ProcessingState state, JsonNode? raw, JsonText? rawText, ContextObject context, bool isRoot, CancellationToken ct)
    {
        try
        {
            var effective = ApplyInputPath(state, raw, context);
            var result = await RunWithRetriesAsync(state, context, isRoot, async attemptContext => state switch
            {
                TaskState task => await RunTaskAsync(task, effective, attemptContext, isRoot, ct),
                ParallelState parallel => await RunParallelAsync(parallel, effective, attemptContext, ct),
                _ => await RunMapAsync((MapState)state, effective, attemptContext, ct),
            }, ct);
            if (state.ResultSelector is not null)
            {
                result = state.ResultSelector.Evaluate(new EvalScope(result, context, Random), state.Name);
            }
            var appended = AppendedMember(state.ResultPath, state.OutputPath, raw);
            var assigned = ApplyAssign(state.Assign, null, result, context);
            // Moving is safe: the only error after this point is OutputPath's States.Runtime, which no Catch handles.
            var output = ApplyOutputPath(state, ApplyResultPath(state.ResultPath, raw, result, state.Name, fresh: true, move: true), context);
            if (appended is not null) { PrepareAppendedCapture(rawText, appended, output); }
            AddEvent(ExitedEvent(state.Type), state.Name, output: output, assignedVariables: assigned);
            return (state.Next, output);
        }
        catch (StatesErrorException ex) when (!ct.IsCancellationRequested && FindCatcher(state, ex) is { } catcher)
        {
            var errorOutput = new JsonObject { ["Error"] = ex.Error, ["Cause"] = ex.Cause };
            var assigned = ApplyAssign(catcher.Extras?.Assign, null, errorOutput, context);
            var output = ApplyResultPath(catcher.ResultPath, raw, errorOutput, state.Name, fresh: true, move: true);
            AddEvent(ExitedEvent(state.Type), state.Name, output: output, assignedVariables: assigned);
            return (catcher.Next, output);
        }
    }

    private static int? FindRetrier(ProcessingState state, StatesErrorException ex, int[] attempts)
    {
        for (var i = 0; i < state.Retry.Count; i++)
        {
            if (StatesErrors.Matches(state.Retry[i].ErrorEquals, ex.Error, ex.FromTask))
            {
                // The first matching retrier decides; once it is exhausted the error goes to Catch.
                return attempts[i] < state.Retry[i].MaxAttempts ? i : null;
            }
        }
        return null;
    }

    private static Catcher? FindCatcher(ProcessingState state, StatesErrorException ex)
    {
        foreach (var catcher in state.Catch)
        {
            if (StatesErrors.Matches(catcher.ErrorEquals, ex.Error, ex.FromTask)) { return catcher; }
        }
        return null;
    }

    /// <summary>IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, with FULL jitter drawing uniformly below it.</summary>
    internal TimeSpan RetryDelay(Retrier retrier, int attempt)
    {
        var seconds = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, attempt);
        if (retrier.MaxDelaySeconds is { } max && seconds > max) { seconds = max; }
        if (retrier.Jitter == JitterStrategy.Full) { seconds = Random.NextDouble() * seconds; }
        return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
    }

    private async ValueTask DelayUntilAsync(DateTimeOffset until, CancellationToken ct)
    {
        var delay = until - Time.GetUtcNow();
        if (Options.SkipWaits || delay <= TimeSpan.Zero) { return; }
        await Task.Delay(delay, Time, ct);
    }

    /// <summary>
    /// A Wait state's pause (both query languages): a top-level Wait resumed after a restart keeps its original
    /// deadline, and one that really waits saves a checkpoint first (a skipped wait never suspends); inside a branch the
    /// checkpoint names the enclosing top-level state, so a resume re-runs it.
    /// </summary>
    private async ValueTask SuspendUntilAsync(DateTimeOffset until, bool isRoot, CancellationToken ct)
    {
        if (isRoot && Resume?.WaitUntil is { } resumedUntil) { until = resumedUntil; }
        Resume = null;
        // Inside a Parallel branch or Map iteration the checkpoint is the enclosing top-level state, re-run on resume.
        if (!Options.SkipWaits && until > Time.GetUtcNow()) { await _engine.SaveCheckpointAsync(this, null, isRoot ? until : null); }
        await DelayUntilAsync(until, ct);
    }

    private DateTimeOffset WaitUntil(WaitState wait, JsonNode? effective, ContextObject context)
    {
        var now = Time.GetUtcNow();
        if (wait.Seconds is { } seconds) { return now.AddSeconds(seconds); }
        if (wait.Timestamp is { } timestamp) { return timestamp; }
        var scope = new EvalScope(effective, context, Random);
        if (wait.SecondsPath is { } secondsPath)
        {
            if (!PathEvaluator.TryEvaluate(secondsPath, scope, out var value) || !JsonNodes.IsInteger(value, out var n) || n < 0)
            {
                throw new StatesErrorException(StatesErrors.Runtime,
                    $"An error occurred while executing the state '{wait.Name}'. The SecondsPath '{secondsPath.Text}' did not select a non-negative integer in '{PayloadTemplate.Preview(effective)}'");
            }
            return now.AddSeconds(n);
        }
        var timestampPath = wait.TimestampPath!;
        if (!PathEvaluator.TryEvaluate(timestampPath, scope, out var node) || !JsonNodes.IsString(node, out var text) || !ComparisonRule.TryParseTimestamp(text, out var at))
        {
            throw new StatesErrorException(StatesErrors.Runtime,
                $"An error occurred while executing the state '{wait.Name}'. The TimestampPath '{timestampPath.Text}' did not select an RFC 3339 timestamp in '{PayloadTemplate.Preview(effective)}'");
        }
        return at;
    }

    private JsonNode? ApplyInputPath(State state, JsonNode? raw, ContextObject context) =>
        SelectPath(state.InputPath, raw, context, state.Name, "InputPath");

    private JsonNode? ApplyOutputPath(State state, JsonNode? value, ContextObject context) =>
        SelectPath(state.OutputPath, value, context, state.Name, "OutputPath");

    private JsonNode? SelectPath(OptionalPath path, JsonNode? value, ContextObject context, string stateName, string field)
    {
        if (path.IsRoot) { return value; }
        if (path.IsNull) { return new JsonObject(); }
        if (PathEvaluator.TryEvaluate(path.Path!, new EvalScope(value, context, Random), out var selected)) { return selected; }
        throw new StatesErrorException(StatesErrors.Runtime,
            $"An error occurred while executing the state '{stateName}'. Invalid {field} '{path.Path!.Text}': The {field} references an invalid value in '{PayloadTemplate.Preview(value)}'");
    }

    /// <summary>ResultPath: "$" (default) replaces, null keeps the raw input, a path merges into a copy of the raw input.</summary>
    /// <summary>The member a ResultPath "$.name" adds to the raw input object (null if it replaces one, nests, or OutputPath reshapes).</summary>
    private string? AppendedMember(OptionalPath resultPath, OptionalPath outputPath, JsonNode? raw) =>
        Options.RecordHistory && outputPath.IsRoot && resultPath.Path?.Segments is [MemberSegment member]
            && raw is JsonObject obj && !obj.ContainsKey(member.Name) ? member.Name : null;

    /// <param name="move">Nothing reads the raw input after this state, so its members can be moved instead of copied.</param>
    private JsonNode? ApplyResultPath(OptionalPath resultPath, JsonNode? raw, JsonNode? result, string stateName, bool fresh, bool move)
    {
        if (resultPath.IsNull) { return raw; }
        if (resultPath.IsRoot) { return result; }
        // A result that is (part of) the raw input, e.g. a Pass without Result/Parameters, must not be placed into itself.
        var attachable = fresh && result?.Parent is null && !ReferenceEquals(result, raw) ? result : JsonNodes.Copy(result);
        var merged = ResultPathWriter.Apply(raw, resultPath.Path!, attachable, stateName, move);
        if (ReferenceEquals(merged, raw)) { ForgetCapture(raw); } // changed in place: its recorded text is stale
        return merged;
    }

    private static string? StringOf(JsonNode? value, string stateName, string field) =>
        JsonNodes.IsString(value, out var text) ? text
        : throw new StatesErrorException(StatesErrors.Runtime, $"An error occurred while executing the state '{stateName}'. {field} must select a string, not {JsonNodes.TypeName(value)}");

    private static HistoryEventType EnteredEvent(StateType type) => type switch
    {
        StateType.Pass => HistoryEventType.PassStateEntered,
        StateType.Task => HistoryEventType.TaskStateEntered,
        StateType.Choice => HistoryEventType.ChoiceStateEntered,
        StateType.Wait => HistoryEventType.WaitStateEntered,
        StateType.Succeed => HistoryEventType.SucceedStateEntered,
        StateType.Fail => HistoryEventType.FailStateEntered,
        StateType.Parallel => HistoryEventType.ParallelStateEntered,
        _ => HistoryEventType.MapStateEntered,
    };

    private static HistoryEventType ExitedEvent(StateType type) => type switch
    {
        StateType.Task => HistoryEventType.TaskStateExited,
        StateType.Parallel => HistoryEventType.ParallelStateExited,
        _ => HistoryEventType.MapStateExited,
    };

    /// <summary>
    /// One Task/Parallel/Map attempt loop for both query languages: Retry by the state's retriers (counts resumed from
    /// a root checkpoint and saved after each retry), the attempt's context carrying the retry count.
    /// </summary>
    private async ValueTask<JsonNode?> RunWithRetriesAsync(ProcessingState state, ContextObject context, bool isRoot,
        Func<ContextObject, ValueTask<JsonNode?>> attempt, CancellationToken ct)
    {
        var retries = state.Retry.Count == 0 ? [] : new int[state.Retry.Count];
        var retryCount = 0;
        if (isRoot && Resume is { RetryCounts.Count: > 0 } resumed && resumed.StateName == state.Name)
        {
            for (var i = 0; i < retries.Length && i < resumed.RetryCounts.Count; i++) { retries[i] = resumed.RetryCounts[i]; }
            retryCount = retries.Sum();
        }
        while (true)
        {
            try
            {
                return await attempt(retryCount == 0 ? context : context.WithRetryCount(retryCount));
            }
            catch (StatesErrorException ex) when (!ct.IsCancellationRequested && FindRetrier(state, ex, retries) is { } index)
            {
                var retrier = state.Retry[index];
                var delay = RetryDelay(retrier, retries[index]);
                retries[index]++;
                retryCount++;
                if (isRoot) { SetCheckpointRetries(retries); }
                await DelayUntilAsync(Time.GetUtcNow() + delay, ct);
            }
        }
    }
}
