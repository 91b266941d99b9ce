using System.Text.Json.Nodes;
using AeonNova.Core.Observability;
using AeonNova.Workflow.Observability;
using AeonNova.Testing;

namespace AeonNova.Workflow.Tests.Observability;

public sealed class ObservabilityTests
{
    [Fact]
    public void Log_WhenWritten_ShouldBeOneJsonObjectWithThePowertoolsKeys()
    {
        var output = new StringWriter();
        var runtime = FunctionRuntime.FromEnvironment("Enrich", new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "aeonnova-prod-Enrich",
            ["_X_AMZN_TRACE_ID"] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        })) with { Output = output, Clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero)) };
        var log = new FunctionLog(runtime, coldStart: true) { CorrelationId = "alert-1" };

        log.Info("enriched", ("runbooks", 3));

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var json = JsonNode.Parse(line)!.AsObject();
        Assert.Equal(["level", "message", "timestamp", "service", "cold_start", "function_name", "xray_trace_id", "correlation_id", "runbooks"], json.Select(p => p.Key));
        Assert.Equal("INFO", (string?)json["level"]);
        Assert.Equal("2026-11-23T05:00:00.000Z", (string?)json["timestamp"]);
        Assert.Equal("aeonnova-prod-Enrich", (string?)json["function_name"]);
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", (string?)json["xray_trace_id"]);
        Assert.True((bool)json["cold_start"]!);
    }

    [Fact]
    public void Metrics_WhenFlushed_ShouldWriteEmbeddedMetricFormat()
    {
        var output = new StringWriter();
        var runtime = FunctionRuntime.InProcess("ParsePlan", output, new ManualClock(new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero)));
        var metrics = new EmfMetrics(runtime);

        metrics.Count(MetricNames.ScriptsBlocked);
        metrics.Count(MetricNames.Plans, "model", "amazon.nova-pro-v1:0");
        metrics.Flush();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, lines.Count);
        var blocked = lines[0];
        Assert.Equal(1795410000000, (long)blocked["_aws"]!["Timestamp"]!);
        var directive = blocked["_aws"]!["CloudWatchMetrics"]![0]!;
        Assert.Equal("AeonNova", (string?)directive["Namespace"]);
        Assert.Equal("ScriptsBlocked", (string?)directive["Metrics"]![0]!["Name"]);
        Assert.Equal("Count", (string?)directive["Metrics"]![0]!["Unit"]);
        Assert.Equal(1, (double)blocked["ScriptsBlocked"]!);
        Assert.Equal("amazon.nova-pro-v1:0", (string?)lines[1]["model"]);
        Assert.Equal(["service", "model"], lines[1]["_aws"]!["CloudWatchMetrics"]![0]!["Dimensions"]![0]!.AsArray().Select(d => (string?)d));
    }
}
