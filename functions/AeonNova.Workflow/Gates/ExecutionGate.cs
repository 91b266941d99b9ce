using System.Globalization;
using AeonNova.Approvals;
using AeonNova.Core.Planning;
using AeonNova.Core.Workflow;

namespace AeonNova.Workflow.Gates;

/// <summary>
/// CheckAlert's decisions: after the settle window, right before ExecuteScript (alert still firing, the exact
/// validated script, the approval still an approval of this execution and script, the target the approved one),
/// and after WaitForApproval failed. Each "no" is a specific outcome with a cause a person can act on.
/// </summary>
public sealed class ExecutionGate(AlertGate alerts, ApprovalService approvals)
{
    public const string Settle = "settle";
    public const string Execute = "execute";
    public const string ApprovalError = "approval-error";

    public async Task<GateStep> CheckAsync(GateInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var alert = input.Alert ?? throw new WorkflowInputException($"CheckAlert ({input.Checkpoint}): the input lacks 'alert'.");
        var record = input.Record ?? throw new WorkflowInputException($"CheckAlert ({input.Checkpoint}): the input lacks 'record'.");
        var resolvedAt = await alerts.ResolvedAtAsync(alert, record, cancellationToken);
        return input.Checkpoint switch
        {
            Settle => resolvedAt is { } at
                ? Stop(input, WorkflowOutcomes.AutoResolved, "alert-resolved-while-settling",
                    $"The alert resolved at {Time(at)}, inside its settle window; nothing was planned and nobody was asked to approve.")
                : Go(input),
            Execute => resolvedAt is { } at
                ? Stop(input, WorkflowOutcomes.AutoResolved, "alert-resolved-before-execution",
                    $"The alert resolved at {Time(at)}, after {(input.Decision is null ? "the policy allowed the run" : "the approval")} but before the script ran; nothing ran.")
                : await PreflightAsync(input, record, cancellationToken),
            ApprovalError => await AfterApprovalErrorAsync(input, resolvedAt, cancellationToken),
            _ => throw new WorkflowInputException($"CheckAlert: unknown checkpoint '{input.Checkpoint}' (settle | execute | approval-error)."),
        };
    }

    /// <summary>
    /// The rollback that may run later must be the one validated (and approved) now: the plan's rollback, its hash, the
    /// command built from it, and the approval hash over both scripts all agree.
    /// </summary>
    private static string? RollbackProblem(RemediationPlan plan, SafetyStep safety)
    {
        var expectedApproval = PlanDigest.ApprovalSha256(plan);
        var recordedApproval = safety.ApprovalSha256.Length > 0 ? safety.ApprovalSha256 : safety.ScriptSha256;
        if (!Same(expectedApproval, recordedApproval))
        {
            return $"The plan's script and rollback (sha256 {expectedApproval}) are not what was validated (sha256 {recordedApproval}): possible tampering.";
        }
        if (plan.RollbackScript is not { } rollback)
        {
            return safety.Rollback.Available ? "A rollback command is set but the plan has no rollback script: possible tampering." : null;
        }
        if (!safety.Rollback.Available)
        {
            return null;
        }
        var rollbackHash = SafetyGate.Sha256Hex(rollback.Body);
        var commandHash = SafetyGate.Sha256Hex(string.Join('\n', safety.Rollback.Command?.Commands ?? []));
        return Same(rollbackHash, safety.Rollback.ScriptSha256) && Same(commandHash, safety.Rollback.ScriptSha256)
            && safety.Rollback.Command!.InstanceIds.SequenceEqual(safety.Command.InstanceIds, StringComparer.Ordinal)
            ? null
            : $"The rollback command (sha256 {commandHash}) or the plan's rollback (sha256 {rollbackHash}) is not the validated rollback (sha256 {safety.Rollback.ScriptSha256}), or it targets another host: possible tampering.";
    }

