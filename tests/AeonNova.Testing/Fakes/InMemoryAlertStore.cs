using AeonNova.Core.Ports;

namespace AeonNova.Testing;

/// <summary>Thread-safe in-process <see cref="IAlertStore"/> (tests, benchmarks, single-process hosts).</summary>
public sealed class InMemoryAlertStore : IAlertStore
{
    private readonly Dictionary<string, AlertState> _items = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<AlertClaim> ClaimAsync(AlertClaimRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            _items.TryGetValue(request.Fingerprint, out var current);
            var decision = AlertClaims.Decide(current, request);
            _items[request.Fingerprint] = decision.State;
            return Task.FromResult(decision);
        }
    }

    public Task MarkResolvedAsync(string fingerprint, DateTimeOffset resolvedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_items.TryGetValue(fingerprint, out var current))
            {
                _items[fingerprint] = current with { ResolvedAt = resolvedAt, LastSeenAt = resolvedAt };
            }
        }
        return Task.CompletedTask;
    }

    public Task<AlertState?> GetAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_items.GetValueOrDefault(fingerprint));
        }
    }
}
