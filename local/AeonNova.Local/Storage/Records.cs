namespace AeonNova.Local.Storage;

/// <summary>One message of the durable ingest queue.</summary>
public sealed record QueueMessage(long Id, string Kind, string Body, DateTimeOffset EnqueuedAt, int Attempts);

/// <summary>A message that failed for good (body redacted). A re-driven letter is kept, marked with who re-drove it and the new queue message.</summary>
public sealed record DeadLetter(long Id, string Kind, string Body, DateTimeOffset EnqueuedAt, DateTimeOffset FailedAt, int Attempts, string Error)
{
    public DateTimeOffset? RedrivenAt { get; init; }
    public string? RedrivenBy { get; init; }
    public long? RedrivenAs { get; init; }
}

/// <summary>One execution as the host lists it (/executions, /ui): engine status plus the alert it is about.</summary>
public sealed record ExecutionSummary
{
    public required string ExecutionArn { get; init; }
    public required string Name { get; init; }
    /// <summary>RUNNING | SUCCEEDED | FAILED | TIMED_OUT | ABORTED (the Step Functions API values).</summary>
    public required string Status { get; init; }
    /// <summary>The state the execution is in (or ended in).</summary>
    public required string CurrentState { get; init; }
    /// <summary>True while it waits for a callback (an approval).</summary>
    public required bool Waiting { get; init; }
    public required DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    public required string AlertId { get; init; }
    public required string Fingerprint { get; init; }
    public required string Source { get; init; }
    public required string Host { get; init; }
    public required string Severity { get; init; }
    public required string Title { get; init; }
}

public sealed record ExecutionQuery
{
    public string? Status { get; init; }
    public string? Host { get; init; }
    public string? Severity { get; init; }
    public string? Source { get; init; }
    public string? Text { get; init; }
    public int Limit { get; init; } = 100;
}

/// <summary>What one executor did (or, in dry-run, would have done) for one command id.</summary>
public sealed record CommandResult
{
    public required string CommandId { get; init; }
    /// <summary>Success | Failed | TimedOut | DryRun | Undetermined (interrupted by a crash; never re-run).</summary>
    public required string Status { get; init; }
    public int? ExitCode { get; init; }
    public string Output { get; init; } = "";
    public bool Truncated { get; init; }
    public required string Executor { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Detail);
