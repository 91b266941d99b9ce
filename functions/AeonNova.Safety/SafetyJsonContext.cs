using System.Text.Json;
using System.Text.Json.Serialization;
using AeonNova.Safety.Policy;
using AeonNova.Safety.Rules;

namespace AeonNova.Safety.Json;

/// <summary>Source-generated JSON for the catalogue and the policy file.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true)]
[JsonSerializable(typeof(RuleCatalogueDocument))]
[JsonSerializable(typeof(SafetyPolicy))]
internal sealed partial class SafetyJsonContext : JsonSerializerContext;
