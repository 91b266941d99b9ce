using System.Text;
using System.Text.RegularExpressions;
using AeonNova.Core.Observability;
using AeonNova.Local.Config;
using AeonNova.Local.Hosting;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Hosting;

/// <summary>/metrics names come from the one list in AeonNova.Core (the EMF lines and the dashboard use it too).</summary>
[Trait("Category", "Integration")]
public sealed partial class LocalMetricsTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task WriteAsync_WhenScraped_ShouldNameEveryMetricFromTheCoreList()
    {
        var database = new SqliteDatabase(dir.Path, new StorageOptions());
        using var queue = new SqliteIngestQueue(database, new ManualClock(), TimeSpan.FromSeconds(60), 5);
        var metrics = new LocalMetrics(new SqliteEngineStore(database), queue, new SqliteExecutionRecordStore(database));
        metrics.AlertsAccepted("alertmanager", 2, 1, TimeSpan.FromMilliseconds(3));
        using var output = new MemoryStream();

        await metrics.WriteAsync(output, CancellationToken.None);

        var names = TypeLine().Matches(Encoding.UTF8.GetString(output.ToArray())).Select(m => m.Groups["name"].Value).ToList();
        var known = MetricNames.All.Select(MetricNames.Prometheus).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains(UnitSuffix().Replace(name, ""), known));
        Assert.Contains(MetricNames.Prometheus(MetricNames.AlertsAccepted) + "_total", names);
    }

    [GeneratedRegex(@"^# TYPE (?<name>\w+) ", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex TypeLine();

    [GeneratedRegex("_(?:total|seconds)$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitSuffix();
}
