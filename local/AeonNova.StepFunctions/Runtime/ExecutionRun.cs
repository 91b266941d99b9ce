using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Persistence;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>One execution: its status, history, checkpoint and the interpreter that drives it (ExecutionRun.Interpreter.cs).</summary>
internal sealed partial class ExecutionRun
{
    private readonly List<HistoryEvent> _history;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource<ExecutionDescription> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LocalStepFunctions _engine;
    private long _lastEventId;
    private Dictionary<string, int>? _invocationCounts;
    private JsonObject? _executionContext;
    private ITimer? _executionTimer;

    public ExecutionRun(LocalStepFunctions engine, RegisteredStateMachine machine, string arn, string name, string inputText, JsonNode? input, DateTimeOffset startDate, ExecutionSnapshot? resumeFrom = null)
    {
        _engine = engine;
        Machine = machine;
        Arn = arn;
        Name = name;
        InputText = inputText;
        Input = input;
        StartDate = startDate;
        _history = resumeFrom is null ? new List<HistoryEvent>(engine.Options.RecordHistory ? 32 : 0) : [.. resumeFrom.History];
        Resume = resumeFrom?.Checkpoint;
        _lastEventId = resumeFrom?.Checkpoint?.LastEventId ?? resumeFrom?.History.LastOrDefault()?.Id ?? 0;
        if (Resume is not null) { _invocationCounts = new Dictionary<string, int>(Resume.InvocationCounts, StringComparer.Ordinal); }
    }

    public RegisteredStateMachine Machine { get; }
    public string Arn { get; }
    public string Name { get; }
    public string InputText { get; }
    public JsonNode? Input { get; }
    public DateTimeOffset StartDate { get; }
    public ExecutionStatus Status { get; private set; } = ExecutionStatus.Running;
    public string? OutputText { get; private set; }
    public string? Error { get; private set; }
    public string? Cause { get; private set; }
    public DateTimeOffset? StopDate { get; private set; }
    public Task<ExecutionDescription> Closed => _closed.Task;
    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>The checkpoint this run resumes from (after a restart), consumed by the first state it enters.</summary>
    private ExecutionCheckpoint? Resume { get; set; }

    // Top-level position, persisted when the execution suspends.
    private string? _checkpointState;
    private JsonNode? _checkpointInput;
    private DateTimeOffset _checkpointEntered;
    private int[] _checkpointRetries = [];
    // The top-level variables; a Parallel branch or Map iteration cannot assign them, so while a top-level state runs
    // they are still the values it was entered with — what a checkpoint must restore.
    private VariableScope? _rootVariables;

    internal TimeProvider Time => _engine.Time;
    internal Random Random => _engine.Random;
    internal LocalStepFunctionsOptions Options => _engine.Options;

    /// <summary>$$.Execution: {Id, Input, Name, RoleArn, StartTime, RedriveCount}.</summary>
    public JsonObject ExecutionContextNode => _executionContext ??= new JsonObject
    {
        ["Id"] = Arn,
        ["Input"] = JsonNodes.Copy(Input),
        ["Name"] = Name,
        ["RoleArn"] = $"arn:aws:iam::{Options.AccountId}:role/aeonnova-local",
        ["StartTime"] = Timestamps.Format(StartDate),
        ["RedriveCount"] = 0,
    };

    public JsonObject StateMachineContextNode => Machine.ContextNode;

    /// <summary>Records an event; returns the input as recorded (null without history or input).</summary>
    public JsonText? AddEvent(HistoryEventType type, string? stateName = null, JsonNode? input = null, JsonNode? output = null,
        string? resource = null, string? resourceType = null, string? error = null, string? cause = null, int? index = null, JsonText? inputText = null,
        IReadOnlyDictionary<string, string>? assignedVariables = null)
    {
        if (!Options.RecordHistory) { return null; }
        var timestamp = Time.GetUtcNow();
        lock (_gate)
        {
            var id = ++_lastEventId;
            inputText ??= Capture(input);
            _history.Add(new HistoryEvent
            {
                Id = id, PreviousEventId = id - 1, Timestamp = timestamp, Type = type, StateName = stateName,
                InputText = inputText, OutputText = Capture(output), Resource = resource, ResourceType = resourceType, Error = error, Cause = cause, Index = index, AssignedVariables = assignedVariables,
            });
            return inputText;
        }
    }

    /// <summary>
    /// Prepares the history text of a state's output without writing the whole document again, when the output is
    /// the raw input (already recorded as <paramref name="rawText"/>) with one new top-level member appended:
    /// ResultPath "$.name", OutputPath "$", and the raw input had no member of that name.
    /// </summary>
    private void PrepareAppendedCapture(JsonText? rawText, string memberName, JsonNode? output)
    {
        if (rawText is not { IsObject: true } || output is not JsonObject obj || !obj.TryGetPropertyValue(memberName, out var placed)) { return; }
        lock (_gate)
        {
            // The node actually placed (a copy when the result was part of the input), as it is now.
            var resultText = Capture(placed) ?? JsonText.Null;
            var name = JsonEncodedText.Encode(memberName, JsonNodes.HistoryWriterOptions.Encoder).EncodedUtf8Bytes;
            _capturedText = rawText.AppendMember(name, resultText);
            _capturedNode = output;
        }
    }

    // The last document captured and its text: a state's output is the next state's input (and a Choice passes its
    // input through), so consecutive events usually carry the same node. Nodes are never changed between two
    // consecutive events, so reusing the text for the same reference is exact.
    private JsonNode? _capturedNode;
    private JsonText? _capturedText;

    /// <summary>Drops the remembered text of a node that was just changed in place.</summary>
    private void ForgetCapture(JsonNode? node)
    {
        lock (_gate)
        {
            if (ReferenceEquals(node, _capturedNode)) { _capturedNode = null; _capturedText = null; }
        }
    }

