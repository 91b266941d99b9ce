using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Json;

/// <summary>
/// JSON node helpers. Each running state owns the document it works on: history keeps text (captured when an
/// event is recorded), branches and iterations get their own copies (<see cref="Copy"/>), and a ResultPath moves
/// the raw input's members into the new document instead of copying them.
/// </summary>
internal static class JsonNodes
{
    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false };

    /// <summary>A fully materialized deep copy (no lazily parsed parts), safe to attach and to read from many threads.</summary>
    public static JsonNode? Copy(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy.Add(key, Copy(value));
                }
                return copy;
            case JsonArray array:
                var list = new JsonArray();
                foreach (var item in array)
                {
                    list.Add(Copy(item));
                }
                return list;
            case JsonValue value when value.GetValueKind() is JsonValueKind.String:
                // A string backed by a parsed document would otherwise clone that document per value.
                return JsonValue.Create(value.GetValue<string>());
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(value.GetValueKind() == JsonValueKind.True);
            default:
                return node.DeepClone();
        }
    }

    public static JsonNode? Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        return FromElement(doc.RootElement);
    }

    /// <summary>Builds materialized nodes from an element (no lazy JsonElement-backed containers).</summary>
    public static JsonNode? FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = FromElement(property.Value);
                }
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(FromElement(item));
                }
                return array;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString());
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var l)) { return JsonValue.Create(l); }
                if (element.TryGetDecimal(out var m) && !element.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase)) { return JsonValue.Create(m); }
                return JsonValue.Create(element.GetDouble());
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    public static string ToJson(JsonNode? node) => node is null ? "null" : node.ToJsonString(s_compact);

    /// <summary>
    /// Writer settings for execution history: compact, and only what JSON requires is escaped (quotes,
    /// backslashes, control characters): history is read back as JSON, and every page that shows it HTML-encodes it.
    /// </summary>
    public static JsonWriterOptions HistoryWriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static JsonValueKind Kind(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

    public static bool IsString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }
        value = "";
        return false;
    }

    public static bool IsNumber(JsonNode? node, out double value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            value = ToDouble(v);
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>True for a JSON number with an integral value in the Int32 range.</summary>
    public static bool IsInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (!IsNumber(node, out var d) || Math.Floor(d) != d || double.IsInfinity(d)) { return false; }
        value = (long)d;
        return true;
    }

    public static bool IsBoolean(JsonNode? node, out bool value)
    {
        if (node is JsonValue v)
        {
            var kind = v.GetValueKind();
            if (kind is JsonValueKind.True or JsonValueKind.False)
            {
                value = kind == JsonValueKind.True;
                return true;
            }
        }
        value = false;
        return false;
    }

    public static double ToDouble(JsonValue value)
    {
        if (value.TryGetValue<long>(out var l)) { return l; }
        if (value.TryGetValue<int>(out var i)) { return i; }
        if (value.TryGetValue<double>(out var d)) { return d; }
        if (value.TryGetValue<decimal>(out var m)) { return (double)m; }
        if (value.TryGetValue<float>(out var f)) { return f; }
        if (value.TryGetValue<JsonElement>(out var e)) { return e.GetDouble(); }
        return double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
    }

    /// <summary>JSON-aware equality: numbers by value, objects regardless of key order.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) { return a is null && b is null; }
        var kind = a.GetValueKind();
        if (kind != b.GetValueKind()) { return false; }
        switch (kind)
        {
            case JsonValueKind.Object:
                var oa = (JsonObject)a;
                var ob = (JsonObject)b;
                if (oa.Count != ob.Count) { return false; }
                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other)) { return false; }
                }
                return true;
            case JsonValueKind.Array:
                var aa = (JsonArray)a;
                var ab = (JsonArray)b;
                if (aa.Count != ab.Count) { return false; }
                for (var i = 0; i < aa.Count; i++)
                {
                    if (!DeepEquals(aa[i], ab[i])) { return false; }
                }
                return true;
            case JsonValueKind.Number:
                return ToDouble((JsonValue)a) == ToDouble((JsonValue)b);
            case JsonValueKind.String:
                return a.GetValue<string>() == b.GetValue<string>();
            default:
                return true;
        }
    }

    /// <summary>Step Functions' name for a JSON type in error messages.</summary>
    public static string TypeName(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
