using System.Text.Json;
using System.Text.Json.Serialization;

namespace AeonNova.StepFunctions.Json;

/// <summary>
/// Stores a JSON value that is already held as text: written verbatim (as nested JSON, not as a string), read back
/// as the value's raw text. Keeps persisted history in the same shape as when events held JSON nodes.
/// </summary>
public sealed class RawJsonTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value, skipInputValidation: true);
    }
}
