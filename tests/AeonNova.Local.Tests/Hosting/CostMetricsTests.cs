using System.Globalization;
using AeonNova.Core.Cost;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Local.Config;
using AeonNova.Local.Hosting;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Hosting;

/// <summary>issue #20: /metrics shows cost per outcome and per verified fix from the execution records (SQLite file).</summary>
[Trait("Category", "Integration")]
public sealed class CostMetricsTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly SqliteDatabase database;
    private readonly SqliteExecutionRecordStore records;
    private readonly LocalMetrics metrics;

    public CostMetricsTests()
    {
        database = new SqliteDatabase(dir.Path, new StorageOptions());
        records = new SqliteExecutionRecordStore(database);
        metrics = new LocalMetrics(new SqliteEngineStore(database), new SqliteIngestQueue(database, new ManualClock(), TimeSpan.FromSeconds(60), 5), records);
    }

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Scrape_WhenRecordsCarryCosts_ShouldSumPerOutcomeAndDivideEverythingByTheVerifiedFixes()
    {
        await PutAsync("e1", WorkflowOutcomes.Remediated, 0.004);
        await PutAsync("e2", WorkflowOutcomes.Remediated, 0.006);
        await PutAsync("e3", WorkflowOutcomes.VerificationFailed, 0.005);
        await PutAsync("e4", WorkflowOutcomes.Rejected, 0.001);
        await PutAsync("e5", "awaiting-approval", null);

        var text = await ScrapeAsync();

        Assert.Equal(0.010, Value(text, "aeonnova_cost_usd_total{outcome=\"remediated\"}"), 9);
        Assert.Equal(0.005, Value(text, "aeonnova_cost_usd_total{outcome=\"verification-failed\"}"), 9);
        Assert.Equal(2, Value(text, "aeonnova_cost_executions_total{outcome=\"remediated\"}"));
        // (0.004 + 0.006 + 0.005 + 0.001) / 2 verified fixes.
        Assert.Equal(0.008, Value(text, "aeonnova_cost_per_verified_fix_usd"), 9);
        Assert.DoesNotContain("outcome=\"awaiting-approval\"", text, StringComparison.Ordinal);
        Assert.Equal(0.004, records.CostOf("e1")!.Value, 9);
        Assert.Null(records.CostOf("e5"));
    }

    [Fact]
    public async Task Scrape_WhenNothingWasFixedYet_ShouldReportZeroPerFix()
    {
        await PutAsync("e1", WorkflowOutcomes.Rejected, 0.001);

        Assert.Equal(0, Value(await ScrapeAsync(), "aeonnova_cost_per_verified_fix_usd"));
    }

    private Task PutAsync(string id, string status, double? usd) => records.PutAsync(new ExecutionRecord
    {
        ExecutionId = id,
        Fingerprint = "fp-" + id,
        AlertId = "alert-" + id,
        Status = status,
        StartedAt = DateTimeOffset.UnixEpoch,
        Attributes = usd is { } value
            ? new Dictionary<string, string> { [CostAttributes.TotalUsd] = value.ToString("R", CultureInfo.InvariantCulture) }
            : new Dictionary<string, string>(),
    });

    private async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await metrics.WriteAsync(stream, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
