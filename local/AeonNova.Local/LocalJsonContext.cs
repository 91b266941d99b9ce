using System.Text.Json.Serialization;
using AeonNova.Local.Config;

namespace AeonNova.Local;

/// <summary>Source-generated JSON for the local host's own types (config, API bodies).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(AeonNovaOptions))]
[JsonSerializable(typeof(SourceOptions))]
[JsonSerializable(typeof(ExecutorRule))]
[JsonSerializable(typeof(AeonNova.Core.Ports.ExecutionRecord))]
[JsonSerializable(typeof(AeonNova.Local.Storage.ExecutionSummary))]
[JsonSerializable(typeof(List<AeonNova.Local.Storage.ExecutionSummary>))]
public sealed partial class LocalJsonContext : JsonSerializerContext;
