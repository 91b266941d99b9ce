namespace AeonNova.StepFunctions.Persistence;

/// <summary>
/// Where executions are kept. The engine saves a snapshot when an execution starts, whenever it suspends
/// (task token, Wait state) and when it closes. The local host implements this with SQLite so suspended
/// executions survive a restart (<see cref="LocalStepFunctions.ResumeExecutionsAsync"/>).
/// </summary>
public interface IExecutionStore
{
    /// <summary>Inserts or replaces the snapshot with the same ExecutionArn.</summary>
    ValueTask SaveAsync(ExecutionSnapshot snapshot, CancellationToken cancellationToken = default);

    ValueTask<ExecutionSnapshot?> GetAsync(string executionArn, CancellationToken cancellationToken = default);

    /// <summary>Snapshots filtered by state machine and/or status, newest first.</summary>
    ValueTask<IReadOnlyList<ExecutionSnapshot>> ListAsync(string? stateMachineArn = null, ExecutionStatus? status = null, CancellationToken cancellationToken = default);
}
