using System.Globalization;
using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Mapping;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AeonNova.Benchmarks;

/// <summary>
/// Alerts parsed per second per source, single-threaded (one core): one real sample body per source through the
/// registry (size check, JSON parse, mapping, fingerprint, id). Goal: ≥ 50,000 alerts/s for the two-alert
/// Alertmanager payload (alertmanager/firing.json). Figures: docs/benchmarks-alerts.md.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(AlertsPerSecondConfig))]
public class AlertParsingBenchmarks
{
    private AlertParserRegistry _registry = null!;
    private byte[] _body = [];
    private string _source = "";

    [ParamsSource(nameof(Samples))]
    public string Sample { get; set; } = "";

    public static IEnumerable<string> Samples =>
    [
        "alertmanager/firing.json", "grafana/firing.json", "datadog/firing.json", "cloudwatch/firing.json",
        "cloudwatch/sns-firing.json", "pagerduty/firing.json", "opsgenie/firing.json", "servicenow/firing.json",
        "zabbix/firing.json", "generic/firing.json",
    ];

    [GlobalSetup]
    public void Setup()
    {
        _registry = SampleFiles.Registry();
        _source = Sample.Split('/')[0];
        _body = SampleFiles.Read(Sample);
        // Steady state: get every parser past tier-0 JIT before measuring (short in-process jobs otherwise
        // measure the first cases at tier 0, especially on a busy machine where the background JIT is starved).
        foreach (var sample in Samples)
        {
            var body = SampleFiles.Read(sample);
            for (var i = 0; i < 2000; i++)
            {
                _registry.Parse(sample.Split('/')[0], body);
            }
        }
        Thread.Sleep(500);
    }

    [Benchmark]
    public int Parse() => _registry.Parse(_source, _body).Count;
}

/// <summary>The checkout's samples/ payloads.</summary>
internal static class SampleFiles
{

    public static byte[] Read(string sample) => File.ReadAllBytes(RepoFiles.Path("samples", "alerts", sample));

    public static AlertParserRegistry Registry() =>
        new(TimeProvider.System, mappings: GenericMappingSet.Load(File.ReadAllBytes(RepoFiles.Path("samples", "mappings", "superops.json"))));
}

/// <summary>
/// Adds "Alerts/s" = alerts in the sample ÷ median time per parse. The median, not the mean: on a shared machine
/// some iterations are preempted by other processes, and those outliers say nothing about the parser.
/// </summary>
internal sealed class AlertsPerSecondConfig : ManualConfig
{
    public AlertsPerSecondConfig() => AddColumn(new AlertsPerSecondColumn());

    private sealed class AlertsPerSecondColumn : IColumn
    {
        public string Id => nameof(AlertsPerSecondColumn);
        public string ColumnName => "Alerts/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Canonical alerts produced per second on one thread (alerts per body / median time)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var median = summary[benchmarkCase]?.ResultStatistics?.Median;
            if (median is null or <= 0 || benchmarkCase.Parameters["Sample"] is not string sample)
            {
                return "?";
            }
            var alerts = SampleFiles.Registry().Parse(sample.Split('/')[0], SampleFiles.Read(sample)).Count;
            return (alerts * 1e9 / median.Value).ToString("N0", CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
