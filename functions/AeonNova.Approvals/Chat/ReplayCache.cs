namespace AeonNova.Approvals.Chat;

/// <summary>
/// Where the chat endpoints remember the signed requests they have already accepted. One port, two homes: the
/// in-process <see cref="ReplayCache"/> (serve, one process) and a DynamoDB conditional put with TTL on AWS, where
/// every Lambda execution environment must see the others' requests.
/// </summary>
public interface IReplayCache
{
    /// <summary>First sighting of <paramref name="key"/>: <see cref="ReplayCheck.First"/>; later ones (anywhere): <see cref="ReplayCheck.Replayed"/>.</summary>
    Task<ReplayCheck> CheckAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// Remembers signed requests already seen for as long as their timestamp would still be accepted, so a captured
/// request cannot be sent again inside the window. Bounded: when full of unexpired entries it refuses new requests
/// (fails closed) rather than forgetting old ones, which would re-open them to replay.
/// </summary>
public sealed class ReplayCache : IReplayCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly int _capacity;

    public ReplayCache(TimeProvider time, TimeSpan window, int capacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(capacity, 0);
        _time = time;
        _window = window;
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>How long a key is remembered: twice the window, as a timestamp may lie up to one window in the past or the future.</summary>
    public static TimeSpan RetentionFor(TimeSpan window) => window + window;

    public Task<ReplayCheck> CheckAsync(string key, CancellationToken cancellationToken) => Task.FromResult(Check(key));

    /// <summary>First sighting of <paramref name="key"/>: <see cref="ReplayCheck.First"/>; later ones: <see cref="ReplayCheck.Replayed"/>.</summary>
    public ReplayCheck Check(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_seen.TryGetValue(key, out var until) && until > now)
            {
                return ReplayCheck.Replayed;
            }
            if (_seen.Count >= _capacity)
            {
                foreach (var stale in _seen.Where(e => e.Value <= now).Select(e => e.Key).ToList())
                {
                    _seen.Remove(stale);
                }
                if (_seen.Count >= _capacity)
                {
                    return ReplayCheck.Full;
                }
            }
            _seen[key] = now + RetentionFor(_window);
            return ReplayCheck.First;
        }
    }
}

public enum ReplayCheck
{
    First,
    Replayed,
    Full,
}
