using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AeonNova.StepFunctions;

/// <summary>
/// An immutable JSON value held as compact UTF-8 text (how execution history keeps inputs and outputs).
/// Serialized as the JSON value itself, not as a string, so persisted history keeps its nested shape.
/// </summary>
[JsonConverter(typeof(JsonTextConverter))]
public sealed class JsonText
{
    private readonly byte[] _utf8;

    /// <summary>The JSON null literal.</summary>
    public static JsonText Null { get; } = new("null"u8.ToArray());

    private JsonText(byte[] utf8) => _utf8 = utf8;

    /// <summary>Wraps UTF-8 JSON that is known to be valid (the engine's own output); the array is not copied.</summary>
    internal static JsonText Adopt(byte[] utf8) => new(utf8);

    /// <summary>Validates and keeps JSON text. Throws <see cref="JsonException"/> for invalid JSON.</summary>
    public static JsonText Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var utf8 = Encoding.UTF8.GetBytes(json);
        using (JsonDocument.Parse(utf8)) { }
        return new JsonText(utf8);
    }

    public ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>The same bytes as memory (read-only; the text never changes).</summary>
    public ReadOnlyMemory<byte> Utf8Memory => _utf8;

    /// <summary>Length in UTF-8 bytes.</summary>
    public int Length => _utf8.Length;

    /// <summary>A new node for the value (callers may change it freely).</summary>
    public JsonNode? ToNode() => JsonNode.Parse(_utf8);

    public override string ToString() => Encoding.UTF8.GetString(_utf8);
}

/// <summary>Writes <see cref="JsonText"/> verbatim and reads any JSON value back into one.</summary>
public sealed class JsonTextConverter : JsonConverter<JsonText>
{
    public override JsonText? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return JsonText.Adopt(Encoding.UTF8.GetBytes(document.RootElement.GetRawText()));
    }

    public override void Write(Utf8JsonWriter writer, JsonText value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteRawValue(value.Utf8, skipInputValidation: true);
    }
}
