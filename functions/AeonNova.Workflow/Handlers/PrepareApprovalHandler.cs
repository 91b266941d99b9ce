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
/// PrepareApproval: creates the approval (links per approver, timeout from severity) through the approvals
/// domain and returns what WaitForApproval publishes. Never a task token. When the alert resolved meanwhile the
/// approval is retired at once and marked cancelled, so nothing is published (ApprovalStillNeeded → AutoResolved).
/// </summary>
public sealed class PrepareApprovalHandler : StreamFunction<WorkflowState, ApprovalStep>
{
    private readonly ApprovalService _approvals;
    private readonly UnsentApprovalGuard _guard;

    public PrepareApprovalHandler(IFunctionRuntimes runtimes, ApprovalService approvals, IAlertStore alerts)
        : base(runtimes, "PrepareApproval", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.ApprovalStep)
    {
        _approvals = approvals ?? throw new ArgumentNullException(nameof(approvals));
        _guard = new UnsentApprovalGuard(new AlertGate(alerts ?? throw new ArgumentNullException(nameof(alerts))), approvals);
    }

    protected override async Task<ApprovalStep> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "PrepareApproval");
        invocation.Log.CorrelationId = alert.Id;
        var record = StateGuard.Record(input, "PrepareApproval");
        var prepared = await _approvals.CreateAsync(new CreateApprovalRequest
        {
            ExecutionId = record.ExecutionId,
            Alert = alert,
            Plan = StateGuard.Plan(input, "PrepareApproval"),
            Safety = StateGuard.Safety(input, "PrepareApproval").Report,
        }, CancellationToken.None);
        if (await _guard.RetireIfResolvedAsync(alert, record, prepared.ApprovalId) is { } reason)
        {
            invocation.Metrics.Count(MetricNames.ApprovalsRetiredUnsent);
            invocation.Log.Info("approval retired unsent: the alert resolved", ("approval_id", prepared.ApprovalId), ("execution_name", record.ExecutionName));
            return ToStep(prepared) with { Cancelled = true, CancelReason = reason };
        }
        invocation.Metrics.Count(MetricNames.ApprovalsRequested);
        invocation.Log.Info("approval requested", ("approval_id", prepared.ApprovalId), ("tier", prepared.TierName), ("timeout_seconds", prepared.TimeoutSeconds));
        return ToStep(prepared);
    }

    internal static ApprovalStep ToStep(PreparedApproval prepared) => new()
    {
        ApprovalId = prepared.ApprovalId,
        Tier = prepared.Tier,
        TierName = prepared.TierName,
        ExpiresAt = prepared.ExpiresAt,
        TimeoutSeconds = prepared.TimeoutSeconds,
        Subject = prepared.Subject,
        Message = prepared.Message,
        Expired = false,
    };
}
