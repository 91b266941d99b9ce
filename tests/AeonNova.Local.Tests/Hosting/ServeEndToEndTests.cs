using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Config;
using AeonNova.Local.Tests.Support;
using AeonNova.Local.Ui;

namespace AeonNova.Local.Tests.Hosting;

[Trait("Category", "Integration")]
public sealed class ServeEndToEndTests
{
    private static string Sample(string source, string file) =>
        File.ReadAllText(Path.Combine(RepoFiles.Root, "samples", "alerts", source, file));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PostAlerts_WhenEverySourceSamplePosted_ShouldStartExecutionsThatWaitForApprovalOrSucceed()
    {
        await using var host = await RunningHost.StartAsync();
        var sources = new[] { "alertmanager", "grafana", "datadog", "cloudwatch", "pagerduty", "opsgenie", "servicenow", "generic" };
        var alertIds = new List<string>();
        foreach (var source in sources)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/alerts/{source}") { Content = Json(Sample(source, "firing.json")) };
            if (source == "grafana")
            {
                request.Headers.Authorization = new("Bearer", RunningHost.GrafanaToken);
            }
            using var response = await host.Http.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{source}: {(int)response.StatusCode} {body.ToJsonString()}");
            Assert.True(body["accepted"]!.GetValue<int>() >= 1, source);
            alertIds.AddRange(body["alertIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        }

        // Every accepted alert gets its execution; each reaches a resting state: waiting for a human or done.
        var settled = await host.WaitForAsync(list =>
        {
            var ours = list.Where(e => e.Source != "").ToList();
            return ours.Count >= sources.Length && ours.All(e => e.Status != "RUNNING" || (e.Waiting && e.CurrentState == "WaitForApproval"))
                ? ours[0] : null;
        }, "every sample's execution to wait for approval or close", seconds: 60);
        Assert.NotNull(settled);
        var executions = host.Services.Executions.List(new ExecutionQuery { Limit = 1000 });
        // An alert that names no host cannot be remediated anywhere: it goes straight to a human (NoTarget).
        Assert.All(executions, e => Assert.True(
            e.Host.Length > 0 ? e.Status is "RUNNING" or "SUCCEEDED" : e.Status == "FAILED" && e.CurrentState == "NoTarget",
            $"{e.Name} ({e.Source}, host '{e.Host}') ended {e.Status} in {e.CurrentState}"));
        Assert.Contains(executions, e => e.Waiting && e.CurrentState == "WaitForApproval");
        Assert.Equal(sources.Order(), executions.Select(e => e.Source).Distinct().Select(s => s == "superops" ? "generic" : s).Order());
        Assert.Equal(0, host.Services.Queue.DeadLetterCount());
    }

    [Fact]
    public async Task ApprovalLink_WhenApproverPostsTheForm_ShouldRunInDryRunAndSucceed()
    {
        await using var host = await RunningHost.StartAsync();
        using (var response = await host.Http.PostAsync("/alerts/alertmanager", Json(Sample("alertmanager", "firing.json"))))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var waiting = await host.WaitForAsync(list => list.FirstOrDefault(e => e.Waiting && e.CurrentState == "WaitForApproval"), "an execution waiting for approval");
        var approvalId = await host.WaitForApprovalIdAsync(waiting.Name);
        await ApprovalLink.DecideAsync(host, approvalId, "approve", "ok from the e2e test");

        var done = await host.WaitForAsync(list => list.FirstOrDefault(e => e.Name == waiting.Name && e.Status != "RUNNING"), "the approved execution to close");
        Assert.Equal("SUCCEEDED", done.Status);
        var commands = ApprovalQueries.Commands(host.Services.Database, waiting.Name);
        Assert.Contains(commands, c => c.Executor == "dry-run" && c.Status == "DryRun");
        Assert.Equal("approved", ApprovalQueries.Status(host.Services.Database, approvalId));

        // issue #20: the closed execution carries its cost, and /metrics shows it by outcome.
        var record = await host.Services.Records.GetAsync(done.ExecutionArn);
        Assert.NotNull(record);
        var cost = host.Services.Records.CostOf(done.ExecutionArn);
        Assert.True(cost > 0, "RecordOutcome stored the execution's cost");
        var metrics = await host.Http.GetStringAsync("/metrics");
        Assert.Contains($"aeonnova_cost_usd_total{{outcome=\"{record!.Status}\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"aeonnova_cost_executions_total{{outcome=\"{record.Status}\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aeonnova_cost_per_verified_fix_usd", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAlerts_WhenInputIsBad_ShouldAnswerSpecificStatusWithJsonError()
    {
        await using var host = await RunningHost.StartAsync();

        await AssertError(host, "/alerts/alertmanager", Json("{\"receiver\": "), null, HttpStatusCode.BadRequest, "invalid_json");
        await AssertError(host, "/alerts/alertmanager", Json("{\"hello\": \"world\"}"), null, HttpStatusCode.BadRequest, "invalid_payload");
        await AssertError(host, "/alerts/grafana", Json(Sample("grafana", "firing.json")), "wrong-token", HttpStatusCode.Unauthorized, "unauthorized");
        await AssertError(host, "/alerts/grafana", Json(Sample("grafana", "firing.json")), null, HttpStatusCode.Unauthorized, "unauthorized");
        await AssertError(host, "/alerts/nagios", Json("{}"), null, HttpStatusCode.NotFound, "unknown_source");
        await AssertError(host, "/alerts/zabbix", Json(Sample("zabbix", "firing.json")), null, HttpStatusCode.NotFound, "unknown_source");
        await AssertError(host, "/alerts/alertmanager", Json("{\"pad\": \"" + new string('x', 300 * 1024) + "\"}"), null, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Empty(host.Services.Executions.List(new ExecutionQuery()));
    }

    [Fact]
    public async Task Operations_WhenScraped_ShouldExposeHealthMetricsAndExecutionsJson()
    {
        await using var host = await RunningHost.StartAsync();
        using (var response = await host.Http.PostAsync("/alerts/alertmanager", Json(Sample("alertmanager", "firing.json"))))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var execution = await host.WaitForAsync(list => list.FirstOrDefault(e => e.Waiting), "an execution waiting for approval");

        var ready = JsonNode.Parse(await host.Http.GetStringAsync("/health/ready"))!;
        var metrics = await host.Http.GetStringAsync("/metrics");
        var list = JsonNode.Parse(await host.Http.GetStringAsync("/executions?status=WAITING"))!;
        var detail = await host.Http.GetStringAsync($"/executions/{execution.Name}");
        using var missing = await host.Http.GetAsync("/executions/nope");

        Assert.Equal("ok", ready["status"]!.GetValue<string>());
        Assert.Contains("aeonnova_alerts_accepted_total{source=\"alertmanager\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("aeonnova_executions{status=\"WAITING\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("aeonnova_queue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("aeonnova_dead_letters 0", metrics, StringComparison.Ordinal);
        Assert.Contains(list["executions"]!.AsArray(), e => e!["name"]!.GetValue<string>() == execution.Name);
        Assert.Contains("WaitForApproval", detail, StringComparison.Ordinal);
        Assert.Contains("[redacted]", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task AssertError(RunningHost host, string path, HttpContent content, string? bearer, HttpStatusCode expected, string error)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!;
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["message"]!.GetValue<string>()));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }
}
