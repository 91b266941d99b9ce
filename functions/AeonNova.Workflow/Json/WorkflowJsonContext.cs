using System.Text.Json.Serialization;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Workflow;

namespace AeonNova.Workflow.Json;

/// <summary>The workflow's source-generated serializer context: every step handler's input and output type (both hosts).</summary>
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
[JsonSerializable(typeof(GateInput))]
[JsonSerializable(typeof(GateStep))]
[JsonSerializable(typeof(SendCommandInput))]
[JsonSerializable(typeof(CommandRef))]
public sealed partial class WorkflowJsonContext : JsonSerializerContext;
