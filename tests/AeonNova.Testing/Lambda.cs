using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;

namespace AeonNova.Testing;

/// <summary>Builds Lambda events and calls Stream handlers the way the managed runtime does.</summary>
public static class Lambda
{
    public static async Task<JsonNode> InvokeAsync(IStreamFunction function, string eventJson)
    {
        ArgumentNullException.ThrowIfNull(function);
        await using var output = await function.Handle(new MemoryStream(Encoding.UTF8.GetBytes(eventJson)));
        return (await JsonNode.ParseAsync(output))!;
    }

    /// <summary>An SQS event with one message whose body is the Ingest envelope of <paramref name="payload"/>.</summary>
    public static string SqsEnvelope(string messageId, string payload, string alertId, DateTimeOffset receivedAt) =>
        Sqs((messageId, new AlertEnvelope { Source = "alertmanager", ReceivedAt = receivedAt, RequestId = "req-" + messageId, AlertIds = [alertId], Body = payload }.ToJson()));

    public static string Sqs(params (string MessageId, string Body)[] messages)
    {
        var records = new JsonArray();
        foreach (var (id, body) in messages)
        {
            records.Add(new JsonObject
            {
                ["messageId"] = id,
                ["receiptHandle"] = "AQEB" + id,
                ["body"] = body,
                ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1", ["SentTimestamp"] = "1795410000000" },
                ["messageAttributes"] = new JsonObject(),
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = "arn:aws:sqs:eu-west-1:123456789012:aeonnova-alerts",
                ["awsRegion"] = "eu-west-1",
            });
        }
        return new JsonObject { ["Records"] = records }.ToJsonString();
    }
}
