using System.Text.Json.Serialization;

namespace AeonNova.Functions.Events;

/// <summary>
/// What the ApprovalApi function receives: either an API Gateway proxy event (REST v1 or HTTP API v2 payload) for
/// GET/HEAD/POST /approvals/{id}, or an SNS event from the approval topic (task token registration). Only the
/// fields used are declared.
/// </summary>
public sealed record ApprovalApiEvent
{
    public string? Version { get; init; }
    public string? HttpMethod { get; init; }
    public string? Path { get; init; }
    public string? RawPath { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }
    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }
    /// <summary>HTTP API v2 puts cookies here instead of the Cookie header.</summary>
    public IReadOnlyList<string>? Cookies { get; init; }
    public ApprovalApiRequestContext? RequestContext { get; init; }
    public string? Body { get; init; }
    public bool IsBase64Encoded { get; init; }
    [JsonPropertyName("Records")] public IReadOnlyList<SnsEventRecord>? Records { get; init; }
}

public sealed record ApprovalApiRequestContext
{
    public string? RequestId { get; init; }
    /// <summary>REST v1.</summary>
    public ApiGatewayIdentity? Identity { get; init; }
    /// <summary>HTTP API v2.</summary>
    public ApiGatewayHttp? Http { get; init; }
}

public sealed record ApiGatewayIdentity
{
    public string? SourceIp { get; init; }
    public string? UserAgent { get; init; }
}

public sealed record ApiGatewayHttp
{
    public string? Method { get; init; }
    public string? Path { get; init; }
    public string? SourceIp { get; init; }
    public string? UserAgent { get; init; }
}

public sealed record SnsEventRecord
{
    [JsonPropertyName("EventSource")] public string? EventSource { get; init; }
    [JsonPropertyName("Sns")] public SnsMessage? Sns { get; init; }
}

public sealed record SnsMessage
{
    [JsonPropertyName("MessageId")] public string? MessageId { get; init; }
    [JsonPropertyName("Subject")] public string? Subject { get; init; }
    [JsonPropertyName("MessageAttributes")] public IReadOnlyDictionary<string, SnsMessageAttribute>? MessageAttributes { get; init; }
}

public sealed record SnsMessageAttribute
{
    [JsonPropertyName("Type")] public string? Type { get; init; }
    [JsonPropertyName("Value")] public string? Value { get; init; }
}
