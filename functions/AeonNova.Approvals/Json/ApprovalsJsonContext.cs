using System.Text.Json.Serialization;
using AeonNova.Approvals.Policy;

namespace AeonNova.Approvals.Json;

/// <summary>Source-generated serialisation for approval records, audit, policy and callback output.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = false)]
[JsonSerializable(typeof(ApprovalRecord))]
[JsonSerializable(typeof(ApprovalAuditEntry))]
[JsonSerializable(typeof(ApprovalPolicy))]
[JsonSerializable(typeof(TaskDecisionOutput))]
[JsonSerializable(typeof(PreparedApproval))]
[JsonSerializable(typeof(CreateApprovalRequest))]
[JsonSerializable(typeof(EscalationResult))]
public sealed partial class ApprovalsJsonContext : JsonSerializerContext;
