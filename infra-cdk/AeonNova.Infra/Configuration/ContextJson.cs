using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;

namespace AeonNova.Infra.Configuration;

/// <summary>
/// Turns a CDK context value (what jsii hands back for cdk.json or -c values: dictionaries, arrays, strings,
/// numbers, booleans) into a JsonNode so settings are read with one set of checks and error messages.
/// </summary>
public static class ContextJson
{
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        decimal m => JsonValue.Create(m),
        IDictionary dictionary => ToObject(dictionary),
        IEnumerable items => ToArray(items),
        IConvertible convertible => JsonValue.Create(convertible.ToString(CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonObject ToObject(IDictionary dictionary)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in dictionary)
        {
            var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            result[key] = ToNode(entry.Value);
        }

        return result;
    }

    private static JsonArray ToArray(IEnumerable items)
    {
        var result = new JsonArray();
        foreach (var item in items)
        {
            result.Add(ToNode(item));
        }

        return result;
    }
}
