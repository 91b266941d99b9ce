using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Persistence;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions;

/// <summary>
/// The local Step Functions service: state machines, executions, callbacks and history, run in-process.
/// Operations mirror the AWS API (CreateStateMachine, StartExecution, DescribeExecution, StopExecution,
/// GetExecutionHistory, SendTaskSuccess/Failure/Heartbeat) and raise <see cref="StepFunctionsException"/>
/// with the AWS exception names. Suspended executions (task tokens, Wait states) hold no thread.
/// </summary>
public sealed partial class LocalStepFunctions : IAsyncDisposable
{
    public LocalStepFunctions(LocalStepFunctionsOptions? options = null)
    {
        Options = options ?? new LocalStepFunctionsOptions();
        Store = Options.Store ?? new InMemoryExecutionStore();
        Time = Options.TimeProvider;
    }

    public LocalStepFunctionsOptions Options { get; }

    public IExecutionStore Store { get; }

    internal TimeProvider Time { get; }

    /// <summary>Registers (or replaces) a state machine with its task bindings.</summary>
    public StateMachineInfo CreateStateMachine(string name, StateMachineDefinition definition, ResourceRegistry resources) =>
        CreateStateMachineCore(name, definition, resources);

    /// <summary>Finds a state machine by ARN or name.</summary>
    public StateMachineInfo DescribeStateMachine(string stateMachineArnOrName) => FindStateMachine(stateMachineArnOrName).Info;

    /// <summary>
    /// Starts an execution. Without a name a unique one is generated. With a name used before: while that
    /// execution is open and the input is the same JSON, the original execution is returned; with another input,
    /// or once it has closed, ExecutionAlreadyExists is raised (AWS semantics).
    /// </summary>
    public ValueTask<StartExecutionResult> StartExecutionAsync(string stateMachineArnOrName, string? input = null, string? name = null, CancellationToken cancellationToken = default) =>
        StartExecutionCore(stateMachineArnOrName, input, name, cancellationToken);

    /// <summary>Starts an execution with a JSON node as input.</summary>
    public ValueTask<StartExecutionResult> StartExecutionAsync(string stateMachineArnOrName, JsonNode? input, string? name = null, CancellationToken cancellationToken = default) =>
        StartExecutionCore(stateMachineArnOrName, input is null ? "{}" : input.ToJsonString(), name, cancellationToken);

    /// <summary>Starts an execution and waits until it closes.</summary>
    public async ValueTask<ExecutionDescription> RunExecutionAsync(string stateMachineArnOrName, string? input = null, string? name = null, CancellationToken cancellationToken = default)
    {
        var started = await StartExecutionCore(stateMachineArnOrName, input, name, cancellationToken);
        return await WaitForExecutionAsync(started.ExecutionArn, cancellationToken);
    }

    public ValueTask<ExecutionDescription> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default) =>
        DescribeExecutionCore(executionArn, cancellationToken);

    /// <summary>Aborts a running execution (status ABORTED, ExecutionAborted event); pending task tokens become invalid.</summary>
    public ValueTask<ExecutionDescription> StopExecutionAsync(string executionArn, string? error = null, string? cause = null, CancellationToken cancellationToken = default) =>
        StopExecutionCore(executionArn, error, cause, cancellationToken);

    /// <summary>History events in order (oldest first).</summary>
    public ValueTask<IReadOnlyList<HistoryEvent>> GetExecutionHistoryAsync(string executionArn, CancellationToken cancellationToken = default) =>
        GetExecutionHistoryCore(executionArn, cancellationToken);

    /// <summary>Executions, newest first, optionally filtered.</summary>
    public ValueTask<IReadOnlyList<ExecutionDescription>> ListExecutionsAsync(string? stateMachineArn = null, ExecutionStatus? status = null, CancellationToken cancellationToken = default) =>
        ListExecutionsCore(stateMachineArn, status, cancellationToken);

    /// <summary>Completes a .waitForTaskToken task with <paramref name="output"/> (JSON text).</summary>
    public ValueTask SendTaskSuccessAsync(string taskToken, string output, CancellationToken cancellationToken = default) =>
        SendTaskSuccessCore(taskToken, output, cancellationToken);

    /// <summary>Fails a .waitForTaskToken task with an error name and cause (Retry/Catch see them).</summary>
    public ValueTask SendTaskFailureAsync(string taskToken, string? error = null, string? cause = null, CancellationToken cancellationToken = default) =>
        SendTaskFailureCore(taskToken, error, cause, cancellationToken);

    /// <summary>Resets the task's HeartbeatSeconds clock.</summary>
    public ValueTask SendTaskHeartbeatAsync(string taskToken, CancellationToken cancellationToken = default) =>
        SendTaskHeartbeatCore(taskToken, cancellationToken);

    /// <summary>Completes when the execution closes (whatever its status).</summary>
    public Task<ExecutionDescription> WaitForExecutionAsync(string executionArn, CancellationToken cancellationToken = default) =>
        WaitForExecutionCore(executionArn, cancellationToken);

    /// <summary>
    /// After a restart: resumes every RUNNING execution in the store whose state machine is registered again,
    /// from its checkpoint. Returns how many resumed.
    /// </summary>
    public ValueTask<int> ResumeExecutionsAsync(CancellationToken cancellationToken = default) =>
        ResumeExecutionsCore(cancellationToken);

    /// <summary>Number of executions currently running in this process.</summary>
    public int RunningExecutionCount => RunningCount;

    public ValueTask DisposeAsync() => DisposeCore();
}
