using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AeonNova.Analysis.Planning.Intents;
using AeonNova.Analysis.Retrieval;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Planning;

/// <summary>The planner's answer: the plan and the runbook it follows (null for a diagnostics-only plan).</summary>
public sealed record PlannerResult(RemediationPlan Plan, Runbook? Runbook);

/// <summary>
/// The embedded default planner: no model. It ranks runbooks by applies-to evidence plus BM25F retrieval,
/// keeps those with templates for the alert's language (windows → PowerShell, otherwise bash), extracts the
/// parameters (validated, then quoted) and renders diagnostics, remediation and verification into one script.
/// Alert text never reaches a plan except as validated parameter values. Nothing applicable, or a parameter
/// that cannot be extracted safely → a diagnostics-only plan with NeedsHuman = true.
/// Immutable and thread-safe; build once and share.
/// </summary>
public sealed partial class BuiltinPlanner
{
    public const string CurrentVersion = "1.0.0";

    private readonly RunbookRetriever _retriever;
    private readonly BuiltinPlannerOptions _options;
    private readonly CompiledRunbook[] _compiled;

    public BuiltinPlanner(RunbookRepository repository, BuiltinPlannerOptions? options = null)
        : this(new RunbookRetriever(repository ?? throw new ArgumentNullException(nameof(repository))), options)
    {
    }

    public BuiltinPlanner(RunbookRetriever retriever, BuiltinPlannerOptions? options = null)
    {
        _retriever = retriever ?? throw new ArgumentNullException(nameof(retriever));
        _options = options ?? new BuiltinPlannerOptions();
        _compiled = [.. retriever.Runbooks.Select(r => new CompiledRunbook(r))];
    }

    /// <summary>"builtin-planner@&lt;version&gt;", the model id recorded in plans.</summary>
    public string ModelId => $"builtin-planner@{_options.Version}";

    public RunbookRetriever Retriever => _retriever;

    /// <summary>The script language for an alert: windows → PowerShell, linux and unknown → bash (OS from the profile).</summary>
    public static ScriptLanguage LanguageFor(CanonicalAlert alert) =>
        LanguageFor(AlertProfiler.ResolveOs(alert ?? throw new ArgumentNullException(nameof(alert))).Os);

    public static ScriptLanguage LanguageFor(AlertProfile profile) =>
        LanguageFor((profile ?? throw new ArgumentNullException(nameof(profile))).Os);

    private static ScriptLanguage LanguageFor(OsFamily os) => os == OsFamily.Windows ? ScriptLanguage.PowerShell : ScriptLanguage.Bash;

    public PlannerResult Plan(CanonicalAlert alert, HostHistory? hostHistory = null) => Explain(alert, hostHistory).Result;

    /// <summary>The plan plus why: the alert's profile (intent, technology, OS), the ranked candidates and the extraction.</summary>
    public PlannerExplanation Explain(CanonicalAlert alert, HostHistory? hostHistory = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var profile = AlertProfiler.Profile(alert);
        var language = LanguageFor(profile);
        if (profile.IntentRule is { Informational: true } info)
        {
            var result = new PlannerResult(DiagnosticsOnly(alert, language, [],
                $"The alert reports an event, not a failure (intent '{info.Key}': {Evidence(profile.Intent)}); nothing to fix, the script only collects diagnostics."), null);
            return new PlannerExplanation(profile, language, [], null, result);
        }
        var ranked = Rank(alert, profile, language);
        var recorded = ranked.Take(_options.RecordedRunbookIds).Select(c => c.Runbook.Id).ToList();
        if (ranked.Count == 0)
        {
            return new PlannerExplanation(profile, language, ranked, null,
                new PlannerResult(DiagnosticsOnly(alert, language, recorded, NoRunbookReason(profile, language)), null));
        }
        var best = ranked[0];
        var compiled = _compiled[best.Index];
        var extraction = compiled.Extractor.Extract(alert, profile);
        var placeholders = compiled.Placeholders[language];
        if (extraction.Missing.Any(placeholders.Diagnostics.Contains))
        {
            var why = new StringBuilder($"Runbook '{best.Runbook.Id}' applies, but ");
            why.Append(CultureInfo.InvariantCulture, $"no safe value was found for: {string.Join(", ", extraction.Missing)}.");
            if (extraction.Rejected.Count > 0)
            {
                why.Append(CultureInfo.InvariantCulture, $" Rejected: {string.Join("; ", extraction.Rejected)}.");
            }
            return new PlannerExplanation(profile, language, ranked, extraction,
                new PlannerResult(DiagnosticsOnly(alert, language, recorded, why.ToString()), null));
        }
        return new PlannerExplanation(profile, language, ranked, extraction,
            new PlannerResult(Render(alert, language, best, placeholders, extraction, recorded, hostHistory), best.Runbook));
    }

