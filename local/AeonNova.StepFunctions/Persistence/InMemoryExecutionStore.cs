using System.Collections.Concurrent;

namespace AeonNova.StepFunctions.Persistence;

/// <summary>
/// Keeps snapshots in memory. Closed executions beyond <c>maxClosedExecutions</c> are evicted oldest first,
/// so long benchmark runs stay bounded; running executions are never evicted.
/// </summary>
public sealed class InMemoryExecutionStore : IExecutionStore
{
    private readonly ConcurrentDictionary<string, ExecutionSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _closedOrder = new();
    private readonly int _maxClosedExecutions;
    private int _closedCount;

    public InMemoryExecutionStore(int maxClosedExecutions = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxClosedExecutions);
        _maxClosedExecutions = maxClosedExecutions;
    }

    public int Count => _snapshots.Count;

    public ValueTask SaveAsync(ExecutionSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var previous = _snapshots.GetValueOrDefault(snapshot.ExecutionArn);
        _snapshots[snapshot.ExecutionArn] = snapshot;
        if (snapshot.Status != ExecutionStatus.Running && (previous is null || previous.Status == ExecutionStatus.Running))
        {
            _closedOrder.Enqueue(snapshot.ExecutionArn);
            if (Interlocked.Increment(ref _closedCount) > _maxClosedExecutions && _closedOrder.TryDequeue(out var oldest))
            {
                _snapshots.TryRemove(oldest, out _);
                Interlocked.Decrement(ref _closedCount);
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<ExecutionSnapshot?> GetAsync(string executionArn, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_snapshots.GetValueOrDefault(executionArn));

    public ValueTask<IReadOnlyList<ExecutionSnapshot>> ListAsync(string? stateMachineArn = null, ExecutionStatus? status = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ExecutionSnapshot> list = [.. _snapshots.Values
            .Where(s => (stateMachineArn is null || s.StateMachineArn == stateMachineArn) && (status is null || s.Status == status))
            .OrderByDescending(s => s.StartDate)];
        return ValueTask.FromResult(list);
    }
}
