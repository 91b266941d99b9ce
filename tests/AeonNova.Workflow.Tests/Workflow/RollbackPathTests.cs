using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Approvals;
using AeonNova.Core.Planning;
using AeonNova.Local.Workflow;
using AeonNova.StepFunctions;
using AeonNova.Testing;

namespace AeonNova.Workflow.Tests.Workflow;

/// <summary>
/// Verified fix with automatic rollback (issue #20) on the local engine with the real handlers: the fix verified; the fix
/// not verified → the approved rollback runs → RolledBack; the rollback fails → RollbackFailed; no rollback → the
/// existing VerificationFailed escalation; a blocked rollback blocks the whole plan.
/// </summary>
public sealed class RollbackPathTests
{
    // A fix that records the pre-change state under the per-execution state dir, and the rollback that restores it.
    private const string Fix = "if systemctl is-active --quiet nginx; then echo active > \"$AEONNOVA_STATE_DIR/state\"; else echo stopped > \"$AEONNOVA_STATE_DIR/state\"; fi\nsystemctl restart nginx\n";
    private const string Rollback = "want=$(cat \"$AEONNOVA_STATE_DIR/state\")\nif [ \"$want\" != active ]; then systemctl stop nginx; fi\nif systemctl is-active --quiet nginx; then now=active; else now=stopped; fi\nif [ \"$now\" = \"$want\" ]; then echo AEONNOVA_ROLLBACK=ok; else echo AEONNOVA_ROLLBACK=failed; exit 1; fi\n";

    private static readonly string[] Head = ["RecordReceived", "Enrich", "LoopGuard", "BuildAnalysisRequest", "ChooseAnalyzer",
        "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", "PrepareApproval", "ApprovalStillNeeded",
        "RecordAwaitingApproval", "WaitForApproval", "ApprovalDecision", "CheckBeforeApprovedRun", "ExecuteIfCleared", "ExecuteScript",
        "WaitForCommand", "GetCommandResult", "CommandFinished"];
    private static readonly string[] Tail = ["RecordOutcome", "CloseOut", "RouteOutcome"];
    private static readonly string[] RollbackRun = ["ExecuteRollback", "WaitForRollback", "GetRollbackResult", "RollbackFinished", "VerifyRollback", "RollbackVerified"];

    private static bool IsRollback(CommandRequest request) => request.Comment.Contains(" rollback ", StringComparison.Ordinal);