    /// <summary>Eligible runbooks for the alert, best first (combined score, then id).</summary>
    public IReadOnlyList<PlannerCandidate> Rank(CanonicalAlert alert, ScriptLanguage language) =>
        Rank(alert, AlertProfiler.Profile(alert ?? throw new ArgumentNullException(nameof(alert))), language);

    /// <summary>
    /// Intent before topic: a runbook that declares intents is eligible only for an alert of one of them; a runbook
    /// written for technologies only for an alert about one of them (a generic one for any, unless the technology is
    /// not a host, such as a Kubernetes object). Among the eligible, the technology-specific runbook comes first, then
    /// applies-to evidence and BM25F decide.
    /// </summary>
    public IReadOnlyList<PlannerCandidate> Rank(CanonicalAlert alert, AlertProfile profile, ScriptLanguage language)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(profile);
        var matched = new int[_compiled.Length];
        var scores = _retriever.ScoreAll(alert, matched);
        var intent = profile.Intent.Key;
        var technology = profile.TechnologyRule;
        var candidates = new List<PlannerCandidate>();
        for (var i = 0; i < _compiled.Length; i++)
        {
            var runbook = _compiled[i].Runbook;
            if (!runbook.Supports(language))
            {
                continue;
            }
            var declaresIntent = runbook.Intents.Count > 0;
            if (declaresIntent && (intent is null || !runbook.Intents.Contains(intent)))
            {
                continue;
            }
            var specific = runbook.Technologies.Count > 0;
            if (specific ? technology is null || !runbook.Technologies.Contains(technology.Key) : technology is { HostRunbooks: false })
            {
                continue;
            }
            var evidence = _compiled[i].Matcher.Match(alert);
            if (!declaresIntent && !evidence.Any && (scores[i] < _options.MinRetrievalScore || matched[i] < _options.MinMatchedTerms))
            {
                continue;
            }
            var combined = scores[i]
                + (declaresIntent ? _options.IntentBonus : 0)
                + (specific ? _options.TechnologyBonus : 0)
                + (evidence.AlertNamePattern is null ? 0 : _options.AlertNameBonus)
                + (evidence.LabelMatches * _options.LabelBonus)
                + (Math.Min(evidence.KeywordMatches, 3) * _options.KeywordBonus);
            candidates.Add(new PlannerCandidate(i, runbook, scores[i], combined, evidence)
            {
                IntentMatched = declaresIntent,
                TechnologyMatched = specific,
            });
        }
        candidates.Sort(static (a, b) =>
        {
            var byScore = b.Combined.CompareTo(a.Combined);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Runbook.Id, b.Runbook.Id);
        });
        return candidates;
    }

    private static string NoRunbookReason(AlertProfile profile, ScriptLanguage language)
    {
        var os = language == ScriptLanguage.PowerShell ? "Windows (PowerShell)" : "Linux (bash)";
        if (profile.Intent.Key is null)
        {
            return $"No runbook applies: could not tell what kind of failure the alert reports (no intent rule matched) on {os}; a human decides.";
        }
        var technology = profile.Technology.Key is null ? "" : $" about '{profile.Technology.Key}' ({Evidence(profile.Technology)})";
        return $"No runbook applies for intent '{profile.Intent.Key}' ({Evidence(profile.Intent)}){technology} on {os}: a human decides.";
    }

    private static string Evidence(Classification c) =>
        string.Join(", ", c.Evidence.Select(e => e.Field switch
        {
            EvidenceField.AlertName => "alert name",
            EvidenceField.Expression => "expression",
            EvidenceField.SubjectLabels => "service labels",
            EvidenceField.Title => "title",
            EvidenceField.Description => "description",
            _ => "reporter",
        }).Distinct());

    private RemediationPlan Render(CanonicalAlert alert, ScriptLanguage language, PlannerCandidate chosen,
        TemplatePlaceholders placeholders, ParameterExtraction extraction, List<string> recorded, HostHistory? history)
    {
        var runbook = chosen.Runbook;
        var templates = runbook.Scripts[language];
        var values = extraction.Values;
        string Script(string template) => TemplateRenderer.RenderScript(template, values, runbook.Parameters, language);

        // A parameter only the fix needs is missing: keep the runbook's diagnostics, leave the fix to a human.
        var fixMissing = extraction.Missing.Where(placeholders.Remediation.Contains).ToList();
        var verificationMissing = extraction.Missing.Any(placeholders.Verification.Contains);
        var diagnostics = Script(templates.Diagnostics);
        var remediation = fixMissing.Count == 0 ? Script(templates.Remediation) : "";
        var verification = fixMissing.Count == 0 && !verificationMissing ? Script(templates.Verification) : "";
        var (rollback, noRollback) = RollbackFor(runbook, templates, remediation, placeholders, extraction, Script);
        var host = TargetHost(alert, chosen.Runbook);
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"# AeonNova plan: {runbook.Title} (runbook {runbook.Id}, {ModelId})\n")
            .Append(CultureInfo.InvariantCulture, $"# Target host: {host}\n\n")
            .Append("# --- Diagnostics ---\n").Append(diagnostics).Append("\n\n");
        if (remediation.Length > 0)
        {
            body.Append("# --- Remediation ---\n").Append(remediation).Append("\n\n");
        }
        if (verification.Length > 0)
        {
            body.Append("# --- Verification ---\n").Append(verification).Append('\n');
        }

        var parameterText = string.Join(", ", runbook.Parameters.Where(p => values.ContainsKey(p.Name)).Select(p => $"{p.Name}={values[p.Name]}"));
        var steps = runbook.Steps.Count > 0 && fixMissing.Count == 0 && !extraction.Missing.Any(placeholders.Steps.Contains)
            ? runbook.Steps.Select(s => TemplateRenderer.RenderText(s, values)).ToList()
            : ["Run the diagnostics.", remediation.Length > 0 ? "Apply the remediation." : "A human decides the fix from the diagnostics.", "Run the verification."];
        var needsHuman = remediation.Length == 0;
        var confidence = chosen.Evidence switch
        {
            _ when chosen.IntentMatched && chosen.TechnologyMatched => 0.9,
            { AlertNamePattern: not null } => 0.9,
            _ when chosen.IntentMatched => 0.8,
            { LabelMatches: > 0 } => 0.85,
            { KeywordMatches: >= 2 } => 0.75,
            { KeywordMatches: 1 } => 0.65,
            _ => 0.5,
        };
        if (extraction.Origins.Values.Any(o => o == "default"))
        {
            confidence -= 0.1;
        }
        var diagnosis = new StringBuilder(runbook.Summary);
        diagnosis.Append(CultureInfo.InvariantCulture, $" Runbook '{runbook.Id}' chosen by {Describe(chosen)}.");
        if (fixMissing.Count > 0)
        {
            diagnosis.Append(CultureInfo.InvariantCulture,
                $" The fix needs {string.Join(", ", fixMissing)}, which the alert does not provide safely: the script only collects diagnostics.");
            if (extraction.Rejected.Count > 0)
            {
                diagnosis.Append(CultureInfo.InvariantCulture, $" Rejected by the parameter pattern: {string.Join("; ", extraction.Rejected)}.");
            }
        }
        else if (needsHuman)
        {
            diagnosis.Append(" The runbook leaves the fix to a human: the script only collects diagnostics.");
        }
        var failures = history?.Entries.Count(e => e.RunbookId == runbook.Id && e.Outcome == "failed") ?? 0;
        if (failures >= _options.FailuresBeforeHuman)
        {
            needsHuman = true;
            confidence /= 2;
            diagnosis.Append(CultureInfo.InvariantCulture,
                $" {failures} earlier remediations with this runbook on this host failed: a human should decide before repeating it.");
            steps.Insert(0, "Review why the earlier remediations with this runbook failed on this host.");
        }
        return new RemediationPlan
        {
            Summary = runbook.Title + OnHost(host) + (parameterText.Length > 0 ? $" ({parameterText})" : ""),
            Diagnosis = diagnosis.ToString().Trim(),
            Confidence = Math.Round(Math.Clamp(confidence, 0, 1), 2),
            RunbookId = runbook.Id,
            Steps = steps,
            Script = new PlanScript { Language = language, Body = body.ToString() },
            Verification = verification,
            Rollback = runbook.Rollback,
            RollbackScript = rollback is null ? null : new PlanScript { Language = language, Body = rollback },
            NoRollbackReason = noRollback,
            Risk = runbook.Risk,
            Model = ModelId,
            RunbookIds = recorded,
            NeedsHuman = needsHuman,
        };
    }

    /// <summary>
    /// The runbook's rollback template, rendered with the same values as the fix, or why the plan has none: no fix,
    /// "no inverse" in the runbook, or a value only the rollback needs is missing.
    /// </summary>
    private static (string? Rollback, string Reason) RollbackFor(Runbook runbook, RunbookScripts templates, string remediation,
        TemplatePlaceholders placeholders, ParameterExtraction extraction, Func<string, string> script)
    {
        if (remediation.Length == 0)
        {
            return (null, "no inverse: the plan only collects diagnostics and changes nothing");
        }
        if (templates.Rollback.Length == 0)
        {
            return (null, "no inverse: " + (runbook.NoInverse.Length > 0 ? runbook.NoInverse : $"runbook '{runbook.Id}' has no rollback"));
        }
        var missing = extraction.Missing.Where(placeholders.Rollback.Contains).ToList();
        return missing.Count > 0
            ? (null, $"no rollback: it needs {string.Join(", ", missing)}, which the alert does not provide safely")
            : (script(templates.Rollback), "");
    }

    private static string OnHost(string host) => host.StartsWith("a workstation", StringComparison.Ordinal) ? "" : $" on {host}";

    private RemediationPlan DiagnosticsOnly(CanonicalAlert alert, ScriptLanguage language, List<string> recorded, string why)
    {
        var host = SafeHost(alert.Host);
        var body = $"# AeonNova plan: diagnostics only ({ModelId}); a human decides the fix.\n# Target host: {host}\n\n"
            + (language == ScriptLanguage.PowerShell ? GenericDiagnostics.PowerShell : GenericDiagnostics.Bash);
        return new RemediationPlan
        {
            Summary = $"Collect diagnostics on {host} and escalate to a human",
            Diagnosis = why,
            Confidence = 0.1,
            RunbookId = "",
            Steps =
            [
                "Run the read-only diagnostics.",
                "A human reviews the output and decides the fix.",
                "Consider writing a runbook for this alert.",
            ],
            Script = new PlanScript { Language = language, Body = body },
            Verification = "",
            Rollback = "Nothing to roll back: the script only reads.",
            NoRollbackReason = "no inverse: the script only reads",
            Risk = "low",
            Model = ModelId,
            RunbookIds = recorded,
            NeedsHuman = true,
        };
    }

    private static string Describe(PlannerCandidate c)
    {
        var parts = new List<string>();
        if (c.IntentMatched)
        {
            parts.Add($"intent '{string.Join("/", c.Runbook.Intents)}'");
        }
        if (c.TechnologyMatched)
        {
            parts.Add($"technology '{string.Join("/", c.Runbook.Technologies)}'");
        }
        if (c.Evidence.AlertNamePattern is { } pattern)
        {
            parts.Add($"alert-name pattern '{pattern}'");
        }
        if (c.Evidence.LabelMatches > 0)
        {
            parts.Add($"{c.Evidence.LabelMatches} label match(es)");
        }
        if (c.Evidence.KeywordMatches > 0)
        {
            parts.Add($"{c.Evidence.KeywordMatches} keyword(s)");
        }
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"retrieval score {c.RetrievalScore:0.00}"));
        return string.Join(", ", parts);
    }

    /// <summary>
    /// Runbooks for things that are not hosts (Kubernetes objects) run where their CLI reaches the cluster: the
    /// alert's host is then the reporter (kube-state-metrics), never the target.
    /// </summary>
    private static string TargetHost(CanonicalAlert alert, Runbook runbook) =>
        runbook.Technologies.Count > 0 && runbook.Technologies.All(t => TechnologyRules.Find(t) is { HostRunbooks: false })
            ? "a workstation with kubectl access to the cluster (the alert's instance is the reporter, not the target)"
            : SafeHost(alert.Host);

    /// <summary>The host as it may appear in plan text: a plain host name or resource id, else "the affected host".</summary>
    public static string SafeHost(string host) =>
        !string.IsNullOrEmpty(host) && HostPattern().IsMatch(host) ? host : "the affected host";

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,252}\z")]
    private static partial Regex HostPattern();
}

