using System.Text.Json.Nodes;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Model;

/// <summary>
/// Everything one model call needs, already redacted and within the token budget: the prompts, the
/// Bedrock InvokeModel body for amazon.nova-pro-v1:0 (Converse message shape with the plan as a forced
/// tool), and the audit fields every resulting plan records.
/// </summary>
public sealed record AnalysisRequest
{
    public required string ModelId { get; init; }
    /// <summary>Prompt id "name@version".</summary>
    public required string PromptVersion { get; init; }
    public required string ToolName { get; init; }
    public required string SystemPrompt { get; init; }
    public required string UserPrompt { get; init; }
    public required string PlanSchemaJson { get; init; }
    /// <summary>The InvokeModel request body (Step Functions bedrock:invokeModel passes it as Body).</summary>
    public required JsonObject Body { get; init; }
    public required ScriptLanguage Language { get; init; }
    /// <summary>Ids of the runbooks included in the prompt, best first.</summary>
    public required IReadOnlyList<string> RunbookIds { get; init; }
    /// <summary>Estimated input tokens (system + user + tool schema), see <see cref="TokenEstimator"/>.</summary>
    public required int EstimatedInputTokens { get; init; }
    public required int MaxOutputTokens { get; init; }
    /// <summary>Secrets replaced, by kind.</summary>
    public required IReadOnlyDictionary<string, int> Redactions { get; init; }
    /// <summary>What was shortened or left out to fit the budget, in words.</summary>
    public required IReadOnlyList<string> Truncations { get; init; }

    public string BodyJson => Body.ToJsonString();

    /// <summary>The checks and audit fields for parsing this request's response.</summary>
    public PlanContext ToPlanContext(int inputTokens = 0, int outputTokens = 0) => new()
    {
        ModelId = ModelId,
        PromptVersion = PromptVersion,
        RunbookIds = RunbookIds,
        ExpectedLanguage = Language,
        ToolName = ToolName,
        InputTokens = inputTokens == 0 ? EstimatedInputTokens : inputTokens,
        OutputTokens = outputTokens,
    };
}
