using System.Text.RegularExpressions;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Planning.Intents;

/// <summary>
/// Decides an alert's intent, technology and OS from the strongest evidence. Field weights: alert name 3,
/// expression/metric 3, subject labels (service, unit, container, …) 2 for intent and 3 for technology, title 2
/// (3 when the source has no alert name), description 1. The reporter's fields (job label, instance port) count
/// for a technology only when the intent says the reporter itself went silent. Stateless and thread-safe.
/// </summary>
public static partial class AlertProfiler
{
    private static readonly TechnologyRule[] ManagedRules = [.. TechnologyRules.All.Where(r => r.Managed)];
    private static readonly Dictionary<string, TechnologyRule[]> Narrower = TechnologyRules.All
        .Where(r => r.Refines is not null).GroupBy(r => r.Refines!).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    private static readonly string[] OsKeys = ["os", "os_type", "ostype", "os_family", "platform", "target", "u_os", "kubernetes_io_os", "kubernetes.io/os", "os_name"];

    public static AlertProfile Profile(CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var text = AlertText.From(alert);
        var intent = Intent(text);
        var technology = Technology(text, intent);
        var (os, osEvidence) = ResolveOs(alert, () => technology);
        return new AlertProfile(intent, technology, os, osEvidence);
    }

    /// <summary>
    /// The OS <see cref="Profile"/> resolves, without the rest of the profile: the intent and technology (every rule's
    /// regular expressions over every field) are classified only when no label, tag, parser field or host name decides.
    /// </summary>
    public static (OsFamily Os, string Evidence) ResolveOs(CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return ResolveOs(alert, () =>
        {
            var text = AlertText.From(alert);
            return Technology(text, Intent(text));
        });
    }

    public static Classification ClassifyIntent(CanonicalAlert alert) =>
        Intent(AlertText.From(alert ?? throw new ArgumentNullException(nameof(alert))));

    private static Classification Intent(AlertText text) =>
        Classify(IntentRules.All, text, r => r.Key, r => r.Words, r => r.Metrics, intentMode: true);

    private static Classification Technology(AlertText text, Classification intent) => ClassifyTechnology(text, intent.Key == "agent-silent");

    private static Classification ClassifyTechnology(AlertText text, bool agentSilent)
    {
        var result = Refine(Classify(TechnologyRules.All, text, r => r.Key, r => r.Words, r => r.Metrics, intentMode: false), text);
        if (!agentSilent)
        {
            return result;
        }
        // The reporter went silent: now the job label and the instance port name the subject.
        var best = result;
        foreach (var rule in TechnologyRules.All.Where(r => r.IsAgent))
        {
            var evidence = new List<Evidence>();
            if (Matches(rule.Words, text.Messenger))
            {
                evidence.Add(new Evidence(rule.Key, EvidenceField.Messenger, 3));
            }
            if (rule.AgentPort is { } port && text.InstancePort == port)
            {
                evidence.Add(new Evidence(rule.Key, EvidenceField.Messenger, 2));
            }
            var existing = result.Key == rule.Key ? result.Score : 0;
            var score = existing + evidence.Sum(e => e.Weight);
            if (score > best.Score || (score == best.Score && best.Key is not null && !TechnologyRules.Find(best.Key)!.IsAgent && score > 0))
            {
                best = new Classification(rule.Key, score, [.. (result.Key == rule.Key ? result.Evidence : []), .. evidence], best.Runners);
            }
        }
        return best;
    }

    /// <summary>
    /// A managed service with any evidence wins (where the thing runs decides what can be done); otherwise a narrower
    /// technology with evidence of its own wins over the broader one it refines.
    /// </summary>
    private static Classification Refine(Classification best, AlertText text)
    {
        if (best.Key is null)
        {
            return best;
        }
        var managed = Classify(ManagedRules, text, r => r.Key, r => r.Words, r => r.Metrics, intentMode: false);
        if (managed.Key is not null)
        {
            return managed with { Runners = [(best.Key, best.Score), .. best.Runners] };
        }
        var narrower = Narrower.GetValueOrDefault(best.Key, []);
        if (narrower.Length == 0)
        {
            return best;
        }
        var scored = Classify(narrower, text, r => r.Key, r => r.Words, r => r.Metrics, intentMode: false);
        return scored.Key is null ? best : scored with { Runners = [(best.Key, best.Score), .. scored.Runners] };
    }

