using System.Text.Json;
using AeonNova.Analysis.Model;
using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Retrieval;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;

namespace AeonNova.Workflow.Planning;

/// <summary>The analysis domain behind the workflow's planning ports: retrieval, request building, plan parsing, built-in planner.</summary>
public sealed class AnalysisPlanning : IRunbookSearch, IAnalysisRequestFactory, IModelPlanParser, IFallbackPlanner
{
    public const string ModelDisabledError = "Analysis.ModelDisabled";

    private readonly RunbookRepository _runbooks;
    private readonly RunbookRetriever _retriever;
    private readonly BuiltinPlanner _planner;
    private readonly AnalysisRequestBuilder? _requests;

    /// <param name="requests">Null when no model is configured: BuildAnalysisRequest answers useModel=false.</param>
    public AnalysisPlanning(RunbookRepository runbooks, AnalysisRequestBuilder? requests)
    {
        ArgumentNullException.ThrowIfNull(runbooks);
        _runbooks = runbooks;
        _retriever = new RunbookRetriever(runbooks);
        _planner = new BuiltinPlanner(_retriever);
        _requests = requests;
    }

    /// <summary>
    /// Loads runbooks/ (refusing a runbook whose rollback template the safety validator blocks) and, unless
    /// <paramref name="modelId"/> is empty or the built-in planner, prompts/.
    /// </summary>
    public static AnalysisPlanning Load(string runbooksDirectory, string promptsDirectory, string? modelId)
    {
        var runbooks = LoadRunbooks(runbooksDirectory);
        AnalysisRequestBuilder? requests = null;
        if (!string.IsNullOrEmpty(modelId) && !modelId.StartsWith("builtin-planner", StringComparison.Ordinal))
        {
            requests = AnalysisRequestBuilder.FromRegistry(ModelRegistry.LoadFromDirectory(promptsDirectory), modelId);
        }
        return new AnalysisPlanning(runbooks, requests);
    }

    /// <summary>The runbook catalogue, every rollback template checked by the safety validator.</summary>
    public static RunbookRepository LoadRunbooks(string runbooksDirectory) =>
        RunbookRepository.LoadFromDirectory(runbooksDirectory, new AeonNova.Safety.ScriptValidator());

    public IReadOnlyList<RunbookHit> Search(CanonicalAlert alert, int top) =>
        [.. _retriever.Search(alert, top).Select(m => new RunbookHit { Id = m.Runbook.Id, Title = m.Runbook.Title, Score = Math.Round(m.Score, 4), SettleSeconds = m.Runbook.SettleSeconds })];

    public AnalysisRequestStep Build(CanonicalAlert alert, Enrichment enrichment)
    {
        ArgumentNullException.ThrowIfNull(enrichment);
        if (_requests is null)
        {
            return new AnalysisRequestStep { UseModel = false, ModelId = _planner.ModelId };
        }
        var matches = enrichment.Runbooks
            .Select(hit => _runbooks.Find(hit.Id) is { } runbook ? new RunbookMatch(runbook, hit.Score) : null)
            .OfType<RunbookMatch>()
            .ToList();
        var request = _requests.Build(alert, matches, History(alert, enrichment));
        return new AnalysisRequestStep
        {
            UseModel = true,
            ModelId = request.ModelId,
            PromptVersion = request.PromptVersion,
            Body = request.Body, // built for this request alone: handed over, not copied
            ToolName = request.ToolName,
            RunbookIds = request.RunbookIds,
            Language = request.Language,
            EstimatedInputTokens = request.EstimatedInputTokens,
        };
    }

    public RemediationPlan Parse(CanonicalAlert alert, Enrichment enrichment, AnalysisRequestStep request, JsonElement modelResponseBody)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = new PlanContext
        {
            ModelId = request.ModelId,
            PromptVersion = request.PromptVersion,
            RunbookIds = request.RunbookIds,
            ExpectedLanguage = request.Language,
            ToolName = request.ToolName.Length > 0 ? request.ToolName : new PlanContext().ToolName,
            InputTokens = request.EstimatedInputTokens,
        };
        try
        {
            return PlanParser.Parse(modelResponseBody.GetRawText(), context);
        }
        catch (PlanParseException ex)
        {
            throw new PlanRejectedException($"model {request.ModelId} output rejected: {ex.Message}", ex);
        }
    }

    public RemediationPlan Plan(CanonicalAlert alert, Enrichment enrichment, StepError reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var plan = _planner.Plan(alert, History(alert, enrichment)).Plan;
        if (reason.Error == ModelDisabledError)
        {
            return plan;
        }
        var why = $"{reason.Error}: {reason.Cause}";
        return plan with { FallbackReason = why.Length > 500 ? why[..500] + "…" : why };
    }

    private static HostHistory History(CanonicalAlert alert, Enrichment? enrichment) => new()
    {
        Host = alert.Host,
        Entries = [.. (enrichment?.HostHistory ?? []).Select(h => new HostHistoryEntry(h.StartedAt, h.RunbookId, h.Status, "", h.Title))],
    };
}