    /// <summary>History keeps UTF-8 text, not nodes: the event is frozen as recorded, and the interpreter owns its documents.</summary>
    private JsonText? Capture(JsonNode? node)
    {
        if (node is null) { return null; }
        if (!ReferenceEquals(node, _capturedNode))
        {
            _capturedText = JsonText.Write(node, static (writer, n) => n.WriteTo(writer));
            _capturedNode = node;
        }
        return _capturedText;
    }

    public IReadOnlyList<HistoryEvent> History
    {
        get
        {
            lock (_gate) { return [.. _history]; }
        }
    }

    /// <summary>How many times the state was invoked before; increments the counter.</summary>
    private List<string>? _issuedTokens;

    public void TrackToken(string token)
    {
        lock (_gate) { (_issuedTokens ??= []).Add(token); }
    }

    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (_gate) { return _issuedTokens is null ? [] : [.. _issuedTokens]; }
        }
    }

    public int NextInvocationIndex(string stateName)
    {
        lock (_gate)
        {
            _invocationCounts ??= new Dictionary<string, int>(StringComparer.Ordinal);
            var count = _invocationCounts.GetValueOrDefault(stateName);
            _invocationCounts[stateName] = count + 1;
            return count;
        }
    }

    public ExecutionDescription Describe() => new()
    {
        ExecutionArn = Arn, StateMachineArn = Machine.Arn, Name = Name, Status = Status, StartDate = StartDate, StopDate = StopDate,
        Input = InputText, Output = OutputText, Error = Error, Cause = Cause,
    };

    public ExecutionSnapshot Snapshot(string? taskToken = null, DateTimeOffset? waitUntil = null)
    {
        ExecutionCheckpoint? checkpoint = null;
        lock (_gate)
        {
            if (Status == ExecutionStatus.Running && _checkpointState is not null)
            {
                checkpoint = new ExecutionCheckpoint
                {
                    StateName = _checkpointState,
                    StateInput = JsonNodes.ToJson(_checkpointInput),
                    EnteredTime = _checkpointEntered,
                    RetryCounts = [.. _checkpointRetries],
                    TaskToken = taskToken,
                    WaitUntil = waitUntil,
                    InvocationCounts = _invocationCounts is null ? new Dictionary<string, int>() : new Dictionary<string, int>(_invocationCounts),
                    Variables = _rootVariables?.Save() ?? new Dictionary<string, string>(),
                    LastEventId = _lastEventId,
                };
            }
            return new ExecutionSnapshot
            {
                ExecutionArn = Arn, StateMachineArn = Machine.Arn, StateMachineName = Machine.Name, Name = Name, Status = Status,
                StartDate = StartDate, StopDate = StopDate, Input = InputText, Output = OutputText, Error = Error, Cause = Cause,
                History = [.. _history], Checkpoint = checkpoint,
            };
        }
    }

    /// <summary>Arms the execution-level TimeoutSeconds.</summary>
    public void StartExecutionTimer()
    {
        if (Machine.Definition.TimeoutSeconds is not { } seconds) { return; }
        var remaining = StartDate.AddSeconds(seconds) - Time.GetUtcNow();
        if (remaining < TimeSpan.Zero) { remaining = TimeSpan.Zero; }
        _executionTimer = Time.CreateTimer(static s => ((ExecutionRun)s!).TimeOut(), this, remaining, Timeout.InfiniteTimeSpan);
    }

    private void TimeOut() =>
        _ = CloseAsync(ExecutionStatus.TimedOut, null, StatesErrors.Timeout, "The execution ran longer than the state machine's TimeoutSeconds", HistoryEventType.ExecutionTimedOut);

    public Task<bool> AbortAsync(string? error, string? cause) =>
        CloseAsync(ExecutionStatus.Aborted, null, error, cause, HistoryEventType.ExecutionAborted);

    /// <summary>Closes the execution once (later calls are ignored), persists it and wakes waiters.</summary>
    public async Task<bool> CloseAsync(ExecutionStatus status, JsonNode? output, string? error, string? cause, HistoryEventType eventType)
    {
        lock (_gate)
        {
            if (Status != ExecutionStatus.Running) { return false; }
            Status = status;
            // The history has just recorded this document as the last state's output: reuse that text.
            OutputText = status != ExecutionStatus.Succeeded ? null
                : Options.RecordHistory ? Capture(output)?.ToString() ?? "null"
                : JsonNodes.ToJson(output);
            Error = error;
            Cause = cause;
        }
        AddEvent(eventType, output: output, error: error, cause: cause);
        StopDate = Time.GetUtcNow();
        _executionTimer?.Dispose();
        if (status != ExecutionStatus.Succeeded)
        {
            // Anything still running (a sibling branch, a pending callback) stops with the execution.
            _cancellation.Cancel();
        }
        await _engine.OnClosedAsync(this);
        _closed.TrySetResult(Describe());
        return true;
    }

    private void SetCheckpoint(string stateName, JsonNode? input, DateTimeOffset entered, int retryCount)
    {
        lock (_gate)
        {
            _checkpointState = stateName;
            _checkpointInput = input;
            _checkpointEntered = entered;
            _checkpointRetries = retryCount == 0 ? [] : [retryCount];
        }
    }

    private void SetCheckpointRetries(int[] retries)
    {
        lock (_gate) { _checkpointRetries = retries; }
    }
}

internal sealed partial class ExecutionRun
{
    /// <summary>Engine shutdown: stop working without closing, so the store keeps the execution RUNNING for resume.</summary>
    public async Task ShutdownAsync()
    {
        _executionTimer?.Dispose();
        await _cancellation.CancelAsync();
    }
}
