using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;

namespace AeonNova.Workflow.Handlers;

/// <summary>RecordReceived: writes the execution record (status received).</summary>
public sealed class RecordReceivedHandler : StreamFunction<RecordReceivedInput, ExecutionRef>
{
    private readonly ExecutionHistory _history;

    public RecordReceivedHandler(IFunctionServices services)
        : base(FunctionServices.Require(services).Runtime("RecordReceived"), WorkflowJsonContext.Default.RecordReceivedInput, WorkflowJsonContext.Default.ExecutionRef) =>
        _history = new ExecutionHistory(services.Executions, services.Runbooks, services.Options, services.Clock);

    protected override async Task<ExecutionRef> HandleAsync(RecordReceivedInput input, Invocation invocation)
    {
        invocation.Log.CorrelationId = input.Alert.Id;
        var record = await _history.RecordReceivedAsync(input);
        invocation.Log.Info("execution recorded", ("execution_id", record.ExecutionId), ("fingerprint", input.Alert.Fingerprint));
        return record;
    }
}
