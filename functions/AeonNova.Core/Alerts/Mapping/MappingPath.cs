using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AeonNova.Core.Alerts.Mapping;

/// <summary>
/// The JSON path subset mapping files use: <c>$</c>, <c>.name</c>, <c>['name']</c> / <c>["name"]</c> and <c>[index]</c>,
/// evaluated relative to one alert object. Compiled once when the mapping file loads.
/// </summary>
public sealed class MappingPath
{
    private readonly Segment[] _segments;

    private MappingPath(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>The element at this path, or null when any step is missing or of the wrong kind.</summary>
    public JsonElement? Evaluate(JsonElement root)
    {
        var current = root;
        foreach (var segment in _segments)
        {
            if (segment.Name is not null)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment.Name, out current))
                {
                    return null;
                }
            }
            else if (current.ValueKind != JsonValueKind.Array || segment.Index >= current.GetArrayLength())
            {
                return null;
            }
            else
            {
                current = current[segment.Index];
            }
        }
        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    /// <summary>Compiles a path; <paramref name="where"/> names its place in the mapping file for error messages.</summary>
    public static MappingPath Parse(string text, string where)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith('$'))
        {
            throw new AlertMappingException($"{where}: '{text}' is not a JSON path; paths start with '$' (e.g. $.asset.name)");
        }
        var segments = new List<Segment>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }
                if (i == start)
                {
                    throw new AlertMappingException($"{where}: empty member name at position {start} of '{text}'");
                }
                segments.Add(new Segment(text[start..i], 0));
            }
            else if (text[i] == '[' && i + 1 < text.Length && (text[i + 1] == '\'' || text[i + 1] == '"'))
            {
                var quote = text[i + 1];
                var name = new StringBuilder();
                i += 2;
                while (i < text.Length && text[i] != quote)
                {
                    name.Append(text[i++]);
                }
                if (i + 1 >= text.Length || text[i + 1] != ']')
                {
                    throw new AlertMappingException($"{where}: unclosed ['…'] in '{text}'");
                }
                i += 2;
                segments.Add(new Segment(name.ToString(), 0));
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw new AlertMappingException($"{where}: '[' at position {i} of '{text}' must hold an array index or a quoted name");
                }
                segments.Add(new Segment(null, index));
                i = close + 1;
            }
            else
            {
                throw new AlertMappingException($"{where}: unexpected '{text[i]}' at position {i} of '{text}'");
            }
        }
        return new MappingPath(text, [.. segments]);
    }

    private readonly record struct Segment(string? Name, int Index);
}
