using AeonNova.Core.Workflow;
using AeonNova.Functions.Handlers;
using AeonNova.Testing;
using AeonNova.StepFunctions;

namespace AeonNova.Functions.Tests.Workflow;

/// <summary>ParseAlerts in front of the workflow: dedupe, idempotent re-delivery, resolved while waiting.</summary>
public sealed class AlertIntakeWorkflowTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ParseAlerts_WhenTheSameAlertFiresAgainInsideTheCooldown_ShouldDeduplicateIntoTheRunningExecution()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        var parse = new ParseAlertsHandler(h.Runtimes, h.Get<AlertDispatcher>());
        var payload = RepoFixture("alertmanager-firing.json");

        var first = await Lambda.InvokeAsync(parse, Lambda.SqsEnvelope("m-1", payload, "alert-1", ReceivedAt));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Lambda.InvokeAsync(parse, Lambda.SqsEnvelope("m-2", payload, "alert-2", ReceivedAt.AddMinutes(5)));

        Assert.Empty(first["batchItemFailures"]!.AsArray());
        Assert.Empty(second["batchItemFailures"]!.AsArray());
        var execution = Assert.Single(await h.Engine.ListExecutionsAsync());
        Assert.EndsWith("-20261123T050000Z", execution.Name, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"alert-1\"", execution.Input, StringComparison.Ordinal);
        var state = await h.AlertStore.GetAsync(h.Executions.All().Single().Fingerprint);
        Assert.Equal(1, state!.Duplicates);
        Assert.Equal("alert-1", state.AlertId);
        Assert.Contains("\"message\":\"duplicate alert\"", h.Log.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"AlertsDeduplicated\":1", h.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseAlerts_WhenTheSameMessageIsDeliveredTwice_ShouldNeverStartASecondExecution()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.DiagnosticScript, needsHuman: true, risk: "low"));
        var parse = new ParseAlertsHandler(h.Runtimes, h.Get<AlertDispatcher>());
        var message = Lambda.SqsEnvelope("m-1", RepoFixture("alertmanager-firing.json"), "alert-1", ReceivedAt);

        await Lambda.InvokeAsync(parse, message);
        var firstRun = Assert.Single(await h.Engine.ListExecutionsAsync());
        await h.WaitAsync(firstRun.ExecutionArn);
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var redelivered = await Lambda.InvokeAsync(parse, message);
        await Lambda.InvokeAsync(parse, message);

        Assert.Empty(redelivered["batchItemFailures"]!.AsArray());
        var only = Assert.Single(await h.Engine.ListExecutionsAsync());
        Assert.Equal(firstRun.ExecutionArn, only.ExecutionArn);
        Assert.Equal(ExecutionStatus.Succeeded, only.Status);
        Assert.Single(h.Executor.Sent);
        Assert.Equal(0, (await h.AlertStore.GetAsync(h.Executions.All().Single().Fingerprint))!.Duplicates);
        Assert.Equal(2, h.Log.ToString().Split('\n').Count(l => l.Contains("\"redelivered\":true", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ParseAlerts_WhenTheAlertResolvesWhileWaitingForApproval_ShouldCancelTheApprovalAndCloseAutoResolved()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        var parse = new ParseAlertsHandler(h.Runtimes, h.Get<AlertDispatcher>());
        await Lambda.InvokeAsync(parse, Lambda.SqsEnvelope("m-1", RepoFixture("alertmanager-firing.json"), "alert-1", ReceivedAt));
        var email = await h.WaitForApprovalEmailAsync();
        var arn = Assert.Single(await h.Engine.ListExecutionsAsync()).ExecutionArn;

        h.Clock.Advance(TimeSpan.FromMinutes(3));
        var resolved = await Lambda.InvokeAsync(parse, Lambda.SqsEnvelope("m-2", RepoFixture("alertmanager-resolved.json"), "alert-2", ReceivedAt.AddMinutes(3)));
        var execution = await h.WaitAsync(arn);

        Assert.Empty(resolved["batchItemFailures"]!.AsArray());
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var path = await h.PathAsync(arn);
        Assert.Equal(["WaitForApproval", "ApprovalDecision", "MarkAutoResolved", "RecordOutcome", "CloseOut", "RouteOutcome", "AutoResolved"], path.TakeLast(7));
        var output = WorkflowHarness.Output(execution);
        Assert.Equal("cancelled", (string?)output["decision"]!["decision"]);
        Assert.Equal("auto-resolved", (string?)output["outcome"]!["status"]);
        Assert.Equal(Approvals.ApprovalStatus.Cancelled, (await h.Approvals.GetAsync(email.ApprovalId, CancellationToken.None))!.Status);
        Assert.Empty(h.Executor.Sent);
        Assert.Single(await h.Engine.ListExecutionsAsync());
    }

    internal static string RepoFixture(string name) => RepoFiles.Fixture(name);
}
