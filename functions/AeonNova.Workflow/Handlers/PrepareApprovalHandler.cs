using AeonNova.Approvals;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>
/// PrepareApproval: creates the approval (links per approver, timeout from severity) through the approvals
/// domain and returns what WaitForApproval publishes. Never a task token.
/// </summary>
public sealed class PrepareApprovalHandler : StreamFunction<WorkflowState, ApprovalStep>
{
    private readonly ApprovalService _approvals;

    public PrepareApprovalHandler(IFunctionRuntimes runtimes, ApprovalService approvals)
        : base(runtimes, "PrepareApproval", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.ApprovalStep) =>
        _approvals = approvals ?? throw new ArgumentNullException(nameof(approvals));

    protected override async Task<ApprovalStep> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "PrepareApproval");
        invocation.Log.CorrelationId = alert.Id;
        var prepared = await _approvals.CreateAsync(new CreateApprovalRequest
        {
            ExecutionId = StateGuard.Record(input, "PrepareApproval").ExecutionId,
            Alert = alert,
            Plan = StateGuard.Plan(input, "PrepareApproval"),
            Safety = StateGuard.Safety(input, "PrepareApproval").Report,
        }, CancellationToken.None);
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
