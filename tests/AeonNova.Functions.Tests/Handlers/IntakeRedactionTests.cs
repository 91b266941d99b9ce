using System.Text.Json.Nodes;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Handlers;
using AeonNova.Testing;

namespace AeonNova.Functions.Tests.Handlers;

/// <summary>
/// The AWS intake path (Ingest → SQS → ParseAlerts → Step Functions) starts executions whose canonical alert is
/// redacted with the same catalogue as serve (AlertSources applies AlertRedactor on every host).
/// </summary>
public sealed class IntakeRedactionTests
{
    private static IReadOnlyList<(string Kind, string Text, string Needle)> Secrets => PlantedSecrets.All;

    [Fact]
    public async Task IngestThenParseAlerts_WhenAlertCarriesSecrets_ShouldStartExecutionsWhoseAlertHoldsNoneOfThem()
    {
        await using var h = new WorkflowHarness();
        h.Model.Returns(WorkflowHarness.ModelPlan(WorkflowHarness.DiagnosticScript));
        var request = JsonNode.Parse(RepoFiles.Fixture("apigw-ingest-alertmanager.json"))!;
        var payload = JsonNode.Parse((string)request["body"]!)!;
        foreach (var alert in payload["alerts"]!.AsArray())
        {
            alert!["annotations"]!["description"] = string.Join("\n", Secrets.Select(s => s.Text));
            alert["annotations"]!["summary"] = Secrets[6].Text;
            alert["labels"]!["dsn"] = Secrets[8].Text;
            alert["labels"]!["token"] = Secrets[3].Text;
        }
        request["body"] = payload.ToJsonString();

        var ingested = await Lambda.InvokeAsync(new IngestHandler(h.Runtimes, h.Get<IngestService>()), request.ToJsonString());
        Assert.Equal(202, (int)ingested["statusCode"]!);
        var records = new JsonArray(h.Queue.Messages.Select((body, i) => (JsonNode)new JsonObject
        {
            ["messageId"] = $"m-{i}",
            ["receiptHandle"] = "r",
            ["body"] = body,
            ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1", ["SentTimestamp"] = "1763626350123" },
            ["messageAttributes"] = new JsonObject(),
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:eu-west-1:123456789012:alerts",
            ["awsRegion"] = "eu-west-1",
        }).ToArray());
        var parsed = await Lambda.InvokeAsync(new ParseAlertsHandler(h.Runtimes, h.Get<AlertDispatcher>()), new JsonObject { ["Records"] = records }.ToJsonString());

        Assert.Empty(parsed["batchItemFailures"]!.AsArray());
        var executions = await h.Engine.ListExecutionsAsync();
        Assert.NotEmpty(executions);
        var stored = string.Join("\n", executions.Select(e => e.Input)) + h.Log;
        Assert.Contains("[REDACTED", stored, StringComparison.Ordinal);
        foreach (var (kind, _, needle) in Secrets)
        {
            Assert.False(stored.Contains(needle, StringComparison.Ordinal), $"{kind}: '{needle}' reached an execution input or the function log");
        }
    }
}
