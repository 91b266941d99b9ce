using AeonNova.Core.Cost;

namespace AeonNova.Core.Ports;

/// <summary>
/// Port: what an execution has used so far (state transitions, Lambda invocations) from its host's execution history:
/// GetExecutionHistory on AWS, the in-process engine's history locally. Both count with <see cref="ExecutionUsageCounter"/>.
/// </summary>
public interface IExecutionUsageMeter
{
    /// <param name="executionId">The execution ARN ($$.Execution.Id).</param>
    Task<ExecutionUsage> MeasureAsync(string executionId, CancellationToken cancellationToken = default);
}
