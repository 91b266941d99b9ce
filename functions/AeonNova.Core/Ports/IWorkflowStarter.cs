namespace AeonNova.Core.Ports;

/// <summary>
/// Port: starts the remediation workflow. Must be idempotent by name like Step Functions StartExecution:
/// the same name with the same input returns the existing execution instead of starting a second one.
/// </summary>
public interface IWorkflowStarter
{
    Task<WorkflowStart> StartAsync(string executionName, string inputJson, CancellationToken cancellationToken = default);
}

/// <param name="ExecutionArn">The execution's id (ARN on AWS).</param>
/// <param name="AlreadyStarted">True when an execution with this name existed already.</param>
public sealed record WorkflowStart(string ExecutionArn, bool AlreadyStarted);
