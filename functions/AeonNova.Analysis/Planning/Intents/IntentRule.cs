using System.Text.RegularExpressions;

namespace AeonNova.Analysis.Planning.Intents;

/// <summary>
/// One kind of failure an alert can report ("down", "disk-space", …): phrases that say it in alert names, titles,
/// subject labels and descriptions (matched on normalised words, see <see cref="AlertText"/>), and metric names or
/// expressions that say it in the rule's query. <see cref="Examples"/> are alert names the rule must classify as
/// its own (checked by a test for every rule, and listed in the documentation).
/// </summary>
public sealed class IntentRule
{

    public IntentRule(string key, string summary, string words, string? metrics, IReadOnlyList<string> examples, bool informational = false)
    {
        Key = key;
        Summary = summary;
        Words = LinearRegex.Create($" (?:{words}) ", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        Metrics = metrics is null ? null : LinearRegex.Create(metrics, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Compiled);
        Examples = examples;
        Informational = informational;
    }

    public string Key { get; }
    public string Summary { get; }
    /// <summary>Matched against " word word … " strings (one space between words and at both ends).</summary>
    public Regex Words { get; }
    /// <summary>Matched against raw expressions and metric names.</summary>
    public Regex? Metrics { get; }
    public IReadOnlyList<string> Examples { get; }
    /// <summary>The alert reports an event that needs no fix ("has restarted", "recovered"): diagnostics only.</summary>
    public bool Informational { get; }
}
