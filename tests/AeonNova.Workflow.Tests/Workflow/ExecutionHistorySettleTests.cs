using AeonNova.Core.Alerts;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;

namespace AeonNova.Workflow.Tests.Workflow;

/// <summary>The settle window Enrich hands to WaitToSettle: the best runbook's own value over the severity default.</summary>
public sealed class ExecutionHistorySettleTests
{
    private static readonly CanonicalAlert Alert = new()
    {
        Id = "a-1",
        Source = "alertmanager",
        Fingerprint = "fp-1",
        Status = AlertStatus.Firing,
        Severity = AlertSeverity.High,
        Title = "NginxDown on web-1",
        Host = "web-1",
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task EnrichAsync_WhenBestRunbookSetsSettleSeconds_ShouldUseItOverTheSeverityDefault()
    {
        var settle = await SettleAsync(new RunbookHit { Id = "nginx-down", Score = 9, SettleSeconds = 600 }, new RunbookHit { Id = "other", Score = 3, SettleSeconds = 5 });

        Assert.Equal(600, settle.Seconds);
        Assert.Equal("runbook nginx-down", settle.Source);
    }

    [Fact]
    public async Task EnrichAsync_WhenBestRunbookSetsNothing_ShouldUseTheSeverityDefaultEvenIfALowerOneDoes()
    {
        var settle = await SettleAsync(new RunbookHit { Id = "nginx-down", Score = 9 }, new RunbookHit { Id = "other", Score = 3, SettleSeconds = 5 });

        Assert.Equal(120, settle.Seconds);
        Assert.Equal("severity high", settle.Source);
    }

    [Fact]
    public async Task EnrichAsync_WhenBestRunbookSetsZero_ShouldActWithoutWaiting()
    {
        var settle = await SettleAsync(new RunbookHit { Id = "disk-full", Score = 9, SettleSeconds = 0 });

        Assert.Equal(0, settle.Seconds);
        Assert.Equal("runbook disk-full", settle.Source);
    }

    private static async Task<SettleStep> SettleAsync(params RunbookHit[] hits)
    {
        var options = new WorkflowOptions { SettleSeconds = new Dictionary<string, int>(WorkflowOptions.DefaultSettleSeconds) { ["high"] = 120 } };
        var history = new ExecutionHistory(new InMemoryExecutionRecordStore(), new FixedRunbooks(hits), options, TimeProvider.System);
        var enrichment = await history.EnrichAsync(Alert, new ExecutionRef { ExecutionId = "e-1", ExecutionName = "e-1", StartedAt = DateTimeOffset.UnixEpoch });
        return enrichment.Settle;
    }

    private sealed class FixedRunbooks(IReadOnlyList<RunbookHit> hits) : IRunbookSearch
    {
        public IReadOnlyList<RunbookHit> Search(CanonicalAlert alert, int top) => [.. hits.Take(top)];
    }
}
