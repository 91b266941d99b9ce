using System.Collections.Concurrent;
using AeonNova.Approvals;

namespace AeonNova.Testing;

/// <summary>Thread-safe in-memory store with the same conditional-write semantics as SQLite and DynamoDB.</summary>
public sealed class InMemoryApprovalStore : IApprovalStore
{
    private readonly ConcurrentDictionary<string, ApprovalRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<ApprovalAuditEntry>> _audit = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();

    public Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Task.FromResult(_records.TryAdd(record.Id, record with { Version = 0 }));
    }

    public Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(approvalId, out var record) ? record : null);

    public Task<bool> TryReplaceAsync(ApprovalRecord updated, ApprovalStatus expectedStatus, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        lock (_writeLock)
        {
            if (!_records.TryGetValue(updated.Id, out var current) || current.Status != expectedStatus || current.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }
            _records[updated.Id] = updated with { Version = expectedVersion + 1 };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> FindOpenByFingerprintAsync(string fingerprint, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids = _records.Values
            .Where(r => r.Status.IsOpen() && string.Equals(r.Alert.Fingerprint, fingerprint, StringComparison.Ordinal))
            .OrderBy(r => r.CreatedAt)
            .Select(r => r.Id)
            .ToList();
        return Task.FromResult(ids);
    }

    public Task AppendAuditAsync(ApprovalAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var list = _audit.GetOrAdd(entry.ApprovalId, _ => []);
        lock (list)
        {
            list.Add(entry);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ApprovalAuditEntry>> GetAuditAsync(string approvalId, CancellationToken cancellationToken)
    {
        if (!_audit.TryGetValue(approvalId, out var list))
        {
            return Task.FromResult<IReadOnlyList<ApprovalAuditEntry>>([]);
        }
        lock (list)
        {
            return Task.FromResult<IReadOnlyList<ApprovalAuditEntry>>([.. list]);
        }
    }
}
