using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>RecordReceived: writes the execution record (status received).</summary>
public sealed class RecordReceivedHandler : StreamFunction<RecordReceivedInput, ExecutionRef>
{
    private readonly ExecutionHistory _history;

    public RecordReceivedHandler(IFunctionRuntimes runtimes, ExecutionHistory history)
        : base(runtimes, "RecordReceived", WorkflowJsonContext.Default.RecordReceivedInput, WorkflowJsonContext.Default.ExecutionRef) =>
        _history = history ?? throw new ArgumentNullException(nameof(history));

    protected override async Task<ExecutionRef> HandleAsync(RecordReceivedInput input, Invocation invocation)
    {
        invocation.Log.CorrelationId = input.Alert.Id;
        var record = await _history.RecordReceivedAsync(input);
        invocation.Log.Info("execution recorded", ("execution_id", record.ExecutionId), ("fingerprint", input.Alert.Fingerprint));
        return record;
    }
}
