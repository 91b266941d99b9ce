using System.Text.Json.Nodes;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Handlers;
using AeonNova.Testing;

namespace AeonNova.Functions.Tests.Handlers;

/// <summary>API Gateway proxy events against the HTTP contract: 202 | 400 | 401 | 404 | 413.</summary>
public sealed class IngestHandlerTests
{
    [Fact]
    public async Task Handle_WhenAuthenticatedAlertmanagerWebhook_ShouldEnqueueAndAnswer202()
    {
        await using var h = new WorkflowHarness();
        var response = await Lambda.InvokeAsync(new IngestHandler(h.Runtimes, h.Get<IngestService>()), RepoFiles.Fixture("apigw-ingest-alertmanager.json"));

        Assert.Equal(202, (int)response["statusCode"]!);
        var body = JsonNode.Parse((string)response["body"]!)!;
        Assert.Equal(1, (int)body["accepted"]!);
        Assert.Equal(0, (int)body["duplicates"]!);
        var alertId = (string?)body["alertIds"]![0];
        var message = Assert.Single(h.Queue.Messages);
        var envelope = AlertEnvelope.Parse(message, "m", DateTimeOffset.UnixEpoch);
        Assert.Equal("alertmanager", envelope.Source);
        Assert.Equal([alertId!], envelope.AlertIds);
        Assert.Equal("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", envelope.RequestId);
        Assert.Contains("DiskSpaceLow", envelope.Body, StringComparison.Ordinal);
        // ParseAlerts counts AlertsReceived when it parses the message; Ingest counts what it accepted under its own name.
        var metrics = h.Log.ToString().Split('\n').Where(l => l.Contains("\"_aws\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(metrics, l => l.Contains("\"AlertsAccepted\":1", StringComparison.Ordinal));
        Assert.DoesNotContain(metrics, l => l.Contains("AlertsReceived", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Bearer wrong-token", 401, "unauthorized")]
    [InlineData(null, 401, "unauthorized")]
    public async Task Handle_WhenCredentialIsWrongOrMissing_ShouldAnswer401AndEnqueueNothing(string? authorization, int status, string error)
    {
        await using var h = new WorkflowHarness();
        var request = JsonNode.Parse(RepoFiles.Fixture("apigw-ingest-alertmanager.json"))!;
        var headers = request["headers"]!.AsObject();
        headers.Remove("Authorization");
        if (authorization is not null)
        {
            headers["Authorization"] = authorization;
        }

        var response = await Lambda.InvokeAsync(new IngestHandler(h.Runtimes, h.Get<IngestService>()), request.ToJsonString());

        Assert.Equal(status, (int)response["statusCode"]!);
        Assert.Equal(error, (string?)JsonNode.Parse((string)response["body"]!)!["error"]);
        Assert.Empty(h.Queue.Messages);
    }

    [Fact]
    public async Task Handle_WhenSourceIsUnknown_ShouldAnswer404()
    {
        await using var h = new WorkflowHarness();
        var request = JsonNode.Parse(RepoFiles.Fixture("apigw-ingest-alertmanager.json"))!;
        request["pathParameters"]!["source"] = "nagios";

        var response = await Lambda.InvokeAsync(new IngestHandler(h.Runtimes, h.Get<IngestService>()), request.ToJsonString());

        Assert.Equal(404, (int)response["statusCode"]!);
        Assert.Contains("nagios", (string?)JsonNode.Parse((string)response["body"]!)!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_WhenBodyExceeds256KiB_ShouldAnswer413BeforeAuthentication()
    {
        await using var h = new WorkflowHarness();
        var request = JsonNode.Parse(RepoFiles.Fixture("apigw-ingest-alertmanager.json"))!;
        request["body"] = "{\"pad\":\"" + new string('x', 256 * 1024) + "\"}";
        request["headers"]!.AsObject().Remove("Authorization");

        var response = await Lambda.InvokeAsync(new IngestHandler(h.Runtimes, h.Get<IngestService>()), request.ToJsonString());

        Assert.Equal(413, (int)response["statusCode"]!);
        Assert.Empty(h.Queue.Messages);
    }

    [Theory]
    [InlineData("{\"receiver\": \"x\", \"alerts\": [", "invalid_json")]
    [InlineData("{\"receiver\": \"x\", \"alerts\": \"not-a-list\"}", "invalid_payload")]
    public async Task Handle_WhenBodyIsNotAValidPayload_ShouldAnswer400WithASpecificMessage(string body, string error)
    {
        await using var h = new WorkflowHarness();
        var request = JsonNode.Parse(RepoFiles.Fixture("apigw-ingest-alertmanager.json"))!;
        request["body"] = body;

        var response = await Lambda.InvokeAsync(new IngestHandler(h.Runtimes, h.Get<IngestService>()), request.ToJsonString());

        Assert.Equal(400, (int)response["statusCode"]!);
        var answer = JsonNode.Parse((string)response["body"]!)!;
        Assert.Equal(error, (string?)answer["error"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)answer["message"]));
        Assert.Empty(h.Queue.Messages);
    }
}
