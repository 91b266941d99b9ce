using System.Text.Json.Nodes;

namespace AeonNova.Infra.Tests.Support;

/// <summary>Small helpers for walking CloudFormation JSON (Statement and Action may be a single value or a list).</summary>
internal static class Json
{
    public static IEnumerable<JsonNode> Many(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.OfType<JsonNode>(),
        _ => [node],
    };

    public static IEnumerable<string> Strings(JsonNode? node) =>
        Many(node).OfType<JsonValue>().Select(v => v.GetValue<string>());

    public static Dictionary<string, object> Obj(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
}
