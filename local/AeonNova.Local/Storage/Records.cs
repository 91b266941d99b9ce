namespace AeonNova.Local.Storage;

/// <summary>One message of the durable ingest queue.</summary>
public sealed record QueueMessage(long Id, string Kind, string Body, DateTimeOffset EnqueuedAt, int Attempts);

public sealed record DeadLetter(long Id, string Kind, string Body, DateTimeOffset EnqueuedAt, DateTimeOffset FailedAt, int Attempts, string Error);

/// <summary>What the intake did with one webhook payload (the 202 body is built from it).</summary>
public sealed record IntakeResult(IReadOnlyList<string> AlertIds, int Duplicates, IReadOnlyList<string> NewExecutions);

/// <summary>An execution as the local host keeps it: the row behind /executions and /ui.</summary>
public sealed record ExecutionRecord
{
    public required string Name { get; init; }
    public required string AlertId { get; init; }
    public required string Fingerprint { get; init; }
    public required string Source { get; init; }
    public required string Host { get; init; }
    public required string Severity { get; init; }
    public required string Title { get; init; }
    /// <summary>QUEUED → RUNNING → (WAITING_FOR_APPROVAL →) SUCCEEDED | FAILED | ABORTED | TIMED_OUT.</summary>
    public required string Status { get; init; }
    public required string CurrentState { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Workflow input JSON (the canonical alert wrapped as the state machine expects).</summary>
    public required string Input { get; init; }
    public string? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
}

/// <summary>One entry of an execution's state-by-state history (the timeline at /ui/executions/{name}).</summary>
public sealed record ExecutionEvent(string ExecutionName, int Seq, DateTimeOffset At, string Type, string State, string? Detail);

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