/// <summary>Per-runbook structures built once: matcher, extractor and which parameters each section uses.</summary>
internal sealed class CompiledRunbook
{
    public CompiledRunbook(Runbook runbook)
    {
        Runbook = runbook;
        Matcher = new AppliesToMatcher(runbook.AppliesTo);
        Extractor = new ParameterExtractor(runbook);
        var steps = Names(string.Join('\n', runbook.Steps));
        Placeholders = runbook.Scripts.ToDictionary(s => s.Key, s => new TemplatePlaceholders(
            Names(s.Value.Diagnostics), Names(s.Value.Remediation), Names(s.Value.Verification), steps, Names(s.Value.Rollback)));
    }

    public Runbook Runbook { get; }
    public AppliesToMatcher Matcher { get; }
    public ParameterExtractor Extractor { get; }
    public IReadOnlyDictionary<ScriptLanguage, TemplatePlaceholders> Placeholders { get; }

    private static HashSet<string> Names(string template) =>
        [.. RunbookLoader.PlaceholderPattern().Matches(template).Select(m => m.Groups[1].Value)];
}

internal sealed record TemplatePlaceholders(
    HashSet<string> Diagnostics, HashSet<string> Remediation, HashSet<string> Verification, HashSet<string> Steps, HashSet<string> Rollback);

/// <summary>A runbook eligible for an alert with its scores (for diagnostics and the evaluation suite).</summary>
public sealed record PlannerCandidate(int Index, Runbook Runbook, double RetrievalScore, double Combined, AppliesToEvidence Evidence)
{
    /// <summary>The runbook declares the alert's intent.</summary>
    public bool IntentMatched { get; init; }
    /// <summary>The runbook is written for the alert's technology.</summary>
    public bool TechnologyMatched { get; init; }
}

