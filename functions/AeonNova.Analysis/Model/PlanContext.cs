using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Model;

/// <summary>
/// What the caller knows about a model response, used to check it and to fill the plan's audit fields.
/// </summary>
public sealed record PlanContext
{
    public string ModelId { get; init; } = "unknown-model";
    public string PromptVersion { get; init; } = "";
    /// <summary>The runbooks the model was shown; a plan naming another runbook is rejected. Empty = no check.</summary>
    public IReadOnlyList<string> RunbookIds { get; init; } = [];
    /// <summary>The language the host needs; a plan in another language is rejected. Null = no check.</summary>
    public ScriptLanguage? ExpectedLanguage { get; init; }
    /// <summary>The plan tool's name; a tool call to another tool is rejected.</summary>
    public string ToolName { get; init; } = "submit_remediation_plan";
    /// <summary>Token counts when the transport knows them (the response's usage block overrides).</summary>
    public int InputTokens { get; init; }
    public int OutputTokens { get; init; }
}
