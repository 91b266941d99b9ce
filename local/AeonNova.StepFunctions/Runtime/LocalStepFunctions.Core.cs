using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Persistence;
using AeonNova.StepFunctions.Resources;
using AeonNova.StepFunctions.Runtime;

namespace AeonNova.StepFunctions;

public sealed partial class LocalStepFunctions
{
    private const string TokenPrefix = "anv1.";
    private readonly ConcurrentDictionary<string, RegisteredStateMachine> _machines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExecutionRun> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingTask> _tokens = new(StringComparer.Ordinal);
    private Random? _random;

    internal Random Random => _random ??= Options.Random ?? Random.Shared;

    internal bool IsDisposing { get; private set; }

    private int RunningCount => _running.Count;

    private StateMachineInfo CreateStateMachineCore(string name, StateMachineDefinition definition, ResourceRegistry resources)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(resources);
        ValidateName(name, "state machine");
        var arn = $"arn:aws:states:{Options.Region}:{Options.AccountId}:stateMachine:{name}";
        var info = new StateMachineInfo(arn, name, definition, Time.GetUtcNow());
        _machines[arn] = new RegisteredStateMachine(info, resources);
        return info;
    }

    private RegisteredStateMachine FindStateMachine(string arnOrName)
    {
        ArgumentNullException.ThrowIfNull(arnOrName);
        if (_machines.TryGetValue(arnOrName, out var machine)) { return machine; }
        foreach (var candidate in _machines.Values)
        {
            if (candidate.Name == arnOrName) { return candidate; }
        }
        throw new StepFunctionsException(StepFunctionsErrorCodes.StateMachineDoesNotExist, $"State Machine Does Not Exist: '{arnOrName}'");
    }

    private async ValueTask<StartExecutionResult> StartExecutionCore(string stateMachineArnOrName, string? input, string? name, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(IsDisposing, this);
        var machine = FindStateMachine(stateMachineArnOrName);
        var inputText = input ?? "{}";
        JsonNode? inputNode;
        try
        {
            inputNode = JsonNodes.Parse(inputText);
        }
        catch (JsonException ex)
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidExecutionInput, $"Invalid execution input: {ex.Message}");
        }
        if (name is null)
        {
            name = Guid.NewGuid().ToString();
        }
        else
        {
            ValidateName(name, "execution");
        }
        var arn = $"arn:aws:states:{Options.Region}:{Options.AccountId}:execution:{machine.Name}:{name}";
        var run = new ExecutionRun(this, machine, arn, name, inputText, inputNode, Time.GetUtcNow());
        while (!_running.TryAdd(arn, run))
        {
            if (_running.TryGetValue(arn, out var existing))
            {
                // StartExecution is idempotent for an open execution with the same name and input.
                if (JsonNodes.DeepEquals(existing.Input, inputNode)) { return new StartExecutionResult(existing.Arn, existing.StartDate); }
                throw new StepFunctionsException(StepFunctionsErrorCodes.ExecutionAlreadyExists, $"Execution Already Exists: '{arn}' is running with a different input");
            }
        }
        if (await Store.GetAsync(arn, ct) is not null)
        {
            _running.TryRemove(new KeyValuePair<string, ExecutionRun>(arn, run));
            throw new StepFunctionsException(StepFunctionsErrorCodes.ExecutionAlreadyExists, $"Execution Already Exists: '{arn}' (a closed execution keeps its name)");
        }
        await Store.SaveAsync(run.Snapshot(), ct);
        run.StartExecutionTimer();
        _ = run.RunAsync(); // runs inline until the execution first waits
        return new StartExecutionResult(arn, run.StartDate);
    }

    private static void ValidateName(string name, string what)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 80)
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidName, $"Invalid Name: a {what} name must be 1 to 80 characters long");
        }
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is >= '\u007f' and <= '\u009f' || "<>{}[]?*\"#%\\^|~`$&,;:/".Contains(c, StringComparison.Ordinal))
            {
                throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidName, $"Invalid Name: '{name}' contains '{c}', which a {what} name may not contain");
            }
        }
    }

    private async ValueTask<ExecutionDescription> DescribeExecutionCore(string executionArn, CancellationToken ct)
    {
        if (_running.TryGetValue(executionArn, out var run)) { return run.Describe(); }
        var snapshot = await Store.GetAsync(executionArn, ct) ?? throw NoExecution(executionArn);
        return ToDescription(snapshot);
    }

    private static StepFunctionsException NoExecution(string arn) =>
        new(StepFunctionsErrorCodes.ExecutionDoesNotExist, $"Execution Does Not Exist: '{arn}'");

    internal static ExecutionDescription ToDescription(ExecutionSnapshot s) => new()
    {
        ExecutionArn = s.ExecutionArn, StateMachineArn = s.StateMachineArn, Name = s.Name, Status = s.Status, StartDate = s.StartDate,
        StopDate = s.StopDate, Input = s.Input, Output = s.Output, Error = s.Error, Cause = s.Cause,
    };

    private async ValueTask<ExecutionDescription> StopExecutionCore(string executionArn, string? error, string? cause, CancellationToken ct)
    {
        if (_running.TryGetValue(executionArn, out var run))
        {
            await run.AbortAsync(error, cause);
            return run.Describe();
        }
        return await DescribeExecutionCore(executionArn, ct);
    }

    private async ValueTask<IReadOnlyList<HistoryEvent>> GetExecutionHistoryCore(string executionArn, CancellationToken ct)
    {
        if (_running.TryGetValue(executionArn, out var run)) { return run.History; }
        var snapshot = await Store.GetAsync(executionArn, ct) ?? throw NoExecution(executionArn);
        return snapshot.History;
    }

    private async ValueTask<IReadOnlyList<ExecutionDescription>> ListExecutionsCore(string? stateMachineArn, ExecutionStatus? status, CancellationToken ct)
    {
        var result = new Dictionary<string, ExecutionDescription>(StringComparer.Ordinal);
        foreach (var snapshot in await Store.ListAsync(stateMachineArn, status, ct)) { result[snapshot.ExecutionArn] = ToDescription(snapshot); }
        foreach (var run in _running.Values)
        {
            var d = run.Describe();
            if ((stateMachineArn is null || d.StateMachineArn == stateMachineArn) && (status is null || d.Status == status)) { result[d.ExecutionArn] = d; }
            else { result.Remove(d.ExecutionArn); }
        }
        return [.. result.Values.OrderByDescending(d => d.StartDate)];
    }

    internal string NewTaskToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return TokenPrefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    internal void RegisterToken(PendingTask pending)
    {
        _tokens[pending.Token] = pending;
        pending.Run.TrackToken(pending.Token);
    }

    private PendingTask FindToken(string taskToken)
    {
        if (string.IsNullOrEmpty(taskToken) || taskToken.Length > 2048 || !taskToken.StartsWith(TokenPrefix, StringComparison.Ordinal) || taskToken.Length != TokenPrefix.Length + 43)
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidToken, "Invalid Token: the task token is malformed");
        }
        return _tokens.TryGetValue(taskToken, out var pending)
            ? pending
            : throw new StepFunctionsException(StepFunctionsErrorCodes.TaskDoesNotExist, "Task Does Not Exist: no task is waiting for this token (unknown, or its execution has closed)");
    }

    private static StepFunctionsException Closed(PendingTask pending) => pending.TimedOut
        ? new StepFunctionsException(StepFunctionsErrorCodes.TaskTimedOut, "Task Timed Out: the task for this token has already timed out")
        : new StepFunctionsException(StepFunctionsErrorCodes.TaskDoesNotExist, "Task Does Not Exist: the task for this token has already completed");

    private ValueTask SendTaskSuccessCore(string taskToken, string output, CancellationToken ct)
    {
        var pending = FindToken(taskToken);
        JsonNode? node;
        try
        {
            node = JsonNodes.Parse(output ?? "");
        }
        catch (JsonException ex)
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidOutput, $"Invalid Output: {ex.Message}");
        }
        if (!pending.TrySucceed(node)) { throw Closed(pending); }
        return ValueTask.CompletedTask;
    }

    private ValueTask SendTaskFailureCore(string taskToken, string? error, string? cause, CancellationToken ct)
    {
        var pending = FindToken(taskToken);
        if (!pending.TryFail(string.IsNullOrEmpty(error) ? StatesErrors.TaskFailed : error, cause)) { throw Closed(pending); }
        return ValueTask.CompletedTask;
    }

    private ValueTask SendTaskHeartbeatCore(string taskToken, CancellationToken ct)
    {
        var pending = FindToken(taskToken);
        if (pending.Completion.IsCompleted) { throw Closed(pending); }
        pending.Heartbeat();
        return ValueTask.CompletedTask;
    }

    private async Task<ExecutionDescription> WaitForExecutionCore(string executionArn, CancellationToken ct)
    {
        if (_running.TryGetValue(executionArn, out var run)) { return await run.Closed.WaitAsync(ct); }
        var snapshot = await Store.GetAsync(executionArn, ct) ?? throw NoExecution(executionArn);
        if (snapshot.Status == ExecutionStatus.Running && _running.TryGetValue(executionArn, out run)) { return await run.Closed.WaitAsync(ct); }
        return ToDescription(snapshot);
    }

    internal ValueTask SaveCheckpointAsync(ExecutionRun run, string? taskToken, DateTimeOffset? waitUntil) =>
        Store.SaveAsync(run.Snapshot(taskToken, waitUntil));

    internal async ValueTask OnClosedAsync(ExecutionRun run)
    {
        foreach (var token in run.IssuedTokens)
        {
            if (_tokens.TryRemove(token, out var pending)) { pending.Cancel(); }
        }
        await Store.SaveAsync(run.Snapshot());
        _running.TryRemove(new KeyValuePair<string, ExecutionRun>(run.Arn, run));
    }

    private async ValueTask<int> ResumeExecutionsCore(CancellationToken ct)
    {
        var resumed = 0;
        foreach (var snapshot in await Store.ListAsync(null, ExecutionStatus.Running, ct))
        {
            if (!_machines.TryGetValue(snapshot.StateMachineArn, out var machine) || _running.ContainsKey(snapshot.ExecutionArn)) { continue; }
            JsonNode? input;
            try
            {
                input = JsonNodes.Parse(snapshot.Input);
            }
            catch (JsonException)
            {
                continue;
            }
            var run = new ExecutionRun(this, machine, snapshot.ExecutionArn, snapshot.Name, snapshot.Input, input, snapshot.StartDate, snapshot);
            if (!_running.TryAdd(run.Arn, run)) { continue; }
            run.StartExecutionTimer();
            _ = run.RunAsync();
            resumed++;
        }
        return resumed;
    }

    private async ValueTask DisposeCore()
    {
        IsDisposing = true;
        foreach (var pending in _tokens.Values) { pending.Dispose(); }
        foreach (var run in _running.Values) { await run.ShutdownAsync(); }
    }
}
