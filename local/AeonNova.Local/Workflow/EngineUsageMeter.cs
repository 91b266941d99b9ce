using AeonNova.Core.Cost;
using AeonNova.Core.Ports;
using AeonNova.StepFunctions;

namespace AeonNova.Local.Workflow;

/// <summary>
/// <see cref="IExecutionUsageMeter"/> on the in-process engine: its execution history (timestamps from the engine's
/// TimeProvider) counted the way GetExecutionHistory is counted on AWS.
/// </summary>
public sealed class EngineUsageMeter(Func<LocalStepFunctions> engine) : IExecutionUsageMeter
{
    public async Task<ExecutionUsage> MeasureAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var history = await engine().GetExecutionHistoryAsync(executionId, cancellationToken);
        return ExecutionUsageCounter.Count([.. history.Select(e => new UsageEvent(e.Type.ToString(), e.Timestamp, e.Resource))]);
    }
}
