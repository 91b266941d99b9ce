using System.Text.Json.Serialization;

namespace AeonNova.Infra.Configuration;

/// <summary>The auto-approval policy as the functions receive it (AUTO_APPROVAL_POLICY environment variable).</summary>
public sealed record AutoApprovalEnvironment(bool Enabled, string MaxSeverity, string[] Verdicts);

/// <summary>Source-generated JSON for what the CDK app writes into function configuration.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AutoApprovalEnvironment))]
public sealed partial class InfraJsonContext : JsonSerializerContext;
