namespace AeonNova.Approvals;

/// <summary>
/// Port: durable approval records. Implementations: in-memory (tests), SQLite (local host), DynamoDB (AWS).
/// Every change after creation is a conditional write, so of N parallel deciders exactly one wins.
/// </summary>
public interface IApprovalStore
{
    /// <summary>Stores a new record; false if the id already exists.</summary>
    Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken);

    /// <summary>Strongly consistent read; null when unknown.</summary>
    Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record only if the stored one still has <paramref name="expectedStatus"/> and
    /// <paramref name="expectedVersion"/>; the stored version becomes expectedVersion + 1.
    /// Returns false (and changes nothing) when the condition does not hold.
    /// </summary>
    Task<bool> TryReplaceAsync(ApprovalRecord updated, ApprovalStatus expectedStatus, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Ids of open (pending or escalated) approvals for an alert fingerprint.</summary>
    Task<IReadOnlyList<string>> FindOpenByFingerprintAsync(string fingerprint, CancellationToken cancellationToken);

    /// <summary>Append-only audit trail, kept apart from the record so views never race decisions.</summary>
    Task AppendAuditAsync(ApprovalAuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The audit trail of one approval, oldest first.</summary>
    Task<IReadOnlyList<ApprovalAuditEntry>> GetAuditAsync(string approvalId, CancellationToken cancellationToken);
}
