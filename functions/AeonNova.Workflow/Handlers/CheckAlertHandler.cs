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
/// CheckAlert: re-reads the alert state (and, before an approved run, the approval) at the transitions that matter:
/// after the settle window (CheckSettled), right before ExecuteScript (CheckBeforeAutoRun / CheckBeforeApprovedRun)
/// and after WaitForApproval failed (CheckAfterApprovalError). Answers proceed, or the outcome to end with.
/// </summary>
public sealed class CheckAlertHandler : StreamFunction<GateInput, GateStep>
{
    private readonly ExecutionGate _gate;

    public CheckAlertHandler(IFunctionRuntimes runtimes, IAlertStore alerts, ApprovalService approvals)
        : base(runtimes, "CheckAlert", WorkflowJsonContext.Default.GateInput, WorkflowJsonContext.Default.GateStep) =>
        _gate = new ExecutionGate(new AlertGate(alerts ?? throw new ArgumentNullException(nameof(alerts))),
            approvals ?? throw new ArgumentNullException(nameof(approvals)));

    protected override async Task<GateStep> HandleAsync(GateInput input, Invocation invocation)
    {
        invocation.Log.CorrelationId = input.Alert?.Id;
        var result = await _gate.CheckAsync(input);
        var execution = input.Record?.ExecutionName ?? "";
        if (input.Checkpoint == ExecutionGate.Settle)
        {
            invocation.Metrics.Count(result.Proceed ? MetricNames.SettledStillFiring : MetricNames.SettledResolved);
        }
        if (result.Proceed)
        {
            invocation.Log.Info("check passed", ("checkpoint", input.Checkpoint), ("execution_name", execution));
        }
        else if (result.Status == WorkflowOutcomes.WorkflowError)
        {
            invocation.Log.Error("workflow error", null, ("execution_name", execution), ("failing_state", "WaitForApproval"), ("error", input.Error?.Error), ("cause", result.Cause));
        }
        else
        {
            invocation.Log.Warning("execution stops", ("checkpoint", input.Checkpoint), ("execution_name", execution), ("outcome", result.Status), ("reason", result.Reason), ("cause", result.Cause));
        }
        return result;
    }
}
