using AeonNova.Core.Workflow;
using AeonNova.Functions.Hosting;
using AeonNova.Functions.Json;

namespace AeonNova.Functions.Handlers;

/// <summary>RecordReceived: writes the execution record (status received).</summary>
public sealed class RecordReceivedFunction : StreamFunction<RecordReceivedInput, ExecutionRef>
{
    private readonly ExecutionHistory _history;

    public RecordReceivedFunction() : this(AwsFunctionServices.FromEnvironment()) { }

    public RecordReceivedFunction(IFunctionServices services)
        : base(Check(services).Runtime("RecordReceived"), FunctionsJsonContext.Default.RecordReceivedInput, FunctionsJsonContext.Default.ExecutionRef) =>
        _history = new ExecutionHistory(services.Executions, services.Runbooks, services.Options, services.Clock);

    protected override async Task<ExecutionRef> HandleAsync(RecordReceivedInput input, Invocation invocation)
    {
        invocation.Log.CorrelationId = input.Alert.Id;
        var record = await _history.RecordReceivedAsync(input);
        invocation.Log.Info("execution recorded", ("execution_id", record.ExecutionId), ("fingerprint", input.Alert.Fingerprint));
        return record;
    }

    internal static IFunctionServices Check(IFunctionServices services) => services ?? throw new ArgumentNullException(nameof(services));
}
