namespace AeonNova.StepFunctions;

/// <summary>Execution status values of the Step Functions API.</summary>
public enum ExecutionStatus
{
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
}

/// <summary>Helpers for <see cref="ExecutionStatus"/>.</summary>
public static class ExecutionStatusNames
{
    /// <summary>The API spelling: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED.</summary>
    public static string ToApiString(this ExecutionStatus status) => status switch
    {
        ExecutionStatus.Running => "RUNNING",
        ExecutionStatus.Succeeded => "SUCCEEDED",
        ExecutionStatus.Failed => "FAILED",
        ExecutionStatus.TimedOut => "TIMED_OUT",
        ExecutionStatus.Aborted => "ABORTED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

/// <summary>What DescribeExecution returns. Input and Output are JSON text, as in the AWS API.</summary>
public sealed record ExecutionDescription
{
    public required string ExecutionArn { get; init; }
    public required string StateMachineArn { get; init; }
    public required string Name { get; init; }
    public required ExecutionStatus Status { get; init; }
    public required DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    public required string Input { get; init; }
    public string? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
}

/// <summary>What StartExecution returns.</summary>
public sealed record StartExecutionResult(string ExecutionArn, DateTimeOffset StartDate);

/// <summary>A state machine registered with <see cref="LocalStepFunctions"/>.</summary>
public sealed record StateMachineInfo(string StateMachineArn, string Name, StateMachineDefinition Definition, DateTimeOffset CreationDate);
