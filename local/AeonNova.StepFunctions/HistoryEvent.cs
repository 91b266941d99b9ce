using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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
/// per-type "…EventDetails" objects are flattened into optional properties. Input and output are captured as
/// JSON text when the event is recorded, so an event never changes afterwards and holds no reference into the
/// running execution's documents; <see cref="Input"/>/<see cref="Output"/> parse a fresh node on each call.
/// </summary>
public sealed record HistoryEvent
{
    public required long Id { get; init; }
    public long PreviousEventId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required HistoryEventType Type { get; init; }
    /// <summary>State name for *StateEntered/*StateExited events.</summary>
    public string? StateName { get; init; }
    /// <summary>The state or task input as recorded (null when the event has none).</summary>
    [JsonPropertyName("input")]
    public JsonText? InputText { get; init; }
    /// <summary>The state or task output as recorded (null when the event has none).</summary>
    [JsonPropertyName("output")]
    public JsonText? OutputText { get; init; }
    /// <summary>The input as compact JSON text.</summary>
    [JsonIgnore]
    public string? InputJson => InputText?.ToString();
    /// <summary>The output as compact JSON text.</summary>
    [JsonIgnore]
    public string? OutputJson => OutputText?.ToString();
    /// <summary>A new node parsed from the recorded input.</summary>
    [JsonIgnore]
    public JsonNode? Input => InputText?.ToNode();
    /// <summary>A new node parsed from the recorded output.</summary>
    [JsonIgnore]
    public JsonNode? Output => OutputText?.ToNode();
    /// <summary>Task resource (the resource ARN without the integration-pattern suffix) for Task*/LambdaFunction* events.</summary>
    public string? Resource { get; init; }
    /// <summary>Task resource type, e.g. "lambda" or "sns".</summary>
    public string? ResourceType { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
    /// <summary>Map iteration index for MapIteration* events; iteration count for MapStateStarted.</summary>
    public int? Index { get; init; }
    /// <summary>State exited events: the variables the state assigned, name → JSON text, as AWS's
    /// stateExitedEventDetails.assignedVariables shows them.</summary>
    public IReadOnlyDictionary<string, string>? AssignedVariables { get; init; }
}
