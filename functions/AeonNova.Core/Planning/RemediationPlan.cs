namespace AeonNova.Core.Planning;

using AeonNova.Core.Safety;

/// <summary>
/// What analysis returns (built-in planner or a model), after strict parsing. Never trusted: the
/// script is always validated before anything runs.
/// </summary>
public sealed record RemediationPlan
{
    public required string Summary { get; init; }
    public required string Diagnosis { get; init; }
    /// <summary>0.0 … 1.0.</summary>
    public required double Confidence { get; init; }
    /// <summary>The runbook the plan follows, or empty for a diagnostics-only plan.</summary>
    public string RunbookId { get; init; } = "";
    public IReadOnlyList<string> Steps { get; init; } = [];
    public required PlanScript Script { get; init; }
    public string Verification { get; init; } = "";
    /// <summary>Rollback notes for humans (plain text).</summary>
    public string Rollback { get; init; } = "";
    /// <summary>
    /// The script that undoes the remediation (same language), run by the workflow when verification fails. It reads
    /// the pre-change snapshot the remediation script recorded and ends with its own check
    /// (<see cref="ExecutionState.RollbackMarker"/>). Null when no inverse exists: <see cref="NoRollbackReason"/> says why.
    /// </summary>
    public PlanScript? RollbackScript { get; init; }
    /// <summary>Why the plan has no rollback script ("no inverse: …"); empty when it has one.</summary>
    public string NoRollbackReason { get; init; } = "";
    /// <summary>low | medium | high.</summary>
    public string Risk { get; init; } = "medium";
    /// <summary>Which model produced it, e.g. "builtin-planner@1.0.0" or "amazon.nova-pro-v1:0".</summary>
    public required string Model { get; init; }
    public string PromptVersion { get; init; } = "";
    public IReadOnlyList<string> RunbookIds { get; init; } = [];
    public int InputTokens { get; init; }
    public int OutputTokens { get; init; }
    /// <summary>True when nothing applicable was found and a human must decide (diagnostics-only plan).</summary>
    public bool NeedsHuman { get; init; }
    /// <summary>Set when the plan came from a fallback (model failed or returned invalid output): why.</summary>
    public string? FallbackReason { get; init; }
}

public sealed record PlanScript
{
    public required ScriptLanguage Language { get; init; }
    public required string Body { get; init; }
}
