using AeonNova.Core.Observability;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;
using AeonNova.Workflow.Outbound;

namespace AeonNova.Workflow.Handlers;

/// <summary>CloseOut: outbound updates (ServiceNow, PagerDuty, Opsgenie, signed webhook), each optional by config.</summary>
public sealed class CloseOutHandler : StreamFunction<WorkflowState, CloseOutResult>
{
    private readonly CloseOutService _closeOut;

    public CloseOutHandler(IFunctionRuntimes runtimes, CloseOutService closeOut)
        : base(runtimes, "CloseOut", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.CloseOutResult) =>
        _closeOut = closeOut ?? throw new ArgumentNullException(nameof(closeOut));

    protected override async Task<CloseOutResult> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "CloseOut");
        invocation.Log.CorrelationId = alert.Id;
        var outcome = input.Outcome ?? throw new WorkflowInputException("CloseOut: the input lacks 'outcome'.");
        var result = await _closeOut.CloseAsync(alert, outcome, input.Record, CancellationToken.None);
        foreach (var target in result.Targets.Where(t => t.Status == CloseOutStatus.Failed))
        {
            invocation.Metrics.Count(MetricNames.OutboundFailures, "target", target.Target);
            invocation.Log.Warning("outbound update failed", ("target", target.Target), ("detail", target.Detail));
        }
        return result;
    }
}