    private static Classification Classify<TRule>(IReadOnlyList<TRule> rules, AlertText text, Func<TRule, string> key,
        Func<TRule, Regex> words, Func<TRule, Regex?> metrics, bool intentMode)
    {
        var titleWeight = text.AlertName.Length > 1 ? 2.0 : 3.0;
        var subjectWeight = intentMode ? 2.0 : 3.0;
        var scored = new List<(string Key, double Score, List<Evidence> Evidence)>();
        foreach (var rule in rules)
        {
            var k = key(rule);
            var evidence = new List<Evidence>();
            var w = words(rule);
            if (Matches(w, text.AlertName))
            {
                evidence.Add(new Evidence(k, EvidenceField.AlertName, 3));
            }
            if (metrics(rule) is { } m && Matches(m, text.Expression))
            {
                evidence.Add(new Evidence(k, EvidenceField.Expression, 3));
            }
            if (Matches(w, text.Subject))
            {
                evidence.Add(new Evidence(k, EvidenceField.SubjectLabels, subjectWeight));
            }
            if (Matches(w, text.Title))
            {
                evidence.Add(new Evidence(k, EvidenceField.Title, titleWeight));
            }
            if (Matches(w, text.Description))
            {
                evidence.Add(new Evidence(k, EvidenceField.Description, 1));
            }
            if (evidence.Count > 0)
            {
                scored.Add((k, evidence.Sum(e => e.Weight), evidence));
            }
        }
        if (scored.Count == 0)
        {
            return Classification.None;
        }
        // Stable: equal scores keep table order.
        var ordered = scored.Select((s, i) => (s, i)).OrderByDescending(x => x.s.Score).ThenBy(x => x.i).Select(x => x.s).ToList();
        var best = ordered[0];
        return new Classification(best.Key, best.Score, best.Evidence, [.. ordered.Skip(1).Take(3).Select(s => (s.Key, s.Score))]);
    }

    private static bool Matches(Regex regex, string text)
    {
        if (text.Length <= 2)
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

    /// <summary>
    /// Explicit OS labels or tags first (os, platform, target:windows, …), then the parser's OS, then the host naming
    /// convention (WIN-…, …-win-…), then what the technology implies (IIS, SQL Server → Windows).
    /// </summary>
    private static (OsFamily Os, string Evidence) ResolveOs(CanonicalAlert alert, Func<Classification> classifyTechnology)
    {
        foreach (var key in OsKeys)
        {
            if (AlertFieldSource.Lookup(alert.Labels, key) is { } value && OsRules.FromName(value) is var fromLabel && fromLabel != OsFamily.Unknown)
            {
                return (fromLabel, $"label {key}");
            }
        }
        if (alert.Labels.Keys.Any(k => k.Equals("windows", StringComparison.OrdinalIgnoreCase)))
        {
            return (OsFamily.Windows, "tag windows");
        }
        if (alert.Os != OsFamily.Unknown)
        {
            return (alert.Os, "alert");
        }
        if (!string.IsNullOrEmpty(alert.Host) && WindowsHostName().IsMatch(alert.Host))
        {
            return (OsFamily.Windows, "host name");
        }
        var technology = classifyTechnology();
        if (technology.Key is not null && TechnologyRules.Find(technology.Key)!.Os is var hint and not OsHint.Any)
        {
            return (hint == OsHint.Windows ? OsFamily.Windows : OsFamily.Linux, $"technology {technology.Key}");
        }
        if (WindowsServiceCatalogue.FindIn(alert) is not null)
        {
            return (OsFamily.Windows, "Windows service name");
        }
        return (OsFamily.Unknown, "none");
    }

    /// <summary>Common Windows host naming: WIN-…, WIN2019-…, …-WIN-…, …-win01.</summary>
    [GeneratedRegex(@"^(?:win(?:dows)?(?:\d{2,4})?[-_]|.*[-_]win(?:\d{0,4})(?:[-_.]|$))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WindowsHostName();
}
