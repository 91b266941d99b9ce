using AeonNova.Core.Workflow;
using AeonNova.Functions.Handlers;
using AeonNova.StepFunctions;
using AeonNova.Testing;

namespace AeonNova.Functions.Tests.Workflow;

/// <summary>The settle window: wait, re-read the alert state, go on only if it is still firing.</summary>
public sealed class SettleWindowTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Run_WhenTheAlertResolvesInsideTheSettleWindow_ShouldEndAutoResolvedWithoutPlanOrApprovalEmail()
    {
        // The harness skips Wait states, so the resolve ParseAlerts records during the window is recorded up front.
        await using var h = new WorkflowHarness(o => o with { SettleSeconds = new Dictionary<string, int> { ["high"] = 120 } });
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        var alert = WorkflowHarness.Alert();
        var claim = await h.AlertStore.ClaimAsync(new Core.Ports.AlertClaimRequest(alert.Fingerprint, alert.Id, ReceivedAt, TimeSpan.FromMinutes(30)));
        await h.AlertStore.MarkResolvedAsync(alert.Fingerprint, ReceivedAt.AddSeconds(30));
        var arn = await h.StartAsync(alert, claim.State.ExecutionName);

        var execution = await h.WaitAsync(arn);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var path = await h.PathAsync(arn);
        Assert.Contains("WaitToSettle", path);
        Assert.DoesNotContain("Analyze", path);
        Assert.DoesNotContain("PrepareApproval", path);
        Assert.Equal("auto-resolved", (string?)WorkflowHarness.Output(execution)["outcome"]!["status"]);
        Assert.Equal(["CheckSettled", "SettledDecision", "MarkGateOutcome"], path.SkipWhile(s => s != "CheckSettled").Take(3));
        Assert.Empty(h.Outbox.Messages);
        Assert.Equal(0, h.Model.Calls);
        Assert.Empty(h.Executor.Sent);
        Assert.Contains("\"SettledResolved\":1", h.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenTheAlertStaysFiringThroughTheSettleWindow_ShouldGoOnToPlanAndAskForApproval()
    {
        await using var h = new WorkflowHarness(o => o with { SettleSeconds = new Dictionary<string, int> { ["medium"] = 300 } });
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        var parse = new ParseAlertsHandler(h.Runtimes, h.Get<AlertDispatcher>());
        await Lambda.InvokeAsync(parse, Lambda.SqsEnvelope("m-1", RepoFiles.Fixture("alertmanager-firing.json"), "alert-1", ReceivedAt));

        var email = await h.WaitForApprovalEmailAsync();
        var arn = Assert.Single(await h.Engine.ListExecutionsAsync()).ExecutionArn;
        var path = await h.PathAsync(arn);

        Assert.Equal(["LoopGuard", "WaitToSettle", "CheckSettled", "SettledDecision", "BuildAnalysisRequest"], path.Skip(2).Take(5));
        Assert.NotNull(email);
        Assert.Contains("\"SettledStillFiring\":1", h.Log.ToString(), StringComparison.Ordinal);
    }
}
