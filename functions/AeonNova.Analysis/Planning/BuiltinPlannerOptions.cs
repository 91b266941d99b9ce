namespace AeonNova.Analysis.Planning;

/// <summary>Tuning of the built-in planner (defaults are what the evaluation suite was measured with).</summary>
public sealed record BuiltinPlannerOptions
{
    /// <summary>Recorded in every plan as "builtin-planner@{Version}". Bump when planning behaviour changes.</summary>
    public string Version { get; init; } = BuiltinPlanner.CurrentVersion;
    /// <summary>A runbook with no applies-to evidence is chosen only when its BM25F score reaches this …</summary>
    public double MinRetrievalScore { get; init; } = 8.0;
    /// <summary>… and matches at least this many distinct query terms (one rare word is not enough).</summary>
    public int MinMatchedTerms { get; init; } = 3;
    /// <summary>Added when the runbook declares the alert's intent, and when it is written for the alert's technology.</summary>
    public double IntentBonus { get; init; } = 20.0;
    public double TechnologyBonus { get; init; } = 30.0;
    /// <summary>Bonuses added to the BM25F score for applies-to evidence.</summary>
    public double AlertNameBonus { get; init; } = 15.0;
    public double LabelBonus { get; init; } = 8.0;
    public double KeywordBonus { get; init; } = 3.0;
    /// <summary>How many runbook ids (best first) the plan records for the audit trail.</summary>
    public int RecordedRunbookIds { get; init; } = 3;
    /// <summary>Failed remediations with the same runbook on the host after which a human must decide.</summary>
    public int FailuresBeforeHuman { get; init; } = 2;
}
