using System.Text.Json;
using AeonNova.Cli.Tests.Alerts;

namespace AeonNova.Cli.Tests.Plan;

/// <summary><c>aeonnova plan --explain</c>: why a runbook won, so a miss can be fixed in the runbook's front matter.</summary>
[Trait("Category", "Integration")]
public sealed class PlanExplainTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aeonnova-explain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Plan_WhenExplainAndNginxDown_ShouldShowIntentTechnologyAndTheWinningRunbook()
    {
        var file = Write("nginx-down.json", Alertmanager("NginxDown", "Nginx down (instance web-1:9113)", "nginx_up%20%3D%3D%200", """ "job":"nginx-exporter","instance":"web-1:9113" """));

        var result = await CliProcess.RunAsync("plan", "--source", "alertmanager", "--explain", file);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout.Trim());
        var explain = doc.RootElement.GetProperty("explain");
        Assert.Equal("down", explain.GetProperty("intent").GetProperty("key").GetString());
        var intentFields = explain.GetProperty("intent").GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("alertName", intentFields);
        Assert.Contains("expression", intentFields);
        Assert.Equal("nginx", explain.GetProperty("technology").GetProperty("key").GetString());
        Assert.Equal("bash", explain.GetProperty("os").GetProperty("language").GetString());
        var candidates = explain.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal("nginx-down", candidates[0].GetProperty("runbook").GetString());
        Assert.True(candidates[0].GetProperty("technologyMatched").GetBoolean());
        Assert.DoesNotContain(candidates, c => c.GetProperty("runbook").GetString() == "nginx-5xx-errors");
        Assert.Equal("default", explain.GetProperty("parameters").GetProperty("from").GetProperty("service").GetString());
        Assert.Equal("nginx-down", doc.RootElement.GetProperty("runbook").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Plan_WhenExplainAndNoRunbookForTheTechnology_ShouldHintAtTheFrontMatterToEdit()
    {
        var file = Write("haproxy-5xx.json", Alertmanager("HaproxyHighHttp5xxErrorRateBackend", "HAProxy high HTTP 5xx error rate backend", "rate(haproxy_server_http_responses_total%7Bcode%3D%225xx%22%7D%5B1m%5D)", """ "job":"haproxy","instance":"lb-1:8405" """));

        var result = await CliProcess.RunAsync("plan", "--source", "alertmanager", "--explain", file);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout.Trim());
        var explain = doc.RootElement.GetProperty("explain");
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("runbook").ValueKind);
        Assert.Equal("errors", explain.GetProperty("intent").GetProperty("key").GetString());
        Assert.Equal(0, explain.GetProperty("candidates").GetArrayLength());
        var hints = string.Join("\n", explain.GetProperty("hints").EnumerateArray().Select(h => h.GetString()));
        Assert.Contains("intents: [errors]", hints, StringComparison.Ordinal);
        Assert.Contains("technologies: [haproxy]", hints, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WhenNoExplainOption_ShouldPrintNoExplainObject()
    {
        var result = await CliProcess.RunAsync("plan", "--source", "alertmanager", RepoFiles.Sample("alertmanager", "firing.json"));

        Assert.Equal(0, result.ExitCode);
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            Assert.False(doc.RootElement.TryGetProperty("explain", out _));
        }
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string Alertmanager(string alertname, string summary, string encodedExpr, string labels) => $$"""
        {"receiver":"aeonnova","status":"firing","version":"4","groupKey":"{}:{alertname=\"{{alertname}}\"}","externalURL":"http://alertmanager:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"{{alertname}}",{{labels}}},
                    "annotations":{"summary":"{{summary}}","description":"see the dashboard"},
                    "startsAt":"2026-11-23T04:00:00Z","endsAt":"0001-01-01T00:00:00Z",
                    "generatorURL":"http://prometheus:9090/graph?g0.expr={{encodedExpr}}&g0.tab=1","fingerprint":"0123456789abcdef"}]}
        """;
}
