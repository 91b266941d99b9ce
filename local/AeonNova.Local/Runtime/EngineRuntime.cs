using AeonNova.Approvals;
using AeonNova.Core.Ports;
using AeonNova.StepFunctions;

namespace AeonNova.Local.Runtime;

/// <summary>
/// The in-process engine with the host's SQLite execution store, plus the workflow's state machine once it is
/// registered. StartExecution goes through here so it stays idempotent by name across restarts.
/// </summary>
public sealed class EngineRuntime(LocalStepFunctions engine) : IWorkflowStarter, ITaskTokenCallback
{
    private StateMachineInfo? stateMachine;

    public LocalStepFunctions Engine => engine;

    public StateMachineInfo StateMachine => stateMachine ?? throw new InvalidOperationException("no state machine registered yet");

    public void Use(StateMachineInfo info) => stateMachine = info;

    public string ExecutionArn(string name) =>
        StateMachine.StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;

    public async Task<WorkflowStart> StartAsync(string executionName, string inputJson, CancellationToken cancellationToken = default)
    {
        var arn = ExecutionArn(executionName);
        if (await engine.Store.GetAsync(arn, cancellationToken) is not null)
        {
            return new WorkflowStart(arn, AlreadyStarted: true);
        }
        try
        {
            var started = await engine.StartExecutionAsync(StateMachine.StateMachineArn, inputJson, executionName, cancellationToken);
            return new WorkflowStart(started.ExecutionArn, AlreadyStarted: false);
        }
        catch (StepFunctionsException ex) when (ex.ErrorCode == StepFunctionsErrorCodes.ExecutionAlreadyExists)
        {
            return new WorkflowStart(arn, AlreadyStarted: true);
        }
    }

    public async Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken) =>
        await engine.SendTaskSuccessAsync(taskToken, outputJson, cancellationToken);

    public async Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken) =>
        await engine.SendTaskFailureAsync(taskToken, error, cause, cancellationToken);
}
