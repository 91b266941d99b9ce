using System.Text;
using System.Text.RegularExpressions;
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
    private readonly (string Text, Regex Regex)[] _alertNames;
    private readonly (string Key, Regex Regex)[] _labels;
    private readonly string[][] _keywords;

    public AppliesToMatcher(RunbookAppliesTo appliesTo)
    {
        ArgumentNullException.ThrowIfNull(appliesTo);
        _alertNames = [.. appliesTo.AlertNames.Select(p => (p, Glob(p)))];
        _labels = [.. appliesTo.Labels.Select(l => (l.Key, Glob(l.Value)))];
        _keywords = [.. appliesTo.Keywords.Select(k => Tokenizer.Tokenize(k).ToArray()).Where(t => t.Length > 0)];
    }

    public AppliesToEvidence Match(CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var alertName = AlertFieldSource.Lookup(alert.Labels, "alertname");
        string? matchedName = null;
        foreach (var (text, regex) in _alertNames)
        {
            if (SafeMatch(regex, alertName) || SafeMatch(regex, alert.Title))
            {
                matchedName = text;
                break;
            }
        }
        var labelMatches = 0;
        foreach (var (key, regex) in _labels)
        {
            if (AlertFieldSource.Lookup(alert.Labels, key) is { } value && SafeMatch(regex, value))
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

    private static bool SafeMatch(Regex regex, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Case-insensitive glob: '*' any run, '?' one character, everything else literal.</summary>
    public static Regex Glob(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var sb = new StringBuilder(@"\A");
        foreach (var c in pattern)
        {
            sb.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        sb.Append(@"\z");
        return LinearRegex.Create(sb.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
