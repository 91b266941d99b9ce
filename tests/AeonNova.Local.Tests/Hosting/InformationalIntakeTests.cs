using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Config;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Hosting;

/// <summary>
/// Issue #16 through serve: every corpus payload that carries no alert (notes, pings, tests, configuration changes,
/// SNS unsubscribe) and every insufficient_data alert is answered 202 and starts nothing; a subscription handshake
/// for a topic that is not allowed is a 400 naming the setting.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InformationalIntakeTests
{
    private static string RepoFile(params string[] parts) => Path.Combine([RepoFiles.Root, .. parts]);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>(source, file, informational event names) of the manifest entries that must start nothing.</summary>
    private static List<(string Source, string File, string[] Events, bool Handshake)> NonStarters()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(RepoFile("samples", "alerts", "manifest.json")));
        var result = new List<(string, string, string[], bool)>();
        foreach (var entry in manifest.RootElement.GetProperty("entries").EnumerateArray())
        {
            var alerts = entry.GetProperty("alerts").EnumerateArray().ToArray();
            var events = entry.GetProperty("informational").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var noData = alerts.Length > 0 && alerts.All(a => a.TryGetProperty("status", out var s) && s.GetString() == "insufficient_data");
            if (alerts.Length == 0 || noData)
            {
                var source = entry.GetProperty("source").GetString()!;
                result.Add((source == "superops" ? "generic" : source, entry.GetProperty("file").GetString()!, events,
                    entry.TryGetProperty("handshake", out var h) && h.GetBoolean()));
            }
        }
        return result;
    }

    [Fact]
    public async Task PostAlerts_WhenEventsCarryNoActionableAlert_ShouldAnswer202AndStartNothing()
    {
        await using var host = await RunningHost.StartAsync(o => o with
        {
            Sources = new Dictionary<string, SourceOptions>(o.Sources, StringComparer.OrdinalIgnoreCase) { ["zabbix"] = new() },
        });
        var nonStarters = NonStarters();
        Assert.True(nonStarters.Count >= 15, $"only {nonStarters.Count} non-starting payloads in the corpus");

        foreach (var (source, file, events, handshake) in nonStarters.Where(n => !n.Handshake))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/alerts/{source}") { Content = Json(File.ReadAllText(RepoFile("samples", "alerts", file))) };
            if (source == "grafana")
            {
                request.Headers.Authorization = new("Bearer", RunningHost.GrafanaToken);
            }
            using var response = await host.Http.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{file}: {(int)response.StatusCode} {body.ToJsonString()}");
            Assert.Equal(events, body["informational"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()).ToArray());
            Assert.All(body["informational"]!.AsArray(), e => Assert.False(string.IsNullOrWhiteSpace(e!["reason"]!.GetValue<string>())));
        }

        // A real alert afterwards: once it has its execution and the queue is drained, nothing else may have started.
        using (var marker = await host.Http.PostAsync("/alerts/alertmanager", Json(File.ReadAllText(RepoFile("samples", "alerts", "alertmanager", "minimal.json")))))
        {
            Assert.Equal(HttpStatusCode.Accepted, marker.StatusCode);
        }
        await host.WaitForAsync(list => list.FirstOrDefault(e => e.Source == "alertmanager"), "the marker alert's execution");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (host.Services.Queue.Depth() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, host.Services.Queue.Depth());
        var executions = host.Services.Executions.List(new ExecutionQuery { Limit = 1000 });
        Assert.Equal(["alertmanager"], executions.Select(e => e.Source).ToArray());
        Assert.Equal(0, host.Services.Queue.DeadLetterCount());
    }

    [Fact]
    public async Task PostAlerts_WhenSnsSubscriptionIsForATopicNotAllowed_ShouldAnswer400NamingTheSetting()
    {
        await using var host = await RunningHost.StartAsync();
        var body = File.ReadAllText(RepoFile("samples", "alerts", "cloudwatch", "sns-subscription-confirmation.json"));

        using var response = await host.Http.PostAsync("/alerts/cloudwatch", Json(body));
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sources.cloudwatch.snsTopicArns", answer, StringComparison.Ordinal);
        Assert.Contains("arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms", answer, StringComparison.Ordinal);
        Assert.Empty(host.Services.Executions.List(new ExecutionQuery { Limit = 10 }));
    }
}
