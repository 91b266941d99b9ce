using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>Enrich: host history, recent remediations of the fingerprint, top runbooks, loop-guard count.</summary>
public sealed class EnrichHandler : StreamFunction<WorkflowState, Enrichment>
{
    private readonly ExecutionHistory _history;

    public EnrichHandler(IFunctionRuntimes runtimes, ExecutionHistory history)
        : base(runtimes, "Enrich", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.Enrichment) =>
        _history = history ?? throw new ArgumentNullException(nameof(history));

    protected override async Task<Enrichment> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "Enrich");
        var record = StateGuard.Record(input, "Enrich");
        invocation.Log.CorrelationId = alert.Id;
        var enrichment = await _history.EnrichAsync(alert, record);
        invocation.Log.Info("enriched",
            ("runbooks", enrichment.Runbooks.Count),
            ("recent_remediations", enrichment.RecentRemediations.Count),
            ("loop_guard_tripped", enrichment.LoopGuard.Tripped));
        return enrichment;
    }
}
