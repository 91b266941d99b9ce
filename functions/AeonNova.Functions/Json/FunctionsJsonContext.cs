using System.Text.Json.Serialization;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Events;

namespace AeonNova.Functions.Json;

/// <summary>The deployable's one source-generated serializer context: every handler input and output type.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false,
    WriteIndented = false)]
[JsonSerializable(typeof(WorkflowState))]
[JsonSerializable(typeof(WorkflowInput))]
[JsonSerializable(typeof(RecordReceivedInput))]
[JsonSerializable(typeof(ExecutionRef))]
[JsonSerializable(typeof(Enrichment))]
[JsonSerializable(typeof(AnalysisRequestStep))]
[JsonSerializable(typeof(RemediationPlan))]
[JsonSerializable(typeof(SafetyStep))]
[JsonSerializable(typeof(ApprovalStep))]
[JsonSerializable(typeof(VerificationStep))]
[JsonSerializable(typeof(AuditRef))]
[JsonSerializable(typeof(CloseOutResult))]
[JsonSerializable(typeof(CanonicalAlert))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(ApiGatewayProxyRequest))]
[JsonSerializable(typeof(ApiGatewayProxyResponse))]
[JsonSerializable(typeof(IngestEnvelope))]
[JsonSerializable(typeof(IngestAccepted))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ApprovalApiEvent))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext;
