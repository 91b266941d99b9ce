using AeonNova.Approvals;
using AeonNova.Core.Cost;
using AeonNova.Core.Ports;
using AeonNova.Functions.AwsJson;

namespace AeonNova.Functions.Adapters;

/// <summary>
/// <see cref="IWorkflowStarter"/> on Step Functions. StartExecution is idempotent for Standard workflows while the
/// execution runs with the same input; once it closed, ExecutionAlreadyExists also means "already started".
/// </summary>
public sealed class StepFunctionsWorkflowStarter(StepFunctionsClient client, string stateMachineArn) : IWorkflowStarter
{
    public async Task<WorkflowStart> StartAsync(string executionName, string inputJson, CancellationToken cancellationToken = default)
    {
        try
        {
            var (arn, _) = await client.StartExecutionAsync(stateMachineArn, executionName, inputJson, cancellationToken);
            return new WorkflowStart(arn, AlreadyStarted: false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ExecutionAlreadyExists")
        {
            return new WorkflowStart(ExecutionArn(stateMachineArn, executionName), AlreadyStarted: true);
        }
    }

    /// <summary>arn:aws:states:r:a:stateMachine:M + name → arn:aws:states:r:a:execution:M:name.</summary>
    public static string ExecutionArn(string stateMachineArn, string name)
    {
        ArgumentNullException.ThrowIfNull(stateMachineArn);
        return stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;
    }
}

/// <summary>The approvals domain's <see cref="ITaskTokenCallback"/> on Step Functions.</summary>
public sealed class StepFunctionsTaskTokenCallback(StepFunctionsClient client) : ITaskTokenCallback
{
    public Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken) =>
        client.SendTaskSuccessAsync(taskToken, outputJson, cancellationToken);

    public Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken) =>
        client.SendTaskFailureAsync(taskToken, error, cause, cancellationToken);
}

/// <summary><see cref="IExecutionUsageMeter"/> on Step Functions: GetExecutionHistory, counted like the local engine's.</summary>
public sealed class StepFunctionsUsageMeter(StepFunctionsClient client) : IExecutionUsageMeter
{
    public async Task<ExecutionUsage> MeasureAsync(string executionId, CancellationToken cancellationToken = default) =>
        ExecutionUsageCounter.Count(await client.GetExecutionHistoryAsync(executionId, cancellationToken));
}
