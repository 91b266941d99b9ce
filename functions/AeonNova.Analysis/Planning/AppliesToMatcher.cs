using AeonNova.Analysis.Retrieval;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Planning;

/// <summary>How strongly a runbook's applies-to section matches an alert.</summary>
public readonly record struct AppliesToEvidence(string? AlertNamePattern, int LabelMatches, int KeywordMatches)
{
    public bool Any => AlertNamePattern is not null || LabelMatches > 0 || KeywordMatches > 0;
}

/// <summary>
/// Evaluates applies-to: alert-name globs against the alert name and title, label globs against label values
/// (all listed labels must match to count), keywords as whole-term phrases (same tokenizer as retrieval)
/// in alert name, title, service and the start of the description.
/// </summary>
public sealed class AppliesToMatcher
{
    private const int MaxDescriptionChars = 1000;
    private readonly string[] _alertNames;
    private readonly (string Key, string Glob)[] _labels;
    private readonly string[][] _keywords;

    public AppliesToMatcher(RunbookAppliesTo appliesTo)
    {
        ArgumentNullException.ThrowIfNull(appliesTo);
        _alertNames = [.. appliesTo.AlertNames];
        _labels = [.. appliesTo.Labels.Select(l => (l.Key, l.Value))];
        _keywords = [.. appliesTo.Keywords.Select(k => Tokenizer.Tokenize(k).ToArray()).Where(t => t.Length > 0)];
    }

    public AppliesToEvidence Match(CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var alertName = AlertFieldSource.Lookup(alert.Labels, "alertname");
        string? matchedName = null;
        foreach (var glob in _alertNames)
        {
            if (GlobMatches(glob, alertName) || GlobMatches(glob, alert.Title))
            {
                matchedName = glob;
                break;
            }
        }
        var labelMatches = 0;
        foreach (var (key, glob) in _labels)
        {
            if (AlertFieldSource.Lookup(alert.Labels, key) is { } value && GlobMatches(glob, value))
            {
                labelMatches++;
            }
        }
        if (labelMatches < _labels.Length)
        {
            labelMatches = 0;
        }
        var keywordMatches = 0;
        if (_keywords.Length > 0)
        {
            var description = alert.Description.Length > MaxDescriptionChars ? alert.Description[..MaxDescriptionChars] : alert.Description;
            var haystack = Tokenizer.Tokenize($"{alertName} {alert.Title} {alert.Service} {description}");
            keywordMatches = _keywords.Count(k => ContainsSequence(haystack, k));
        }
        return new AppliesToEvidence(matchedName, labelMatches, keywordMatches);
    }

    private static bool ContainsSequence(List<string> haystack, string[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var j = 0;
            while (j < needle.Length && string.Equals(haystack[i + j], needle[j], StringComparison.Ordinal))
            {
                j++;
            }
            if (j == needle.Length)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Case-insensitive glob (<see cref="AeonNova.Core.Glob"/>); an empty or missing value never matches.</summary>
    public static bool GlobMatches(string pattern, string? text) =>
        !string.IsNullOrEmpty(text) && AeonNova.Core.Glob.IsMatch(text, pattern);
}
