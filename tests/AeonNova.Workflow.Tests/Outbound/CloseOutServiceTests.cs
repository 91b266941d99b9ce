using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Outbound;
using AeonNova.Testing;

namespace AeonNova.Workflow.Tests.Outbound;

public sealed class CloseOutServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 5, 30, 0, TimeSpan.Zero);
    private static readonly ExecutionRef Execution = new() { ExecutionId = "arn:aws:states:eu-west-1:1:execution:remediation:x", ExecutionName = "x", StartedAt = Now };

    private static CloseOutOptions AllTargets() => new()
    {
        ServiceNow = new ServiceNowOptions { InstanceUrl = new Uri("https://acme.service-now.com"), User = "aeonnova", Password = "pw" },
        PagerDuty = new PagerDutyOptions { RoutingKey = "R0UT1NGKEY" },
        Opsgenie = new OpsgenieOptions { ApiKey = "og-key" },
        Webhook = new WebhookOptions { Url = new Uri("https://hooks.example.com/aeonnova"), Secret = "hook-secret" },
    };

    private static Core.Alerts.CanonicalAlert Alert() => WorkflowHarness.Alert() with
    {
        Labels = new Dictionary<string, string> { ["servicenow_sys_id"] = "9d385017c611228701d22104cc95c371", ["dedup_key"] = "disk-web-1", ["opsgenie_alias"] = "disk-web-1" },
    };

    [Fact]
    public async Task CloseAsync_WhenRemediated_ShouldResolveEverywhereAndSignTheWebhook()
    {
        var http = new FakeHttpHandler();
        var service = new CloseOutService(new HttpClient(http), AllTargets(), new ManualClock(Now));

        var result = await service.CloseAsync(Alert(), new OutcomeStep { Status = "remediated", Reason = "verified" }, Execution, CancellationToken.None);

        Assert.All(result.Targets, t => Assert.Equal(CloseOutStatus.Sent, t.Status));
        var byHost = http.Requests.ToDictionary(r => r.Uri.Host);
        var snow = byHost["acme.service-now.com"];
        Assert.Equal(HttpMethod.Patch, snow.Method);
        Assert.Equal("/api/now/table/incident/9d385017c611228701d22104cc95c371", snow.Uri.AbsolutePath);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("aeonnova:pw")), snow.Headers["Authorization"]);
        Assert.Equal("6", (string?)JsonNode.Parse(snow.Body)!["state"]);
        var pd = JsonNode.Parse(byHost["events.pagerduty.com"].Body)!;
        Assert.Equal("resolve", (string?)pd["event_action"]);
        Assert.Equal("disk-web-1", (string?)pd["dedup_key"]);
        Assert.Equal("R0UT1NGKEY", (string?)pd["routing_key"]);
        var og = byHost["api.opsgenie.com"];
        Assert.Equal("/v2/alerts/disk-web-1/close", og.Uri.AbsolutePath);
        Assert.Equal("?identifierType=alias", og.Uri.Query);
        Assert.Equal("GenieKey og-key", og.Headers["Authorization"]);
        var hook = byHost["hooks.example.com"];
        var timestamp = hook.Headers[CloseOutService.TimestampHeader];
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("hook-secret"), Encoding.UTF8.GetBytes(timestamp + "." + hook.Body)));
        Assert.Equal(expected, hook.Headers[CloseOutService.SignatureHeader]);
        Assert.Equal("remediated", (string?)JsonNode.Parse(hook.Body)!["outcome"]!["status"]);
    }

    [Fact]
    public async Task CloseAsync_WhenNotResolved_ShouldOnlyNoteAndNotify()
    {
        var http = new FakeHttpHandler();
        var service = new CloseOutService(new HttpClient(http), AllTargets(), new ManualClock(Now));

        var result = await service.CloseAsync(Alert(), new OutcomeStep { Status = "rejected", Reason = "approver-rejected" }, Execution, CancellationToken.None);

        Assert.Equal([CloseOutStatus.Sent, CloseOutStatus.Skipped, CloseOutStatus.Skipped, CloseOutStatus.Sent], result.Targets.Select(t => t.Status));
        var snow = JsonNode.Parse(http.Requests.Single(r => r.Uri.Host == "acme.service-now.com").Body)!.AsObject();
        Assert.False(snow.ContainsKey("state"));
        Assert.Contains("rejected", (string?)snow["work_notes"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloseAsync_WhenATargetFailsOrNothingIsConfigured_ShouldReportNotThrow()
    {
        var http = new FakeHttpHandler { Respond = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) };
        var failing = new CloseOutService(new HttpClient(http), new CloseOutOptions { PagerDuty = new PagerDutyOptions { RoutingKey = "k" } }, new ManualClock(Now));
        var none = new CloseOutService(new HttpClient(http), new CloseOutOptions(), new ManualClock(Now));

        var failed = await failing.CloseAsync(Alert(), new OutcomeStep { Status = "remediated" }, Execution, CancellationToken.None);
        var nothing = await none.CloseAsync(Alert(), new OutcomeStep { Status = "remediated" }, Execution, CancellationToken.None);

        var target = Assert.Single(failed.Targets);
        Assert.Equal(CloseOutStatus.Failed, target.Status);
        Assert.Contains("500", target.Detail, StringComparison.Ordinal);
        Assert.Empty(nothing.Targets);
    }
}
