using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AeonNova.Core.Workflow;

/// <summary>
/// A queue message: what Ingest enqueued ({source, receivedAt, requestId, alertIds, body}) or a raw EventBridge
/// CloudWatch alarm event that the rule put on the queue directly. Written and read without reflection.
/// </summary>
public sealed record AlertEnvelope
{
    public required string Source { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public string RequestId { get; init; } = "";
    /// <summary>The ids Ingest answered with, in parse order; ParseAlerts re-uses them so re-deliveries keep their ids.</summary>
    public IReadOnlyList<string> AlertIds { get; init; } = [];
    /// <summary>The source payload, verbatim.</summary>
    public required string Body { get; init; }

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(Body.Length + 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("source", Source);
            json.WriteString("receivedAt", ReceivedAt);
            json.WriteString("requestId", RequestId);
            json.WriteStartArray("alertIds");
            foreach (var id in AlertIds)
            {
                json.WriteStringValue(id);
            }
            json.WriteEndArray();
            json.WriteString("body", Body);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Reads a queue message. <paramref name="messageId"/> and <paramref name="sentAt"/> give raw EventBridge events
    /// stable alert ids and receive time, so re-deliveries look identical. Throws <see cref="FormatException"/> with a specific message.
    /// </summary>
    public static AlertEnvelope Parse(string message, string messageId, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"queue message {messageId}: not JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine}): {ex.Message}", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"queue message {messageId}: expected a JSON object, found {root.ValueKind}");
            }
            if (root.TryGetProperty("detail-type", out var detailType) && root.TryGetProperty("source", out var eventSource)
                && eventSource.ValueKind == JsonValueKind.String && eventSource.GetString() == "aws.cloudwatch")
            {
                _ = detailType;
                return new AlertEnvelope { Source = "cloudwatch", ReceivedAt = sentAt, RequestId = messageId, AlertIds = [], Body = message };
            }
            var source = Text(root, "source", messageId);
            var body = Text(root, "body", messageId);
            var receivedAtText = Text(root, "receivedAt", messageId);
            if (!DateTimeOffset.TryParse(receivedAtText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var receivedAt))
            {
                throw new FormatException($"queue message {messageId}: 'receivedAt' is not an ISO-8601 timestamp: '{receivedAtText}'");
            }
            var ids = new List<string>();
            if (root.TryGetProperty("alertIds", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var id in array.EnumerateArray())
                {
                    ids.Add(id.GetString() ?? "");
                }
            }
            return new AlertEnvelope
            {
                Source = source,
                ReceivedAt = receivedAt,
                RequestId = root.TryGetProperty("requestId", out var rid) && rid.ValueKind == JsonValueKind.String ? rid.GetString()! : "",
                AlertIds = ids,
                Body = body,
            };
        }
    }

    private static string Text(JsonElement root, string name, string messageId) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"queue message {messageId}: missing string field '{name}'");
}
