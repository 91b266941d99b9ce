namespace AeonNova.Local.Hosting;

/// <summary>
/// The alert accepts (POST /alerts/{source}) in flight right now, so the queue consumer can give way to them.
/// Working off the queue runs a workflow per alert — several milliseconds of CPU each — and on a small machine
/// every workflow step taken while a sender waits for its 202 stretches that sender's wait. Measured with
/// `aeonnova bench serve` on 2 cores: with the consumer idle during the 3,000-alert burst p99 accept was 10 ms,
/// with it working the backlog at full speed 34–135 ms.
/// </summary>
public sealed class AcceptTraffic
{
    private int inFlight;

    public int InFlight => Volatile.Read(ref inFlight);

    public void Begin() => Interlocked.Increment(ref inFlight);

    public void End() => Interlocked.Decrement(ref inFlight);

    /// <summary>
    /// Returns once no accept is in flight, or after <paramref name="maxWait"/> at the latest: a steady stream of
    /// accepts slows the backlog down but never stops it.
    /// </summary>
    public async Task WaitForLullAsync(TimeSpan maxWait, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var started = clock.GetTimestamp();
        while (InFlight > 0 && clock.GetElapsedTime(started) < maxWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1), clock, cancellationToken);
        }
    }
}
