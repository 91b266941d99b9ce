using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;

namespace AeonNova.Core.Alerts;

/// <summary>
/// Shared front half of every parser: size and emptiness checks, one bounded <see cref="JsonDocument"/> parse
/// (no reflection), and JSON syntax errors turned into <see cref="AlertParseException"/> with a byte offset.
/// </summary>
public abstract class JsonAlertParser : IAlertParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = AlertLimits.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private readonly TimeProvider _time;
    private readonly IAlertIdGenerator _ids;

    protected JsonAlertParser(string source, TimeProvider time, IAlertIdGenerator ids)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(ids);
        Source = source;
        _time = time;
        _ids = ids;
    }

    public string Source { get; }

    public IReadOnlyList<CanonicalAlert> Parse(ReadOnlySpan<byte> utf8Body) => ParseEvents(utf8Body).Alerts;

    public AlertParseResult ParseEvents(ReadOnlySpan<byte> utf8Body)
    {
        var body = CheckBody(utf8Body);
        var rented = ArrayPool<byte>.Shared.Rent(body.Length);
        try
        {
            body.CopyTo(rented);
            using var document = ParseDocument(rented.AsMemory(0, body.Length));
            var output = new AlertOutput(Source, _time.GetUtcNow(), _ids);
            Read(document.RootElement, output);
            return new AlertParseResult(output.Alerts, output.Informational);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads the parsed body and adds one draft per alert; throws only <see cref="AlertParseException"/>.</summary>
    protected abstract void Read(JsonElement root, AlertOutput output);

    /// <summary>Checks size and emptiness, strips a UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> CheckBody(ReadOnlySpan<byte> utf8Body)
    {
        if (utf8Body.Length > AlertLimits.MaxBodyBytes)
        {
            throw new AlertParseException(AlertParseErrorKind.TooLarge,
                $"body is {utf8Body.Length} bytes, over the {AlertLimits.MaxBodyBytes}-byte (256 KiB) limit");
        }
        if (utf8Body.StartsWith("\uFEFF"u8))
        {
            utf8Body = utf8Body[3..];
        }
        if (utf8Body.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new AlertParseException(AlertParseErrorKind.EmptyBody, "body is empty; expected a JSON object");
        }
        if (!Utf8.IsValid(utf8Body))
        {
            throw new AlertParseException(AlertParseErrorKind.MalformedJson,
                $"body is not valid UTF-8 at byte offset {FirstInvalidUtf8(utf8Body)}");
        }
        return utf8Body;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }

    /// <summary>Parses JSON with the shared limits; syntax errors name the byte offset, line and column.</summary>
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            return JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw Malformed(utf8Json.Span, ex);
        }
    }

    private static AlertParseException Malformed(ReadOnlySpan<byte> json, JsonException ex)
    {
        var line = ex.LineNumber ?? 0;
        var column = ex.BytePositionInLine ?? 0;
        long offset = 0;
        for (long seen = 0; seen < line && offset < json.Length; offset++)
        {
            if (json[(int)offset] == (byte)'\n')
            {
                seen++;
            }
        }
        offset = Math.Min(offset + column, json.Length);
        var reason = ex.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut].TrimEnd(' ', '|');
        }
        var truncated = offset >= json.TrimEnd(" \t\r\n"u8).Length
            ? "; the body ends before the JSON is complete (truncated?)"
            : "";
        return new AlertParseException(AlertParseErrorKind.MalformedJson,
            $"malformed JSON at byte offset {offset} (line {line + 1}, column {column + 1}): {reason}{truncated}", ex);
    }
}
