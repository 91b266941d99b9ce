using AeonNova.Core.Workflow;
using AeonNova.Approvals;
using AeonNova.Functions.Handlers;
using AeonNova.StepFunctions;
using AeonNova.Testing;

namespace AeonNova.Functions.Tests.Workflow;

/// <summary>
/// Firing → resolved, sent through the ParseAlerts Lambda handler into the workflow's step handlers (in-memory fakes
/// for DynamoDB, the approval store and SSM): whatever the execution is doing when the resolve lands, it ends
/// AutoResolved, no approval stays open and nothing runs. Fifty alerts per delay, all in flight at once.
/// </summary>
public sealed class ResolveRaceTests
{
    private const int Runs = 50;
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    public static TheoryData<int, int> Cases => new()
    {
        { 0, 0 }, { 1, 0 }, { 5, 0 }, { 50, 0 }, { 500, 0 },
        // During a slow (2 s) analysis: the resolve lands while the model is still thinking.
        { 1000, 2000 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ParseAlerts_WhenTheAlertResolvesAfterDelay_ShouldEndEveryExecutionAutoResolvedWithNothingRunOrWaiting(int delayMs, int analysisMs)
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.FixScript));
        h.Model.Latency = TimeSpan.FromMilliseconds(analysisMs);
        var parse = new ParseAlertsHandler(h.Runtimes, h.Get<AlertDispatcher>());

        await Task.WhenAll(Enumerable.Range(0, Runs).Select(async i =>
        {
            var firing = await Lambda.InvokeAsync(parse, Lambda.SqsEnvelope($"f-{i}", Payload("firing", i), $"alert-f-{i}", ReceivedAt));
            Assert.Empty(firing["batchItemFailures"]!.AsArray());
            if (delayMs > 0)
            {
                await Task.Delay(delayMs);
            }
            var resolved = await Lambda.InvokeAsync(parse, Lambda.SqsEnvelope($"r-{i}", Payload("resolved", i), $"alert-r-{i}", ReceivedAt));
            Assert.Empty(resolved["batchItemFailures"]!.AsArray());
        }));

        var executions = await h.Engine.ListExecutionsAsync();
        Assert.Equal(Runs, executions.Count);
        var outcomes = await Task.WhenAll(executions.Select(e => h.WaitAsync(e.ExecutionArn)));
        var notResolved = outcomes.Where(o => o.Status != ExecutionStatus.Succeeded || (string?)WorkflowHarness.Output(o)["outcome"]?["status"] != "auto-resolved")
            .Select(o => $"{o.Name}: {o.Status} {o.Error} {o.Cause}").ToList();
        Assert.Empty(notResolved);
        Assert.Empty(h.Executor.Sent);
        foreach (var email in h.Outbox.Messages)
        {
            var approval = await h.Approvals.GetAsync(email.ApprovalId, CancellationToken.None);
            Assert.Equal(ApprovalStatus.Cancelled, approval!.Status);
            Assert.All(approval.Links, link => Assert.False(link.Active));
        }
        Assert.DoesNotContain("\"level\":\"ERROR\"", h.Log.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The repository's real Alertmanager webhook, one distinct alert (fingerprint, host) per run.</summary>
    private static string Payload(string status, int i)
    {
        var text = RepoFiles.Fixture(status == "firing" ? "alertmanager-firing.json" : "alertmanager-resolved.json");
        return text.Replace("5f0a7a3f6c2d1b9e", $"5f0a7a3f6c2d{i:x4}", StringComparison.Ordinal)
            .Replace("web-1", $"web-{i}", StringComparison.Ordinal);
    }
}
