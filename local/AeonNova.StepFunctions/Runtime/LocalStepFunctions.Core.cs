using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions;

public sealed partial class LocalStepFunctions
{
    private int RunningCount => 0;
    private StateMachineInfo CreateStateMachineCore(string name, StateMachineDefinition definition, ResourceRegistry resources) => throw new NotImplementedException();
    private (StateMachineInfo Info, int _) FindStateMachine(string arn) => throw new NotImplementedException();
    private ValueTask<StartExecutionResult> StartExecutionCore(string sm, string? input, string? name, CancellationToken ct) => throw new NotImplementedException();
    private ValueTask<ExecutionDescription> DescribeExecutionCore(string arn, CancellationToken ct) => throw new NotImplementedException();
    private ValueTask<ExecutionDescription> StopExecutionCore(string arn, string? error, string? cause, CancellationToken ct) => throw new NotImplementedException();
    private ValueTask<IReadOnlyList<HistoryEvent>> GetExecutionHistoryCore(string arn, CancellationToken ct) => throw new NotImplementedException();
    private ValueTask<IReadOnlyList<ExecutionDescription>> ListExecutionsCore(string? sm, ExecutionStatus? status, CancellationToken ct) => throw new NotImplementedException();
    private ValueTask SendTaskSuccessCore(string token, string output, CancellationToken ct) => throw new NotImplementedException();
    private ValueTask SendTaskFailureCore(string token, string? error, string? cause, CancellationToken ct) => throw new NotImplementedException();
    private ValueTask SendTaskHeartbeatCore(string token, CancellationToken ct) => throw new NotImplementedException();
    private Task<ExecutionDescription> WaitForExecutionCore(string arn, CancellationToken ct) => throw new NotImplementedException();
    private ValueTask<int> ResumeExecutionsCore(CancellationToken ct) => throw new NotImplementedException();
    private ValueTask DisposeCore() => ValueTask.CompletedTask;
}