    private async Task<GateStep> PreflightAsync(GateInput input, ExecutionRef record, CancellationToken cancellationToken)
    {
        var alert = input.Alert!;
        var plan = input.Plan ?? throw new WorkflowInputException("CheckAlert (execute): the input lacks 'plan'.");
        var safety = input.Safety ?? throw new WorkflowInputException("CheckAlert (execute): the input lacks 'safety'.");
        var commandHash = SafetyGate.Sha256Hex(string.Join('\n', safety.Command.Commands));
        var planHash = SafetyGate.Sha256Hex(plan.Script.Body);
        if (!Same(commandHash, safety.ScriptSha256) || !Same(planHash, safety.ScriptSha256))
        {
            return Stop(input, WorkflowOutcomes.ScriptMismatch, "command-differs-from-validated",
                $"The command about to run (sha256 {commandHash}) or the plan (sha256 {planHash}) is not the validated script (sha256 {safety.ScriptSha256}): possible tampering. Nothing ran.");
        }
        if (RollbackProblem(plan, safety) is { } rollbackProblem)
        {
            return Stop(input, WorkflowOutcomes.ScriptMismatch, "rollback-differs-from-validated", rollbackProblem + " Nothing ran.");
        }
        // The approval hash covers the script and its rollback (equal to the script's hash when there is none).
        var approvedHash = safety.ApprovalSha256.Length > 0 ? safety.ApprovalSha256 : safety.ScriptSha256;
        var target = SafetyGate.TargetInstance(alert);
        if (safety.Command.InstanceIds.Count != 1 || !Same(safety.Command.InstanceIds[0], target))
        {
            return Stop(input, WorkflowOutcomes.TargetChanged, "command-target-differs",
                $"The command targets [{string.Join(", ", safety.Command.InstanceIds)}] but the alert names '{target}'. Nothing ran.");
        }
        if (input.Decision is not { } decision)
        {
            return Go(input);
        }
        var approvalId = input.Approval?.ApprovalId ?? "";
        var approval = approvalId.Length == 0 ? null : await approvals.GetAsync(approvalId, cancellationToken);
        if (approval is null)
        {
            return Stop(input, WorkflowOutcomes.ApprovalChanged, "approval-missing", $"Approval '{approvalId}' no longer exists. Nothing ran.");
        }
        if (approval.Status != ApprovalStatus.Approved || !Same(approval.ExecutionId, record.ExecutionId))
        {
            return Stop(input, WorkflowOutcomes.ApprovalChanged, "approval-not-for-this-run",
                $"Approval {approval.Id} is {approval.Status.ToString().ToLowerInvariant()} for execution {approval.ExecutionId}, not an approval of this run. Nothing ran.");
        }
        if (!Same(approval.ScriptSha256, approvedHash) || !Same(decision.ScriptSha256, approvedHash))
        {
            return Stop(input, WorkflowOutcomes.ScriptMismatch, "approved-hash-differs",
                $"Approval {approval.Id} is for plan sha256 {approval.ScriptSha256} but the validated script and rollback are sha256 {approvedHash}: possible tampering. Nothing ran.");
        }
        var approvedTarget = SafetyGate.TargetInstance(approval.Alert);
        if (!Same(approvedTarget, target))
        {
            return Stop(input, WorkflowOutcomes.TargetChanged, "approved-target-differs",
                $"{decision.Approver} approved running on '{approvedTarget}' but the command targets '{target}'. Nothing ran.");
        }
        return Go(input);
    }

    private async Task<GateStep> AfterApprovalErrorAsync(GateInput input, DateTimeOffset? resolvedAt, CancellationToken cancellationToken)
    {
        var approvalId = input.Approval?.ApprovalId ?? "";
        var error = input.Error ?? new StepError { Error = "unknown", Cause = "" };
        // Whatever happened, no link of this execution may stay usable: retire the approval (a no-op when closed).
        if (approvalId.Length > 0)
        {
            await approvals.CancelAsync(approvalId, resolvedAt is null ? $"the approval wait failed ({error.Error})" : "alert resolved at the source", cancellationToken);
        }
        return resolvedAt is { } at
            ? Stop(input, WorkflowOutcomes.AutoResolved, "alert-resolved-while-waiting",
                $"The alert resolved at {Time(at)} while the approval was open ({error.Error} ended the wait); approval {approvalId} was retired and nothing ran.")
            : Stop(input, WorkflowOutcomes.WorkflowError, "approval-wait-failed",
                $"WaitForApproval failed ({error.Error}: {error.Cause}) while the alert was still firing; approval {approvalId} was retired and nothing ran. Re-send the alert or handle it by hand.");
    }

    private static GateStep Go(GateInput input) => new() { Checkpoint = input.Checkpoint, Proceed = true };

    private static GateStep Stop(GateInput input, string status, string reason, string cause) =>
        new() { Checkpoint = input.Checkpoint, Proceed = false, Status = status, Reason = reason, Cause = cause };

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
