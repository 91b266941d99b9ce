using System.Text.Json.Serialization;

namespace AeonNova.StepFunctions.Persistence;

/// <summary>Source-generated JSON for the engine's persisted types (stores serialize snapshots with it).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExecutionSnapshot))]
[JsonSerializable(typeof(ExecutionCheckpoint))]
[JsonSerializable(typeof(HistoryEvent))]
[JsonSerializable(typeof(ExecutionDescription))]
[JsonSerializable(typeof(List<HistoryEvent>))]
public sealed partial class StepFunctionsJsonContext : JsonSerializerContext;
