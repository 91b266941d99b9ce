using System.Globalization;
using System.Text.Json;

namespace AeonNova.Core.Alerts;

/// <summary>
/// Type-checked reads from untrusted JSON. Every mismatch becomes a WrongShape <see cref="AlertParseException"/>
/// naming the JSON path; paths are only built when an error is raised.
/// </summary>
public static class JsonRead
{
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'+0000'",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF 'UTC'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF 'UTC'",
        "yyyy.MM.dd HH:mm:ss",
        "yyyy.MM.dd",
    ];

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The root must be an object; <paramref name="what"/> names the expected payload in the message.</summary>
    public static JsonElement RootObject(JsonElement root, string what)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw AlertParseException.Shape("$", $"expected {what} (a JSON object) but found {Describe(root.ValueKind)}");
        }
        return root;
    }

    /// <summary>A scalar as text: strings as is, numbers and booleans as written; missing or null gives null.</summary>
    public static string? Text(JsonElement value, string path)
    {
        return value.ValueKind switch
        {
            JsonValueKind.String => StringOf(value, path),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => throw AlertParseException.Shape(path, $"expected a string but found {Describe(value.ValueKind)}"),
        };
    }

    /// <summary>GetString, with an escaped lone surrogate ("\ud800") reported as a shape error instead of escaping.</summary>
    private static string? StringOf(JsonElement value, string path)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            throw AlertParseException.Shape(path, "the string holds an invalid \\u escape (a lone UTF-16 surrogate)");
        }
    }

    public static string? Str(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var value) ? Text(value, Join(path, name)) : null;

    public static string ReqStr(JsonElement obj, string name, string path, string why)
    {
        var value = Str(obj, name, path);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw AlertParseException.Shape(Join(path, name), $"missing; {why}");
        }
        return value;
    }

    /// <summary>An optional object member; null when missing or JSON null.</summary>
    public static JsonElement? Obj(JsonElement obj, string name, string path) => Member(obj, name, path, JsonValueKind.Object);

    public static JsonElement ReqObj(JsonElement obj, string name, string path, string why) =>
        Obj(obj, name, path) ?? throw AlertParseException.Shape(Join(path, name), $"missing; {why}");

    /// <summary>An optional array member; null when missing or JSON null.</summary>
    public static JsonElement? Arr(JsonElement obj, string name, string path) => Member(obj, name, path, JsonValueKind.Array);

    private static JsonElement? Member(JsonElement obj, string name, string path, JsonValueKind kind)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != kind)
        {
            throw AlertParseException.Shape(Join(path, name), $"expected {Describe(kind)} but found {Describe(value.ValueKind)}");
        }
        return value;
    }

    public static JsonElement ReqArr(JsonElement obj, string name, string path, string why) =>
        Arr(obj, name, path) ?? throw AlertParseException.Shape(Join(path, name), $"missing; {why}");

    /// <summary>An array item that must be an object.</summary>
    public static JsonElement Item(JsonElement item, string arrayPath, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw AlertParseException.Shape($"{arrayPath}[{index}]", $"expected an object but found {Describe(item.ValueKind)}");
        }
        return item;
    }

    /// <summary>A flat string map (labels, annotations, details); scalar values are kept as written.</summary>
    public static Dictionary<string, string> Map(JsonElement obj, string name, string path)
    {
        var map = Obj(obj, name, path);
        return map is null ? new Dictionary<string, string>(StringComparer.Ordinal) : MapOf(map.Value, Join(path, name));
    }

    public static Dictionary<string, string> MapOf(JsonElement map, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                throw AlertParseException.Shape(path, "a member name holds an invalid \\u escape (a lone UTF-16 surrogate)");
            }
            // Nested values are kept as their JSON text: labels stay flat strings, nothing is lost.
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.Object or JsonValueKind.Array => property.Value.GetRawText(),
                _ => Text(property.Value, JsonRead.Join(path, name)) ?? "",
            };
            result[name] = value;
        }
        return result;
    }

    /// <summary>
    /// A timestamp: ISO 8601 / RFC 3339 (also CloudWatch's "+0000" and ServiceNow's "yyyy-MM-dd HH:mm:ss", read as UTC),
    /// or Unix epoch seconds, milliseconds or nanoseconds. Go's zero time and empty strings mean "not set".
    /// </summary>
    public static DateTimeOffset? Time(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number:
                return value.TryGetDouble(out var number) ? FromEpoch(number, Join(path, name)) : null;
            case JsonValueKind.String:
                // Fast path for RFC 3339 without allocating the string; other layouts fall back to ParseTime.
                if (value.TryGetDateTimeOffset(out var iso))
                {
                    return iso.Year <= 1 ? null : iso;
                }
                return ParseTime(StringOf(value, Join(path, name)), Join(path, name));
            default:
                throw AlertParseException.Shape(Join(path, name), $"expected a timestamp but found {Describe(value.ValueKind)}");
        }
    }

    public static DateTimeOffset? ParseTime(string? text, string path)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        DateTimeOffset parsed;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return FromEpoch(number, path);
        }
        if (!DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out parsed)
            && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out parsed))
        {
            throw AlertParseException.Shape(path, $"'{Excerpt(text)}' is not a timestamp (expected ISO 8601 or Unix epoch)");
        }
        return parsed.Year <= 1 ? null : parsed;
    }

    private static DateTimeOffset? FromEpoch(double number, string path)
    {
        if (number <= 0 || double.IsNaN(number) || double.IsInfinity(number))
        {
            return null;
        }
        // Magnitude tells the unit: seconds (~1e9), milliseconds (~1e12), microseconds (~1e15), nanoseconds (~1e18).
        var millis = number switch
        {
            < 1e11 => number * 1000,
            < 1e14 => number,
            < 1e17 => number / 1000,
            _ => number / 1_000_000,
        };
        if (millis > 253402300799999d)
        {
            throw AlertParseException.Shape(path, "epoch timestamp is out of range");
        }
        return DateTimeOffset.FromUnixTimeMilliseconds((long)millis);
    }

    /// <summary>A short, single-line excerpt of untrusted text for error messages.</summary>
    public static string Excerpt(string text)
    {
        var cut = text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "…") : text;
        return cut.ReplaceLineEndings(" ");
    }

    public static string Join(string path, string name) => string.Concat(path, ".", name);
}
