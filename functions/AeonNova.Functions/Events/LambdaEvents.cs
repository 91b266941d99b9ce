using System.Text.Json.Serialization;

namespace AeonNova.Functions.Events;

/// <summary>SQS event source mapping event (only the fields used).</summary>
public sealed record SqsEvent
{
    [JsonPropertyName("Records")] public IReadOnlyList<SqsMessage> Records { get; init; } = [];
}

public sealed record SqsMessage
{
    public string MessageId { get; init; } = "";
    public string ReceiptHandle { get; init; } = "";
    public string Body { get; init; } = "";
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
    public string EventSource { get; init; } = "";
}

/// <summary>ReportBatchItemFailures response: only the listed messages return to the queue.</summary>
public sealed record SqsBatchResponse
{
    public IReadOnlyList<SqsBatchItemFailure> BatchItemFailures { get; init; } = [];
}

public sealed record SqsBatchItemFailure(string ItemIdentifier);

/// <summary>API Gateway Lambda proxy event (REST payload v1; the HTTP API v2 payload shares these fields).</summary>
public sealed record ApiGatewayProxyRequest
{
    public string? Resource { get; init; }
    public string? Path { get; init; }
    public string? HttpMethod { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }
    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }
    public ApiGatewayRequestContext? RequestContext { get; init; }
    public string? Body { get; init; }
    public bool IsBase64Encoded { get; init; }
}

public sealed record ApiGatewayRequestContext
{
    public string? RequestId { get; init; }
}

public sealed record ApiGatewayProxyResponse
{
    public required int StatusCode { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
    public string Body { get; init; } = "";
    public bool IsBase64Encoded { get; init; }
}

/// <summary>What Ingest puts on the queue: the raw payload plus what the HTTP response promised (alert ids).</summary>
public sealed record IngestEnvelope
{
    public required string Source { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public string RequestId { get; init; } = "";
    public IReadOnlyList<string> AlertIds { get; init; } = [];
    public required string Body { get; init; }
}

/// <summary>HTTP 202 body: {accepted, alertIds, duplicates}.</summary>
public sealed record IngestAccepted(int Accepted, IReadOnlyList<string> AlertIds, int Duplicates)
{
    /// <summary>Events accepted that carry no alert (notes, pings, handshakes): what they were and why nothing starts.</summary>
    public IReadOnlyList<InformationalAccepted> Informational { get; init; } = [];
}

public sealed record InformationalAccepted(string Event, string Reason);

/// <summary>HTTP 4xx body: {error, message}.</summary>
public sealed record ErrorBody(string Error, string Message);
