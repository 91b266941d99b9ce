using System.Text.Json.Serialization;
using AeonNova.Functions.Events;

namespace AeonNova.Functions.Json;

/// <summary>The deployable's source-generated serializer context for the Lambda event shapes (API Gateway, SQS, SNS).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false,
    WriteIndented = false)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(ApiGatewayProxyRequest))]
[JsonSerializable(typeof(ApiGatewayProxyResponse))]
[JsonSerializable(typeof(IngestEnvelope))]
[JsonSerializable(typeof(IngestAccepted))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ApprovalApiEvent))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext;
