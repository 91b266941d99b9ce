using System.Collections.Concurrent;

namespace AeonNova.Approvals.Tests.Support;

// Shared with tests/AeonNova.Local.Tests (linked there), so both suites fake time and the workflow the same way.

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Records every callback so tests can count completions.</summary>
internal sealed class RecordingCallback : ITaskTokenCallback
{
    public ConcurrentQueue<(string Token, string Output)> Successes { get; } = new();
    public ConcurrentQueue<(string Token, string Error)> Failures { get; } = new();
    public bool Fail { get; set; }

    public Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new HttpRequestException("step functions unavailable");
        }
        Successes.Enqueue((taskToken, outputJson));
        return Task.CompletedTask;
    }

    public Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken)
    {
        Failures.Enqueue((taskToken, error));
        return Task.CompletedTask;
    }
}
