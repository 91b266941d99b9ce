using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>
/// A task waiting for SendTaskSuccess/Failure. It holds no thread: the execution awaits <see cref="Completion"/>,
/// and heartbeat/timeout timers from the TimeProvider fail it when they fire.
/// </summary>
internal sealed class PendingTask : IDisposable
{
    private readonly TaskCompletionSource<JsonNode?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _heartbeatTimer;
    private ITimer? _timeoutTimer;
    private TimeSpan? _heartbeat;

    public PendingTask(string token, ExecutionRun run, string stateName)
    {
        Token = token;
        Run = run;
        StateName = stateName;
    }

    public string Token { get; }
    public ExecutionRun Run { get; }
    public string StateName { get; }
    public Task<JsonNode?> Completion => _completion.Task;

    /// <summary>Set when a timer failed the task, so a late SendTaskSuccess gets TaskTimedOut.</summary>
    public bool TimedOut { get; private set; }

    public void StartTimers(TimeProvider time, TimeSpan? timeout, TimeSpan? heartbeat)
    {
        _heartbeat = heartbeat;
        if (_completion.Task.IsCompleted)
        {
            return; // completed while the integration call was in flight: no timers to start (or to leak)
        }
        if (timeout is { } t)
        {
            _timeoutTimer = time.CreateTimer(static s => ((PendingTask)s!).Expire(StatesErrors.Timeout, "The task did not complete within TimeoutSeconds"), this, t, Timeout.InfiniteTimeSpan);
        }
        if (heartbeat is { } h)
        {
            _heartbeatTimer = time.CreateTimer(static s => ((PendingTask)s!).Expire(StatesErrors.HeartbeatTimeout, "No heartbeat was received within HeartbeatSeconds"), this, h, Timeout.InfiniteTimeSpan);
        }
    }

    public void Heartbeat()
    {
        if (_heartbeat is { } h) { _heartbeatTimer?.Change(h, Timeout.InfiniteTimeSpan); }
    }

    public bool TrySucceed(JsonNode? output)
    {
        var done = _completion.TrySetResult(output);
        if (done) { Dispose(); }
        return done;
    }

    public bool TryFail(string error, string? cause)
    {
        var done = _completion.TrySetException(new StatesErrorException(error, cause, fromTask: true));
        if (done) { Dispose(); }
        return done;
    }

    public void Cancel()
    {
        if (_completion.TrySetCanceled()) { Dispose(); }
    }

    private void Expire(string error, string cause)
    {
        if (_completion.Task.IsCompleted) { return; }
        TimedOut = true;
        TryFail(error, cause);
    }

    public void Dispose()
    {
        _heartbeatTimer?.Dispose();
        _timeoutTimer?.Dispose();
    }
}
