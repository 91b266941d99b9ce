using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace AeonNova.Functions.Adapters;

/// <summary>Explicit attribute-value mapping helpers (no reflection, no object persistence model).</summary>
internal static class DynamoItems
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Bool(bool value) => new() { BOOL = value };

    public static AttributeValue Time(DateTimeOffset value) => S(Iso(value));

    /// <summary>Fixed-width UTC ISO-8601, so string order is time order (sort keys, range conditions).</summary>
    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string Str(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.S is not null ? v.S : "";

    public static long Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is not null ? long.Parse(v.N, CultureInfo.InvariantCulture) : 0;

    public static bool Flag(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.BOOL == true;

    public static DateTimeOffset At(Dictionary<string, AttributeValue> item, string name) =>
        DateTimeOffset.TryParse(Str(item, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch;

    public static DateTimeOffset? OptionalAt(Dictionary<string, AttributeValue> item, string name) =>
        item.ContainsKey(name) ? At(item, name) : null;

    /// <summary>DynamoDB TTL attribute value: epoch seconds.</summary>
    public static AttributeValue Ttl(DateTimeOffset expiresAt) => N(expiresAt.ToUnixTimeSeconds());
}
