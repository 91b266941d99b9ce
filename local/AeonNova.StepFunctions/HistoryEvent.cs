using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions;

/// <summary>Execution history event types, named exactly as the Step Functions API's HistoryEventType values.</summary>
public enum HistoryEventType
{
    ExecutionStarted,
    ExecutionSucceeded,
    ExecutionFailed,
    ExecutionTimedOut,
    ExecutionAborted,
    PassStateEntered,
    PassStateExited,
    TaskStateEntered,
    TaskStateExited,
    TaskScheduled,
    TaskStarted,
    TaskSubmitted,
    TaskSucceeded,
    TaskFailed,
    TaskTimedOut,
    LambdaFunctionScheduled,
    LambdaFunctionStarted,
    LambdaFunctionSucceeded,
    LambdaFunctionFailed,
    LambdaFunctionTimedOut,
    ChoiceStateEntered,
    ChoiceStateExited,
    WaitStateEntered,
    WaitStateExited,
    SucceedStateEntered,
    SucceedStateExited,
    FailStateEntered,
    ParallelStateEntered,
    ParallelStateStarted,
    ParallelStateSucceeded,
    ParallelStateFailed,
    ParallelStateAborted,
    ParallelStateExited,
    MapStateEntered,
    MapStateStarted,
    MapStateSucceeded,
    MapStateFailed,
    MapStateAborted,
    MapStateExited,
    MapIterationStarted,
    MapIterationSucceeded,
    MapIterationFailed,
    MapIterationAborted,
}

/// <summary>
/// One execution history event (GetExecutionHistory). The details that Step Functions keeps in
/// per-type "…EventDetails" objects are flattened into optional properties. JSON nodes are shared
/// with the engine and must be treated as read-only.
/// </summary>
public sealed record HistoryEvent
{
    public required long Id { get; init; }
    public long PreviousEventId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required HistoryEventType Type { get; init; }
    /// <summary>State name for *StateEntered/*StateExited events.</summary>
    public string? StateName { get; init; }
    public JsonNode? Input { get; init; }
    public JsonNode? Output { get; init; }
    /// <summary>Task resource (the resource ARN without the integration-pattern suffix) for Task*/LambdaFunction* events.</summary>
    public string? Resource { get; init; }
    /// <summary>Task resource type, e.g. "lambda" or "sns".</summary>
    public string? ResourceType { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
    /// <summary>Map iteration index for MapIteration* events; iteration count for MapStateStarted.</summary>
    public int? Index { get; init; }
}
