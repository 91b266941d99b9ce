using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Json;

/// <summary>Turns a task's JSON response into the engine's document form.</summary>
public static class TaskPayload
{
    /// <summary>
    /// Parses UTF-8 JSON into fully materialized nodes (no lazily parsed parts), the form a handler bound with
    /// handsOverResult must return. Throws <see cref="JsonException"/> for invalid JSON.
    /// </summary>
    public static JsonNode? Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 256 });
        return JsonNodes.FromElement(document.RootElement);
    }
}
