using AeonNova.StepFunctions;
using AeonNova.Testing;
using AeonNova.Workflow.Commands;

namespace AeonNova.Workflow.Tests.Workflow;

/// <summary>
/// The command ledger through the real definition on the local engine: ExecuteScript's Retry on the ledger's
/// retryable errors, and the SendCommand step adopting a command that an ambiguous failure left behind.
/// </summary>
public sealed class CommandLedgerWorkflowTests
{
    private static async Task<ExecutionDescription> RunDiagnosticsAsync(WorkflowHarness h)
    {
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.DiagnosticScript, needsHuman: true, risk: "low"));
        return await h.RunAsync(WorkflowHarness.Alert());
    }

    [Fact]
    public async Task Run_WhenTheExecutorAcceptedTheCommandButTheSendFailed_ShouldRetryAdoptItAndRunItOnce()
    {
        await using var h = new WorkflowHarness();
        h.Executor.FailSendsAfterAccepting = 1;

        var execution = await RunDiagnosticsAsync(h);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(1, h.Executor.SendCalls);
        var sent = Assert.Single(h.Executor.Sent);
        var failures = (await h.HistoryAsync(execution.ExecutionArn)).Where(e => e.Type == HistoryEventType.LambdaFunctionFailed).ToList();
        Assert.Equal(nameof(CommandSendUncertainException), Assert.Single(failures).Error);
        var command = WorkflowHarness.Output(execution)["command"]!;
        Assert.Equal("adopted", (string?)command["origin"]);
        var row = Assert.Single(h.CommandLedger.Rows);
        Assert.Equal((row.CommandId, 1), ((string?)command["commandId"], row.Attempts));
        Assert.StartsWith(CommandLedgerSender.CommentTag("execute", row.Key), sent.Comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenTheSendFailedBeforeAnythingWasAccepted_ShouldRetryAndSendExactlyOnce()
    {
        await using var h = new WorkflowHarness();
        h.Executor.FailSendsBeforeAccepting = 1;

        var execution = await RunDiagnosticsAsync(h);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(2, h.Executor.SendCalls);
        Assert.Single(h.Executor.Sent);
        var row = Assert.Single(h.CommandLedger.Rows);
        Assert.Equal(2, row.Attempts);
        Assert.Equal("sent", (string?)WorkflowHarness.Output(execution)["command"]!["origin"]);
    }

    [Fact]
    public async Task Run_WhenEverySendFails_ShouldEndRemediationFailedNamingTheLedgerWithNothingRun()
    {
        await using var h = new WorkflowHarness();
        h.Executor.FailSendsBeforeAccepting = 10;

        var execution = await RunDiagnosticsAsync(h);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Remediation.CommandFailed", execution.Error);
        Assert.Contains("command ledger", execution.Cause, StringComparison.Ordinal);
        Assert.Empty(h.Executor.Sent);
        Assert.Equal(CommandLedgerOptions.SingleProcess.MaxSendAttempts, h.Executor.SendCalls);
    }
}
