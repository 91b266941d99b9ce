using System.Text.Json.Serialization;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Core.Json;

/// <summary>Source-generated serialisation for the contracts in the domain core (camelCase, no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(CanonicalAlert))]
[JsonSerializable(typeof(List<CanonicalAlert>))]
[JsonSerializable(typeof(IReadOnlyList<CanonicalAlert>))]
[JsonSerializable(typeof(AlertParseResult))]
[JsonSerializable(typeof(InformationalEvent))]
[JsonSerializable(typeof(SafetyReport))]
[JsonSerializable(typeof(RemediationPlan))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
