using System.Text.Json.Serialization;
using AeonNova.Analysis.Model;
using AeonNova.Analysis.Planning;

namespace AeonNova.Analysis.Json;

/// <summary>Source-generated serialisation for the analysis library's own files and payloads (camelCase).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = false)]
[JsonSerializable(typeof(ModelRegistryFile))]
[JsonSerializable(typeof(PromptRegistryFile))]
[JsonSerializable(typeof(HostHistory))]
public sealed partial class AnalysisJsonContext : JsonSerializerContext;
