using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AeonNova.StepFunctions;

/// <summary>
/// An immutable JSON value held as compact UTF-8 text (how execution history keeps inputs and outputs).
/// Serialized as the JSON value itself, not as a string, so persisted history keeps its nested shape.
/// A state that adds one member to its input gets its output text as that input's text plus the new member
/// (<see cref="AppendMember"/>): history then holds each state's addition once instead of a full copy per state,
/// and the bytes are put together only when someone reads them.
/// </summary>
[JsonConverter(typeof(JsonTextConverter))]
public sealed class JsonText
{
    private byte[]? _utf8;
    // Appended form: the object text of _head without its closing '}', then _tail (",\"name\":value}").
    private readonly JsonText? _head;
    private readonly byte[]? _tail;

    /// <summary>The JSON null literal.</summary>
    public static JsonText Null { get; } = new("null"u8.ToArray());

    private JsonText(byte[] utf8)
    {
        _utf8 = utf8;
        Length = utf8.Length;
        IsObject = utf8.Length >= 2 && utf8[0] == (byte)'{' && utf8[^1] == (byte)'}';
    }

    private JsonText(JsonText head, byte[] tail)
    {
        _head = head;
        _tail = tail;
        Length = head.Length - 1 + tail.Length;
        IsObject = true;
    }

    /// <summary>Wraps UTF-8 JSON that is known to be valid (the engine's own output); the array is not copied.</summary>
    internal static JsonText Adopt(byte[] utf8) => new(utf8);

    /// <summary>
    /// The text of this object with one more member at the end. <paramref name="encodedName"/> is the member name as
    /// the history writer escapes it; <paramref name="value"/> is the member's value text.
    /// </summary>
    internal JsonText AppendMember(ReadOnlySpan<byte> encodedName, JsonText value)
    {
        if (!IsObject) { throw new InvalidOperationException("only an object's text can take a member"); }
        var empty = Length == 2;
        var tail = new byte[(empty ? 0 : 1) + encodedName.Length + 3 + value.Length + 1];
        var at = 0;
        if (!empty) { tail[at++] = (byte)','; }
        tail[at++] = (byte)'"';
        encodedName.CopyTo(tail.AsSpan(at));
        at += encodedName.Length;
        tail[at++] = (byte)'"';
        tail[at++] = (byte)':';
        value.CopyTo(tail.AsSpan(at));
        at += value.Length;
        tail[at] = (byte)'}';
        return new JsonText(this, tail);
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Writes JSON with the history's writer settings (compact, only what JSON requires escaped) through a
    /// per-thread scratch buffer; <paramref name="write"/> must not await.
    /// </summary>
    internal static JsonText Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Json.JsonNodes.HistoryWriterOptions);
        writer.Reset(buffer);
        write(writer, state);
        writer.Flush();
        return new JsonText(buffer.WrittenSpan.ToArray());
    }

    /// <summary>Validates and keeps JSON text. Throws <see cref="JsonException"/> for invalid JSON.</summary>
    public static JsonText Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var utf8 = Encoding.UTF8.GetBytes(json);
        using (JsonDocument.Parse(utf8)) { }
        return new JsonText(utf8);
    }

    /// <summary>The text (put together and kept on first use when it was built by appending).</summary>
    public ReadOnlySpan<byte> Utf8 => Materialize();

    /// <summary>The same bytes as memory (read-only; the text never changes).</summary>
    public ReadOnlyMemory<byte> Utf8Memory => Materialize();

    /// <summary>Length in UTF-8 bytes.</summary>
    public int Length { get; }

    /// <summary>Whether the text is a JSON object ("{…}").</summary>
    internal bool IsObject { get; }

    /// <summary>A new node for the value (callers may change it freely).</summary>
    public JsonNode? ToNode() => Use(static bytes => JsonNode.Parse(bytes));

    public override string ToString() => Use(static bytes => Encoding.UTF8.GetString(bytes));

    /// <summary>Writes the text into <paramref name="destination"/> (at least <see cref="Length"/> bytes).</summary>
    public void CopyTo(Span<byte> destination)
    {
        if (_utf8 is { } utf8)
        {
            utf8.CopyTo(destination);
            return;
        }
        // Walk the chain of appended parts back to the first materialized text, then lay the parts down in order.
        var parts = new Stack<JsonText>();
        var text = this;
        while (text._utf8 is null)
        {
            parts.Push(text);
            text = text._head!;
        }
        text._utf8.CopyTo(destination);
        var at = text.Length - 1;
        while (parts.Count > 0)
        {
            var tail = parts.Pop()._tail!;
            tail.CopyTo(destination[at..]);
            at += tail.Length - 1;
        }
    }

    /// <summary>Runs <paramref name="read"/> over the bytes without keeping an assembled copy.</summary>
    internal T Use<T>(Func<ReadOnlySpan<byte>, T> read)
    {
        if (_utf8 is { } utf8) { return read(utf8); }
        var rented = ArrayPool<byte>.Shared.Rent(Length);
        try
        {
            CopyTo(rented);
            return read(rented.AsSpan(0, Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private byte[] Materialize()
    {
        if (_utf8 is { } utf8) { return utf8; }
        var bytes = new byte[Length];
        CopyTo(bytes);
        _utf8 = bytes; // a race only assembles the same bytes twice
        return bytes;
    }
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
        value.Use(bytes =>
        {
            writer.WriteRawValue(bytes, skipInputValidation: true);
            return true;
        });
    }
}
