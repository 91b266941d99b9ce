using AeonNova.Approvals;
using AeonNova.Core.Ports;
using AeonNova.Testing;
using AeonNova.StepFunctions;

namespace AeonNova.Workflow.Tests.Workflow;

/// <summary>
/// statemachines/remediation.asl.json on the local engine with the real handlers; one test per path, each
/// asserting the states entered (execution history) and the final output.
/// </summary>
public sealed class RemediationWorkflowTests
{
    private static readonly string[] Head = ["RecordReceived", "Enrich", "LoopGuard", "BuildAnalysisRequest", "ChooseAnalyzer"];
    private static readonly string[] Tail = ["RecordOutcome", "CloseOut", "RouteOutcome"];

    [Fact]
    public async Task Run_WhenDiagnosticsAreAllowedByPolicy_ShouldExecuteWithoutApprovalAndEndDiagnosed()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.DiagnosticScript, needsHuman: true, risk: "low"));
        h.Executor.InProgressPolls = 1;

        var execution = await h.RunAsync(WorkflowHarness.Alert());

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(
            [.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", "CheckBeforeAutoRun", "ExecuteIfCleared", "ExecuteScript", "WaitForCommand", "GetCommandResult",
             "CommandFinished", "WaitForCommand", "GetCommandResult", "CommandFinished", "MarkDiagnosed", .. Tail, "Diagnosed"],
            await h.PathAsync(execution.ExecutionArn));
        var output = WorkflowHarness.Output(execution);
        Assert.Equal("diagnosed", (string?)output["outcome"]!["status"]);
        Assert.Equal("auto", (string?)output["safety"]!["decision"]);
        Assert.Equal("allow", (string?)output["safety"]!["report"]!["verdict"]);
        Assert.Null(output["approval"]);
        var sent = Assert.Single(h.Executor.Sent);
        Assert.Equal("AWS-RunShellScript", sent.DocumentName);
        Assert.Equal(["i-0abc123def4567890"], sent.InstanceIds);
        Assert.Equal([WorkflowHarness.DiagnosticScript], sent.Commands);
        var record = Assert.Single(h.Executions.All());
        Assert.Equal("diagnosed", record.Status);
        Assert.True(record.Executed);
        Assert.True(record.Automatic);
        Assert.NotNull(h.Audit.Get(record.ExecutionId));
    }

    [Fact]
    public async Task Run_WhenApproved_ShouldExecuteVerifyRecordAndClose()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript, verification: "df -h /"));
        var arn = await h.StartAsync(WorkflowHarness.Alert());

        var email = await h.WaitForApprovalEmailAsync();
        Assert.DoesNotContain("taskToken", email.Message, StringComparison.OrdinalIgnoreCase);
        var decided = await h.DecideAsync(email, DecisionOutcome.Approved);
        Assert.Equal(ApprovalOutcome.Decided, decided.Outcome);
        var execution = await h.WaitAsync(arn);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(
            [.. Head, "Analyze", "ForgetModelRequest", "ParsePlan", "ValidateScript", "SafetyDecision", "PrepareApproval", "ApprovalStillNeeded", "RecordAwaitingApproval", "WaitForApproval",
             "ApprovalDecision", "CheckBeforeApprovedRun", "ExecuteIfCleared", "ExecuteScript", "WaitForCommand", "GetCommandResult", "CommandFinished", "StartVerification", "Verify",
             "VerificationResult", "MarkRemediated", .. Tail, "Remediated"],
            await h.PathAsync(arn));
        var output = WorkflowHarness.Output(execution);
        Assert.Equal("remediated", (string?)output["outcome"]!["status"]);
        Assert.Equal("approved", (string?)output["decision"]!["decision"]);
        Assert.Equal((string?)output["safety"]!["scriptSha256"], (string?)output["decision"]!["scriptSha256"]);
        Assert.True((bool)output["verification"]!["verified"]!);
        Assert.Equal("sent", (string?)output["closeOut"]!["targets"]![0]!["status"]);
        var hook = Assert.Single(h.Http.Requests);
        Assert.Contains("\"status\":\"remediated\"", hook.Body, StringComparison.Ordinal);
        Assert.Single(h.Log.ToString().Split('\n'), line => line.Contains("\"ApprovalsGranted\":1", StringComparison.Ordinal));
        var record = Assert.Single(h.Executions.All());
        Assert.Equal("remediated", record.Status);
        Assert.False(record.Automatic);
        Assert.Equal("Alex Kim (On call)", record.Approver);
    }
}
