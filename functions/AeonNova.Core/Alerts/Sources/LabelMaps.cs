namespace AeonNova.Core.Alerts.Sources;

/// <summary>Small helpers the source parsers share for building label and annotation maps.</summary>
internal static class LabelMaps
{
    public static void AddIfPresent(Dictionary<string, string> map, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            map[key] = value;
        }
    }

    /// <summary>A "key:value" tag becomes a label (first colon splits); a bare tag becomes a key with an empty value.</summary>
    public static void AddTag(Dictionary<string, string> map, string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return;
        }
        var colon = tag.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            map.TryAdd(tag[..colon].Trim(), tag[(colon + 1)..].Trim());
        }
        else
        {
            map.TryAdd(tag.Trim(), "");
        }
    }
}
