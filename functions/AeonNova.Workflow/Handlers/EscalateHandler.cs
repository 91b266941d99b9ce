using AeonNova.Approvals;
using AeonNova.Core.Observability;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Gates;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>
/// Escalate (WaitForApproval timed out): the approvals domain retires this tier's links and issues the next
/// tier's, or marks the approval expired after the last tier (then CheckEscalation → Expired).
/// </summary>
public sealed class EscalateHandler : StreamFunction<WorkflowState, ApprovalStep>
{
    private readonly ApprovalService _approvals;
    private readonly UnsentApprovalGuard _guard;

    public EscalateHandler(IFunctionRuntimes runtimes, ApprovalService approvals, IAlertStore alerts)
        : base(runtimes, "Escalate", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.ApprovalStep)
    {
        _approvals = approvals ?? throw new ArgumentNullException(nameof(approvals));
        _guard = new UnsentApprovalGuard(new AlertGate(alerts ?? throw new ArgumentNullException(nameof(alerts))), approvals);
    }

    protected override async Task<ApprovalStep> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "Escalate");
        invocation.Log.CorrelationId = alert.Id;
        var current = input.Approval ?? throw new WorkflowInputException("Escalate: the input lacks 'approval'.");
        var result = await _approvals.EscalateAsync(current.ApprovalId, current.Tier, CancellationToken.None);
        if (result.Status == ApprovalStatus.Cancelled)
        {
            // The alert resolved while this tier waited (the wait timed out in the same moment): not an expiry.
            var record = await _approvals.GetAsync(current.ApprovalId, CancellationToken.None);
            return current with { Cancelled = true, CancelReason = record?.Decision?.Comment ?? "cancelled" };
        }
        if (result.Next is not null && await _guard.RetireIfResolvedAsync(alert, StateGuard.Record(input, "Escalate"), result.ApprovalId) is { } reason)
        {
            invocation.Metrics.Count(MetricNames.ApprovalsRetiredUnsent);
            return PrepareApprovalHandler.ToStep(result.Next) with { Cancelled = true, CancelReason = reason };
        }
        if (result.Expired || result.Next is null)
        {
            invocation.Metrics.Count(MetricNames.ApprovalsExpired);
            invocation.Log.Warning("approval expired after the last tier", ("approval_id", current.ApprovalId), ("status", result.Status.ToString()));
            return current with { Expired = true };
        }
        invocation.Metrics.Count(MetricNames.ApprovalsEscalated);
        invocation.Log.Info("approval escalated", ("approval_id", result.ApprovalId), ("tier", result.Next.TierName));
        return PrepareApprovalHandler.ToStep(result.Next);
    }
}
