namespace AeonNova.StepFunctions.Persistence;

/// <summary>
/// A persisted execution: what DescribeExecution and GetExecutionHistory need, plus, while the execution runs,
/// the checkpoint it resumes from after a restart. Plain data; JSON-serializable with <see cref="StepFunctionsJsonContext"/>.
/// </summary>
public sealed record ExecutionSnapshot
{
    public required string ExecutionArn { get; init; }
    public required string StateMachineArn { get; init; }
    public required string StateMachineName { get; init; }
    public required string Name { get; init; }
    public required ExecutionStatus Status { get; init; }
    public required DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    /// <summary>Execution input, JSON text.</summary>
    public required string Input { get; init; }
    public string? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public IReadOnlyList<HistoryEvent> History { get; init; } = [];
    /// <summary>Where a RUNNING execution resumes; null once closed.</summary>
    public ExecutionCheckpoint? Checkpoint { get; init; }
}

/// <summary>
/// A running execution's resume point: the top-level state it is in, that state's input, its retry counters,
/// and what it waits for (a task token or a Wait deadline). Executions suspended inside a Map or Parallel
/// branch resume by re-entering that top-level Map/Parallel state.
/// </summary>
public sealed record ExecutionCheckpoint
{
    public required string StateName { get; init; }
    /// <summary>The state's raw input, JSON text.</summary>
    public required string StateInput { get; init; }
    public required DateTimeOffset EnteredTime { get; init; }
    /// <summary>Attempts used per Retry entry of the state, in definition order.</summary>
    public IReadOnlyList<int> RetryCounts { get; init; } = [];
    /// <summary>The pending task token when the state waits for a callback.</summary>
    public string? TaskToken { get; init; }
    /// <summary>When a Wait state (or a retry back-off) ends.</summary>
    public DateTimeOffset? WaitUntil { get; init; }
    /// <summary>Invocations per Task state so far (mock response selection relies on it).</summary>
    public IReadOnlyDictionary<string, int> InvocationCounts { get; init; } = new Dictionary<string, int>();
    /// <summary>
    /// The top-level workflow variables (Assign) as they were when the state was entered: name → JSON text. Variables
    /// of Parallel branches and Map iterations are not kept: a resumed Map/Parallel state runs its branches again.
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    public long LastEventId { get; init; }
}
