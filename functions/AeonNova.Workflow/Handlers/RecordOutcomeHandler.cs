using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>RecordOutcome: the final execution record (DynamoDB) and the whole state as the audit document (S3).</summary>
public sealed class RecordOutcomeHandler : StreamFunction<WorkflowState, AuditRef>
{
    private readonly OutcomeRecorder _recorder;
    private readonly TimeProvider _clock;

    public RecordOutcomeHandler(IFunctionRuntimes runtimes, OutcomeRecorder recorder, TimeProvider clock)
        : base(runtimes, "RecordOutcome", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.AuditRef)
    {
        _recorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    protected override async Task<AuditRef> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "RecordOutcome");
        invocation.Log.CorrelationId = alert.Id;
        var (audit, cost) = await _recorder.RecordAsync(input, invocation.RawInput);
        var status = input.Outcome!.Status;
        EmitOutcomeMetrics(input, status, invocation.Metrics);
        // Cost per outcome, and (with VerifiedFixes) per verified fix: the dashboard divides the sums.
        invocation.Metrics.Value(MetricNames.CostUsd, cost.TotalUsd, MetricNames.OutcomeDimension, status);
        invocation.Metrics.Value(MetricNames.CostUsd, cost.TotalUsd);
        if (status == WorkflowOutcomes.Remediated)
        {
            invocation.Metrics.Count(MetricNames.VerifiedFixes);
        }
        if (status == WorkflowOutcomes.WorkflowError)
        {
            invocation.Log.Error("workflow error", null,
                ("execution_name", input.Record?.ExecutionName), ("failing_state", OutcomeRecorder.FailingState(input)),
                ("error", input.Error?.Error), ("cause", input.Outcome.Cause));
        }
        invocation.Log.Info("outcome recorded", ("execution_id", audit.ExecutionId), ("execution_name", input.Record?.ExecutionName), ("outcome", status),
            ("reason", input.Outcome.Reason), ("cause", input.Outcome.Cause), ("audit", audit.AuditLocation),
            ("cost_usd", cost.TotalUsd));
        return audit;
    }

    private void EmitOutcomeMetrics(WorkflowState state, string status, EmfMetrics metrics)
    {
        switch (state.Decision?.Decision)
        {
            case "approved": metrics.Count(MetricNames.ApprovalsGranted); break;
            case "rejected": metrics.Count(MetricNames.ApprovalsRejected); break;
        }
        if (state.Command is null)
        {
            return;
        }
        if (status is WorkflowOutcomes.Remediated or WorkflowOutcomes.Diagnosed)
        {
            metrics.Count(MetricNames.RemediationsSucceeded);
            if (state.Alert?.ReceivedAt is { } received)
            {
                metrics.Milliseconds(MetricNames.TimeToRemediate, Math.Max(0, (_clock.GetUtcNow() - received).TotalMilliseconds));
            }
        }
        else
        {
            metrics.Count(MetricNames.RemediationsFailed);
        }
    }
}
