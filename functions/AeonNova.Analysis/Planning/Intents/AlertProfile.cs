using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Planning.Intents;

/// <summary>One piece of evidence: which rule matched which field, and the weight it added.</summary>
public sealed record Evidence(string Rule, EvidenceField Field, double Weight)
{
    public override string ToString() => $"{Rule} in {Field} (+{Weight})";
}

/// <summary>A classification with its score and evidence (null key = nothing matched).</summary>
public sealed record Classification(string? Key, double Score, IReadOnlyList<Evidence> Evidence, IReadOnlyList<(string Key, double Score)> Runners)
{
    public static readonly Classification None = new(null, 0, [], []);
}

/// <summary>
/// What the planner knows about an alert before it looks at runbooks: the kind of failure (intent), the technology
/// it is about, and the operating system of the target, each with the evidence that decided it.
/// </summary>
public sealed record AlertProfile(Classification Intent, Classification Technology, OsFamily Os, string OsEvidence)
{
    public IntentRule? IntentRule => Intent.Key is null ? null : IntentRules.Find(Intent.Key);

    public TechnologyRule? TechnologyRule => Technology.Key is null ? null : TechnologyRules.Find(Technology.Key);
}
