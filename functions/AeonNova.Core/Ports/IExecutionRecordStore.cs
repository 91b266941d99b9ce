namespace AeonNova.Core.Ports;

/// <summary>Port: one record per workflow execution (remediation history, loop guard, UI).</summary>
public interface IExecutionRecordStore
{
    /// <summary>Creates or replaces the record with this execution id.</summary>
    Task PutAsync(ExecutionRecord record, CancellationToken cancellationToken = default);

    Task<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>Records of one fingerprint started at or after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<ExecutionRecord>> ListByFingerprintAsync(string fingerprint, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Records of one host started at or after <paramref name="since"/>, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ExecutionRecord>> ListByHostAsync(string host, DateTimeOffset since, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets plain string attributes on an existing record (the state machine's direct status update,
    /// e.g. status=awaiting-approval). Unknown attribute names are kept in <see cref="ExecutionRecord.Attributes"/>.
    /// </summary>
    Task PatchAsync(string executionId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default);
}

/// <summary>The stored history item. Status values: received, awaiting-approval, then one outcome (see WorkflowOutcomes).</summary>
public sealed record ExecutionRecord
{
    public required string ExecutionId { get; init; }
    public string ExecutionName { get; init; } = "";
    public required string Fingerprint { get; init; }
    public required string AlertId { get; init; }
    public string Source { get; init; } = "";
    public string Host { get; init; } = "";
    public string Title { get; init; } = "";
    public string Severity { get; init; } = "";
    public required string Status { get; init; }
    public string Reason { get; init; } = "";
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>True when a script ran on the host (loop guard counts these).</summary>
    public bool Executed { get; init; }
    /// <summary>True when it ran without a human approval (policy auto-allowed).</summary>
    public bool Automatic { get; init; }
    public string RunbookId { get; init; } = "";
    public string PlanModel { get; init; } = "";
    public string ScriptSha256 { get; init; } = "";
    public string ApprovalId { get; init; } = "";
    public string Approver { get; init; } = "";
    public string CommandStatus { get; init; } = "";
    /// <summary>Where the full audit JSON lives (s3://bucket/key or a local path).</summary>
    public string AuditLocation { get; init; } = "";
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}
