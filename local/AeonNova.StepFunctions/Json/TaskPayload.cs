using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Json;

/// <summary>Turns a task's JSON response into the engine's document form.</summary>
public static class TaskPayload
{
    /// <summary>
    /// Parses a task's UTF-8 JSON response into a document the engine can adopt (the form a handler bound with
    /// ResourceRegistry.BindStreamFunction returns). Containers are filled in on first access, so a large member that the definition
    /// only passes along is never split into nodes. Throws <see cref="JsonException"/> for invalid JSON.
    /// </summary>
    public static JsonNode? Parse(ReadOnlyMemory<byte> utf8Json) =>
        JsonNode.Parse(utf8Json.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
}
