namespace AeonNova.Core.Alerts;

/// <summary>The first non-blank label value among candidate keys, in the order given.</summary>
internal static class LabelLookup
{
    public static string? First(IReadOnlyDictionary<string, string> labels, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var key in keys)
        {
            if (labels.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }
        return null;
    }
}
