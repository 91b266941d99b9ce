using AeonNova.Core.Safety;

namespace AeonNova.Safety.Rules;

/// <summary>One entry of the rule catalogue (Rules/catalogue.json): what a finding means and why it matters.</summary>
public sealed record RuleDefinition
{
    public required string Id { get; init; }
    public required string Category { get; init; }
    /// <summary>The verdict a finding of this rule gives on its own (before policy).</summary>
    public required FindingSeverity Severity { get; init; }
    public required string Message { get; init; }
    public required string Rationale { get; init; }
    /// <summary>MITRE ATT&amp;CK technique id where one fits, else empty.</summary>
    public string Mitre { get; init; } = "";
    /// <summary>A routine remediation: the environment's policy decides between allow and review.</summary>
    public bool Routine { get; init; }
}

/// <summary>The catalogue file's shape.</summary>
public sealed record RuleCatalogueDocument
{
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];
}
