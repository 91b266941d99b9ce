using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Runbooks;

/// <summary>
/// One SOP from runbooks/*.md: YAML front matter (identity, applicability, parameters) plus Markdown sections
/// holding the script templates per language. Immutable once loaded.
/// </summary>
public sealed record Runbook
{
    /// <summary>Kebab-case id, equal to the file name without ".md".</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>What the SOP is about, one paragraph (the Markdown text before the first section).</summary>
    public string Summary { get; init; } = "";
    /// <summary>Operating systems the SOP has templates for: "linux", "windows".</summary>
    public required IReadOnlyList<string> Os { get; init; }
    /// <summary>low | medium | high: the risk of the remediation part.</summary>
    public required string Risk { get; init; }
    /// <summary>
    /// The kinds of failure the SOP fixes (keys of <see cref="AeonNova.Analysis.Planning.Intents.IntentRules"/>). The
    /// planner only considers runbooks of the alert's intent; a runbook without intents is matched on evidence alone.
    /// </summary>
    public IReadOnlyList<string> Intents { get; init; } = [];
    /// <summary>
    /// The technologies the SOP is written for (keys of <see cref="AeonNova.Analysis.Planning.Intents.TechnologyRules"/>);
    /// empty = generic (any host or service of its intent).
    /// </summary>
    public IReadOnlyList<string> Technologies { get; init; } = [];
    public required RunbookAppliesTo AppliesTo { get; init; }
    public IReadOnlyList<RunbookParameter> Parameters { get; init; } = [];
    /// <summary>Human-readable steps (may contain {{parameter}} placeholders, rendered as plain values).</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];
    /// <summary>Script templates per language and section.</summary>
    public required IReadOnlyDictionary<ScriptLanguage, RunbookScripts> Scripts { get; init; }
    /// <summary>Rollback notes (plain text).</summary>
    public string Rollback { get; init; } = "";
    /// <summary>
    /// Why the fix has no inverse (the "No inverse: …" line of "## Rollback"), e.g. deleted files; empty when every
    /// language with a remediation has a rollback template.
    /// </summary>
    public string NoInverse { get; init; } = "";
    /// <summary>Front matter <c>settle-seconds</c>: the settle window for alerts this runbook matches best, over the per-severity default; null = the default.</summary>
    public int? SettleSeconds { get; init; }
    /// <summary>The whole Markdown body (indexed for retrieval, sent to models).</summary>
    public string Body { get; init; } = "";
    /// <summary>Path of the source file, for error messages and the CLI.</summary>
    public string SourcePath { get; init; } = "";

    public bool Supports(ScriptLanguage language) => Scripts.ContainsKey(language);
}

/// <summary>When a runbook applies (front matter key applies-to). Patterns are case-insensitive globs ('*', '?').</summary>
public sealed record RunbookAppliesTo
{
    /// <summary>Matched against the alert name (labels.alertname, else the title).</summary>
    public IReadOnlyList<string> AlertNames { get; init; } = [];
    /// <summary>Label key → glob the label value must match ("*" = label present).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Words or phrases that indicate the runbook (also boosted in retrieval).</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];
}

/// <summary>A value the planner extracts from the alert and renders, quoted, into the templates.</summary>
public sealed record RunbookParameter
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Where to look, in order (see <see cref="AeonNova.Analysis.Planning.AlertFieldSource"/>).</summary>
    public required IReadOnlyList<string> From { get; init; }
    /// <summary>Full-match regular expression every value must satisfy before it is quoted.</summary>
    public required string Pattern { get; init; }
    /// <summary>
    /// <see cref="Pattern"/> and <see cref="From"/> as the loader compiled them while checking the file, so the
    /// planner does not build the same regular expressions a second time; null for a parameter built in code
    /// (the planner compiles it then).
    /// </summary>
    public System.Text.RegularExpressions.Regex? CompiledPattern { get; init; }
    public IReadOnlyList<AeonNova.Analysis.Planning.AlertFieldSource>? Sources { get; init; }
    public string? Default { get; init; }
    /// <summary>A typical value (documentation, and the value the safety test renders templates with).</summary>
    public string? Example { get; init; }
    public bool Required { get; init; } = true;
    /// <summary>"string" (quoted) or "integer" (digits only, rendered bare).</summary>
    public string Type { get; init; } = "string";
}

/// <summary>Template text for one language. Empty remediation means the SOP leaves the fix to a human.</summary>
public sealed record RunbookScripts
{
    public string Diagnostics { get; init; } = "";
    public string Remediation { get; init; } = "";
    public string Verification { get; init; } = "";
    /// <summary>
    /// Undoes <see cref="Remediation"/> from the snapshot it recorded under $AEONNOVA_STATE_DIR and ends with its own
    /// check (AEONNOVA_ROLLBACK=ok|failed). Empty when the runbook states "No inverse".
    /// </summary>
    public string Rollback { get; init; } = "";
}
