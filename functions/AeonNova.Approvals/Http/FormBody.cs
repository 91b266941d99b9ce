using System.Net;

namespace AeonNova.Approvals.Http;

/// <summary>Parses application/x-www-form-urlencoded bodies; the first value of a repeated field wins.</summary>
public static class FormBody
{
    /// <summary>Bodies larger than this are refused by every transport before parsing.</summary>
    public const int MaxBytes = 16 * 1024;

    public static IReadOnlyDictionary<string, string> Parse(string? body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(body))
        {
            return fields;
        }
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            fields.TryAdd(name, value);
        }
        return fields;
    }

    private static string Decode(string value) => WebUtility.UrlDecode(value);
}
