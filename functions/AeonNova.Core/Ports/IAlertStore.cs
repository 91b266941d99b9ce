namespace AeonNova.Core.Ports;

/// <summary>
/// Port: per-fingerprint alert state used for dedupe and cooldown. Implementations must make
/// <see cref="ClaimAsync"/> atomic (a conditional write): of two concurrent claims for one fingerprint,
/// exactly one gets <see cref="ClaimOutcome.New"/>.
/// </summary>
public interface IAlertStore
{
    /// <summary>
    /// Claims the fingerprint for a new workflow execution unless an earlier claim is still in its cooldown.
    /// A claim by the same alert id (SQS re-delivery) returns <see cref="ClaimOutcome.Redelivery"/> with the
    /// execution name stored by the first claim, so the caller can start the same execution idempotently.
    /// </summary>
    Task<AlertClaim> ClaimAsync(AlertClaimRequest request, CancellationToken cancellationToken = default);

    /// <summary>Records that the alert resolved (Verify reads it: "the alert resolved meanwhile").</summary>
    Task MarkResolvedAsync(string fingerprint, DateTimeOffset resolvedAt, CancellationToken cancellationToken = default);

    Task<AlertState?> GetAsync(string fingerprint, CancellationToken cancellationToken = default);
}

/// <param name="AlertName">What the execution name shows first (the alertname label, else the title).</param>
/// <param name="Host">The alert's host, shown second in the execution name.</param>
public sealed record AlertClaimRequest(string Fingerprint, string AlertId, DateTimeOffset Now, TimeSpan Cooldown, string AlertName = "", string Host = "");

public enum ClaimOutcome
{
    /// <summary>First claim in this occurrence window: start an execution.</summary>
    New,
    /// <summary>The same alert id claimed before (message re-delivered): start the same execution again (idempotent by name).</summary>
    Redelivery,
    /// <summary>Another alert of this fingerprint holds the claim and its cooldown has not passed.</summary>
    Duplicate,
}

public sealed record AlertClaim(ClaimOutcome Outcome, AlertState State);

/// <summary>One item per fingerprint.</summary>
public sealed record AlertState
{
    public required string Fingerprint { get; init; }
    /// <summary>The alert id that holds the current claim.</summary>
    public required string AlertId { get; init; }
    /// <summary>The workflow execution name of the current occurrence (fingerprint + occurrence window).</summary>
    public required string ExecutionName { get; init; }
    public required DateTimeOffset ClaimedAt { get; init; }
    public required DateTimeOffset CooldownUntil { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    /// <summary>How many alerts of this fingerprint were folded into the current claim.</summary>
    public int Duplicates { get; init; }
    /// <summary>Set when a resolved alert for this fingerprint arrived after the claim.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }
}
