using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;

namespace AeonNova.Analysis.Model;

/// <summary>
/// Model path with a safety net: a model plan is used only if <see cref="PlanParser"/> accepts it; a failed
/// call or rejected output yields the built-in planner's plan with <see cref="RemediationPlan.FallbackReason"/>
/// saying why (and the model's prompt version and token counts kept for the audit trail).
/// </summary>
public sealed class ModelPlanner
{
    private readonly BuiltinPlanner _builtin;
    private readonly RunbookRepository _runbooks;

    public ModelPlanner(BuiltinPlanner builtin, RunbookRepository runbooks)
    {
        _builtin = builtin ?? throw new ArgumentNullException(nameof(builtin));
        _runbooks = runbooks ?? throw new ArgumentNullException(nameof(runbooks));
    }

    /// <summary>
    /// For output that arrived some other way (Step Functions' bedrock:invokeModel): parse it, or fall back.
    /// <paramref name="modelError"/> is the error the call produced instead of output, if any.
    /// </summary>
    public PlannerResult FromModelOutput(CanonicalAlert alert, string? modelOutput, PlanContext context,
        HostHistory? hostHistory = null, string? modelError = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(context);
        if (modelError is not null)
        {
            return Fallback(alert, hostHistory, context, $"model {context.ModelId} failed: {OneLine(modelError)}");
        }
        try
        {
            var plan = PlanParser.Parse(modelOutput, context);
            var runbook = plan.RunbookId.Length > 0 ? _runbooks.Find(plan.RunbookId) : null;
            return new PlannerResult(plan, runbook);
        }
        catch (PlanParseException ex)
        {
            return Fallback(alert, hostHistory, context, $"model {context.ModelId} output rejected: {ex.Message}");
        }
    }

    /// <summary>Calls the model for <paramref name="request"/>, then as <see cref="FromModelOutput"/>.</summary>
    public async Task<PlannerResult> PlanAsync(CanonicalAlert alert, AnalysisRequest request, IPlanModelClient client,
        HostHistory? hostHistory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ModelCompletion completion;
        try
        {
            completion = await client.CompleteAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException
            or System.ClientModel.ClientResultException or InvalidOperationException or System.Text.Json.JsonException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return FromModelOutput(alert, null, request.ToPlanContext(), hostHistory, $"{ex.GetType().Name}: {ex.Message}");
        }
        return FromModelOutput(alert, completion.Output, request.ToPlanContext(completion.InputTokens, completion.OutputTokens), hostHistory);
    }

    private PlannerResult Fallback(CanonicalAlert alert, HostHistory? hostHistory, PlanContext context, string reason)
    {
        var result = _builtin.Plan(alert, hostHistory);
        return result with
        {
            Plan = result.Plan with
            {
                FallbackReason = reason.Length > 500 ? reason[..500] + "…" : reason,
                PromptVersion = context.PromptVersion,
                InputTokens = context.InputTokens,
                OutputTokens = context.OutputTokens,
            },
        };
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
