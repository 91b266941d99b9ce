namespace AeonNova.Approvals.Chat;

/// <summary>
/// Remembers signed requests already seen for as long as their timestamp would still be accepted, so a captured
/// request cannot be sent again inside the window. Bounded: when full of unexpired entries it refuses new requests
/// (fails closed) rather than forgetting old ones, which would re-open them to replay.
/// </summary>
public sealed class ReplayCache
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
            // Twice the window: the timestamp may lie up to one window in the past or the future.
            _seen[key] = now + _window + _window;
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
