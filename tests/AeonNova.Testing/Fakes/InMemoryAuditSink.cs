using AeonNova.Core.Ports;

namespace AeonNova.Testing;

/// <summary>Keeps audit documents in memory, keyed by execution id.</summary>
public sealed class InMemoryAuditSink : IAuditSink
{
    private readonly Dictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<string> WriteAsync(string executionId, DateTimeOffset at, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _documents[executionId] = utf8Json.ToArray();
        }
        return Task.FromResult($"memory://audit/{executionId}.json");
    }

    public byte[]? Get(string executionId)
    {
        lock (_gate)
        {
            return _documents.GetValueOrDefault(executionId);
        }
    }
}