    [Fact]
    public async Task Run_WhenTheFixIsVerified_ShouldEndRemediatedAndNeverRunTheRollback()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(Fix, rollback: Rollback));
        h.Executor.Result = new CommandInvocation("Success", 0, "AEONNOVA_VERIFY=ok\n", "");

        var execution = await ApproveAndRunAsync(h);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal([.. Head, "StartVerification", "Verify", "VerificationResult", "MarkRemediated", .. Tail, "Remediated"], await h.PathAsync(execution.ExecutionArn));
        Assert.DoesNotContain(h.Executor.Sent, IsRollback);
        var output = WorkflowHarness.Output(execution);
        Assert.True((bool)output["safety"]!["rollback"]!["available"]!);
    }

    [Fact]
    public async Task Run_WhenVerificationFailsAndTheRollbackRestoresTheSnapshot_ShouldEndRolledBack()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(Fix, rollback: Rollback));
        h.Executor.Result = new CommandInvocation("Success", 0, "restarted\nAEONNOVA_VERIFY=failed\n", "");
        h.Executor.ResultFor = r => IsRollback(r) ? new CommandInvocation("Success", 0, "AEONNOVA_ROLLBACK=ok\n", "") : null;

        var execution = await ApproveAndRunAsync(h);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.RolledBack", execution.Error);
        Assert.Contains("back to its pre-change state", execution.Cause, StringComparison.Ordinal);
        Assert.Equal(
            [.. Head, "StartVerification", "Verify", "VerificationResult", "RollbackAvailable", .. RollbackRun, "MarkRolledBack", .. Tail, "RolledBack"],
            await h.PathAsync(execution.ExecutionArn));
        // The same executor path, the same host, the validated rollback (with its state-dir lines) exactly once.
        Assert.Equal(2, h.Executor.Sent.Count);
        var script = h.Executor.Sent[0];
        var rollback = Assert.Single(h.Executor.Sent, IsRollback);
        Assert.Equal(script.InstanceIds, rollback.InstanceIds);
        Assert.Equal(script.DocumentName, rollback.DocumentName);
        var plan = FinalState(h)["plan"]!;
        Assert.Equal([(string)plan["rollbackScript"]!["body"]!], rollback.Commands);
        Assert.Contains("AEONNOVA_STATE_DIR='/var/lib/aeonnova/exec-1'", rollback.Commands[0], StringComparison.Ordinal);
        Assert.Contains("AEONNOVA_STATE_DIR='/var/lib/aeonnova/exec-1'", script.Commands[0], StringComparison.Ordinal);
        Assert.NotEqual(script.Comment, rollback.Comment);
        // One SendCommand step, two ledger rows: the rollback's own key, each row holding the command GetCommandResult polled.
        var final = FinalState(h);
        Assert.Equal(["execute", "rollback"], h.CommandLedger.Rows.Select(r => r.Step).Order(StringComparer.Ordinal));
        Assert.Equal(2, h.CommandLedger.Rows.Select(r => r.Key).Distinct().Count());
        foreach (var (member, step) in new[] { ("command", "execute"), ("rollbackCommand", "rollback") })
        {
            var row = Assert.Single(h.CommandLedger.Rows, r => r.Step == step);
            Assert.Equal(row.CommandId, (string?)final[member]!["commandId"]);
            Assert.Equal(row.Key, (string?)final[member]!["idempotencyKey"]);
            Assert.Equal("sent", (string?)final[member]!["origin"]);
        }
        var record = Assert.Single(h.Executions.All());
        Assert.Equal("rolled-back", record.Status);
        Assert.True(record.Executed);
    }

    [Fact]
    public async Task Run_WhenApproved_ShouldBindTheApprovalHashToScriptAndRollback()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(Fix, rollback: Rollback));
        h.Executor.Result = new CommandInvocation("Success", 0, "AEONNOVA_VERIFY=ok\n", "");
        var arn = await h.StartAsync(WorkflowHarness.Alert());

        var email = await h.WaitForApprovalEmailAsync();
        var approval = await h.Approvals.GetAsync(email.ApprovalId, CancellationToken.None);
        var plan = approval!.Plan;
        Assert.NotNull(plan.RollbackScript);
        Assert.Equal(PlanDigest.ApprovalSha256(plan.Script.Body, plan.RollbackScript.Body), approval.ScriptSha256);
        Assert.NotEqual(PlanDigest.Sha256Hex(plan.Script.Body), approval.ScriptSha256);
        await h.DecideAsync(email, DecisionOutcome.Approved);
        var output = WorkflowHarness.Output(await h.WaitAsync(arn));

        Assert.Equal(approval.ScriptSha256, (string?)output["safety"]!["approvalSha256"]);
        Assert.Equal(approval.ScriptSha256, (string?)output["decision"]!["scriptSha256"]);
        Assert.Equal(PlanDigest.Sha256Hex(plan.RollbackScript.Body), (string?)output["safety"]!["rollback"]!["scriptSha256"]);
    }

    [Fact]
    public async Task Run_WhenTheRollbackCheckFails_ShouldEndRollbackFailedWithBothOutputs()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(Fix, rollback: Rollback));
        h.Executor.Result = new CommandInvocation("Success", 0, "restarted\nAEONNOVA_VERIFY=failed\n", "");
        h.Executor.ResultFor = r => IsRollback(r) ? new CommandInvocation("Failed", 1, "AEONNOVA_ROLLBACK=failed\n", "unit still running") : null;

        var execution = await ApproveAndRunAsync(h);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.RollbackFailed", execution.Error);
        Assert.Contains("rollback ended Failed, exit code 1; script ended Success, exit code 0", execution.Cause, StringComparison.Ordinal);
        Assert.Equal(
            [.. Head, "StartVerification", "Verify", "VerificationResult", "RollbackAvailable", .. RollbackRun, "MarkRollbackFailed", .. Tail, "RollbackFailed"],
            await h.PathAsync(execution.ExecutionArn));
        var record = Assert.Single(h.Executions.All());
        Assert.Equal("rollback-failed", record.Status);
        var audit = Encoding.UTF8.GetString(h.Audit.Get(record.ExecutionId)!);
        Assert.Contains("restarted\\nAEONNOVA_VERIFY=failed", audit, StringComparison.Ordinal);
        Assert.Contains("unit still running", audit, StringComparison.Ordinal);
        Assert.Single(h.Executor.Sent, IsRollback);
    }

    [Fact]
    public async Task Run_WhenTheRollbackPrintsNoCheck_ShouldNotAssumeTheHostWasRestored()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(Fix, rollback: Rollback));
        h.Executor.Result = new CommandInvocation("Success", 0, "AEONNOVA_VERIFY=failed\n", "");
        h.Executor.ResultFor = r => IsRollback(r) ? new CommandInvocation("Success", 0, "stopped\n", "") : null;

        var execution = await ApproveAndRunAsync(h);

        Assert.Equal("Remediation.RollbackFailed", execution.Error);
        Assert.Contains("printed no AEONNOVA_ROLLBACK= result", execution.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenTheScriptExitsNonZeroAndARollbackExists_ShouldRollBack()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(Fix, rollback: Rollback));
        h.Executor.Result = new CommandInvocation("Failed", 3, "inactive\n", "");
        h.Executor.ResultFor = r => IsRollback(r) ? new CommandInvocation("Success", 0, "AEONNOVA_ROLLBACK=ok\n", "") : null;

        var execution = await ApproveAndRunAsync(h);

        Assert.Equal("Remediation.RolledBack", execution.Error);
        Assert.Contains("the script ended Failed with exit code 3", execution.Cause, StringComparison.Ordinal);
        Assert.Equal([.. Head, "StartRollbackAfterFailedScript", .. RollbackRun, "MarkRolledBack", .. Tail, "RolledBack"], await h.PathAsync(execution.ExecutionArn));
    }

    [Fact]
    public async Task Run_WhenThePlanHasNoRollback_ShouldEscalateVerificationFailedWithoutRunningAnythingElse()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript, noRollbackReason: "no inverse: vacuumed journal entries are gone"));
        h.Executor.Result = new CommandInvocation("Success", 0, "AEONNOVA_VERIFY=failed\n", "");

        var execution = await ApproveAndRunAsync(h);

        Assert.Equal("Remediation.VerificationFailed", execution.Error);
        Assert.Equal([.. Head, "StartVerification", "Verify", "VerificationResult", "RollbackAvailable", "MarkVerificationFailed", .. Tail, "VerificationFailed"],
            await h.PathAsync(execution.ExecutionArn));
        Assert.Single(h.Executor.Sent);
        var safety = FinalState(h)["safety"]!;
        Assert.False((bool)safety["rollback"]!["available"]!);
        Assert.Equal("no inverse: vacuumed journal entries are gone", (string?)safety["rollback"]!["reason"]);
    }

    [Fact]
    public async Task Run_WhenTheValidatorBlocksTheRollback_ShouldEndBlockedNamingTheRollbackWithoutApproval()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(Fix, rollback: "cat \"$AEONNOVA_STATE_DIR/state\"\nrm -rf / --no-preserve-root\necho AEONNOVA_ROLLBACK=ok\n"));

        var execution = await h.RunAsync(WorkflowHarness.Alert());

        Assert.Equal("Remediation.Blocked", execution.Error);
        Assert.Contains("rollback script", execution.Cause, StringComparison.Ordinal);
        Assert.Empty(h.Executor.Sent);
        Assert.Empty(h.Outbox.Messages);
    }

    /// <summary>The whole state as RecordOutcome stored it (a failed execution has no output).</summary>
    private static JsonNode FinalState(WorkflowHarness h) =>
        JsonNode.Parse(h.Audit.Get(Assert.Single(h.Executions.All()).ExecutionId)!)!;

    private static async Task<ExecutionDescription> ApproveAndRunAsync(WorkflowHarness h)
    {
        var arn = await h.StartAsync(WorkflowHarness.Alert());
        await h.DecideAsync(await h.WaitForApprovalEmailAsync(), DecisionOutcome.Approved);
        return await h.WaitAsync(arn);
    }
}
