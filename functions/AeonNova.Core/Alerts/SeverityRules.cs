using System.Collections.Frozen;

namespace AeonNova.Core.Alerts;

/// <summary>Severity words of every source mapped to the five canonical levels (ARCHITECTURE.md).</summary>
public static class SeverityRules
{
    private static readonly FrozenDictionary<string, AlertSeverity> Words = new Dictionary<string, AlertSeverity>(StringComparer.OrdinalIgnoreCase)
    {
        ["critical"] = AlertSeverity.Critical, ["crit"] = AlertSeverity.Critical, ["page"] = AlertSeverity.Critical,
        ["p1"] = AlertSeverity.Critical, ["disaster"] = AlertSeverity.Critical, ["fatal"] = AlertSeverity.Critical,
        ["emergency"] = AlertSeverity.Critical, ["sev1"] = AlertSeverity.Critical,
        ["high"] = AlertSeverity.High, ["error"] = AlertSeverity.High, ["err"] = AlertSeverity.High,
        ["major"] = AlertSeverity.High, ["p2"] = AlertSeverity.High, ["sev2"] = AlertSeverity.High,
        ["warning"] = AlertSeverity.Medium, ["warn"] = AlertSeverity.Medium, ["medium"] = AlertSeverity.Medium,
        ["average"] = AlertSeverity.Medium, ["moderate"] = AlertSeverity.Medium, ["p3"] = AlertSeverity.Medium,
        ["sev3"] = AlertSeverity.Medium,
        ["low"] = AlertSeverity.Low, ["minor"] = AlertSeverity.Low, ["p4"] = AlertSeverity.Low, ["sev4"] = AlertSeverity.Low,
        ["info"] = AlertSeverity.Info, ["information"] = AlertSeverity.Info, ["informational"] = AlertSeverity.Info,
        ["none"] = AlertSeverity.Info, ["p5"] = AlertSeverity.Info, ["not classified"] = AlertSeverity.Info,
        ["notice"] = AlertSeverity.Info, ["planning"] = AlertSeverity.Info, ["sev5"] = AlertSeverity.Info,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the word is a known severity word (case-insensitive, surrounding blanks ignored).</summary>
    public static bool TryMap(string? word, out AlertSeverity severity)
    {
        severity = AlertSeverity.Medium;
        return !string.IsNullOrWhiteSpace(word) && Words.TryGetValue(word.Trim(), out severity);
    }

    /// <summary>Maps a word; missing and unknown words give medium.</summary>
    public static AlertSeverity Map(string? word) => TryMap(word, out var severity) ? severity : AlertSeverity.Medium;

    /// <summary>The first of several candidate fields that holds a known word; medium when none does.</summary>
    public static AlertSeverity First(string? first, string? second, string? third = null) =>
        TryMap(first, out var a) ? a : TryMap(second, out var b) ? b : Map(third);
}
