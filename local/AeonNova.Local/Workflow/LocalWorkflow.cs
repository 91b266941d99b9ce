using AeonNova.Approvals;
using AeonNova.Core.Ports;
using AeonNova.StepFunctions;

namespace AeonNova.Local.Workflow;

/// <summary>
/// statemachines/remediation.asl.json registered on an in-process engine with the real handlers: the one-machine
/// equivalent of the deployed state machine. The state machine name is the file name without .asl.json.
/// </summary>
public sealed class LocalWorkflow
{
    private LocalWorkflow(LocalStepFunctions engine, StateMachineInfo stateMachine)
    {
        Engine = engine;
        StateMachine = stateMachine;
    }

    public LocalStepFunctions Engine { get; }

    public StateMachineInfo StateMachine { get; }

    /// <param name="services">A provider built with AddAeonNovaWorkflow (the step handlers) and the host's adapters.</param>
    public static LocalWorkflow Register(LocalStepFunctions engine, string definitionPath, IServiceProvider services, LocalIntegrations integrations, string modelId = "amazon.nova-pro-v1:0")
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentException.ThrowIfNullOrEmpty(definitionPath);
        var definition = StateMachineDefinition.Load(definitionPath, WorkflowRegistry.Substitutions(modelId));
        var name = Path.GetFileName(definitionPath).Replace(".asl.json", "", StringComparison.Ordinal);
        var info = engine.CreateStateMachine(name, definition, WorkflowRegistry.Create(services, integrations));
        return new LocalWorkflow(engine, info);
    }

    public string ExecutionArn(string name) =>
        StateMachine.StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;
}

/// <summary><see cref="IWorkflowStarter"/> on the in-process engine, idempotent by name like StartExecution.</summary>
public sealed class LocalWorkflowStarter(Func<LocalWorkflow> workflow) : IWorkflowStarter
{
    public async Task<WorkflowStart> StartAsync(string executionName, string inputJson, CancellationToken cancellationToken = default)
    {
        var local = workflow();
        var arn = local.ExecutionArn(executionName);
        try
        {
            await local.Engine.DescribeExecutionAsync(arn, cancellationToken);
            return new WorkflowStart(arn, AlreadyStarted: true);
        }
        catch (StepFunctionsException ex) when (ex.ErrorCode == StepFunctionsErrorCodes.ExecutionDoesNotExist)
        {
            // Not started yet.
        }
        try
        {
            var started = await local.Engine.StartExecutionAsync(local.StateMachine.StateMachineArn, inputJson, executionName, cancellationToken);
            return new WorkflowStart(started.ExecutionArn, AlreadyStarted: false);
        }
        catch (StepFunctionsException ex) when (ex.ErrorCode == StepFunctionsErrorCodes.ExecutionAlreadyExists)
        {
            return new WorkflowStart(arn, AlreadyStarted: true);
        }
    }
}

/// <summary>The approvals domain's <see cref="ITaskTokenCallback"/> on the in-process engine.</summary>
public sealed class LocalTaskTokenCallback(Func<LocalStepFunctions> engine) : ITaskTokenCallback
{
    public async Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken) =>
        await engine().SendTaskSuccessAsync(taskToken, outputJson, cancellationToken);

    public async Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken) =>
        await engine().SendTaskFailureAsync(taskToken, error, cause, cancellationToken);
}
