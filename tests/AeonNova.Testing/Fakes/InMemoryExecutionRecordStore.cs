using AeonNova.Core.Ports;

namespace AeonNova.Testing;

/// <summary>Thread-safe in-process <see cref="IExecutionRecordStore"/>.</summary>
public sealed class InMemoryExecutionRecordStore : IExecutionRecordStore
{
    private readonly Dictionary<string, ExecutionRecord> _records = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task PutAsync(ExecutionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _records[record.ExecutionId] = record;
        }
        return Task.CompletedTask;
    }

    public Task<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault(executionId));
        }
    }

    public Task<IReadOnlyList<ExecutionRecord>> ListByFingerprintAsync(string fingerprint, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query(r => string.Equals(r.Fingerprint, fingerprint, StringComparison.Ordinal) && r.StartedAt >= since, int.MaxValue));

    public Task<IReadOnlyList<ExecutionRecord>> ListByHostAsync(string host, DateTimeOffset since, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query(r => string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase) && r.StartedAt >= since, limit));

    public Task PatchAsync(string executionId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        lock (_gate)
        {
            if (_records.TryGetValue(executionId, out var record))
            {
                _records[executionId] = ExecutionRecordPatch.Apply(record, attributes);
            }
        }
        return Task.CompletedTask;
    }

    public IReadOnlyList<ExecutionRecord> All()
    {
        lock (_gate)
        {
            return [.. _records.Values];
        }
    }

    private IReadOnlyList<ExecutionRecord> Query(Func<ExecutionRecord, bool> predicate, int limit)
    {
        lock (_gate)
        {
            return [.. _records.Values.Where(predicate).OrderByDescending(r => r.StartedAt).Take(limit)];
        }
    }
}
