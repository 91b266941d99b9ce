namespace AeonNova.Analysis.Model;

/// <summary>Raw model output and the token counts the provider reported (0 when unknown).</summary>
public sealed record ModelCompletion(string Output, int InputTokens = 0, int OutputTokens = 0);

/// <summary>Port: one model call for an <see cref="AnalysisRequest"/>. Output goes to <see cref="PlanParser"/>.</summary>
public interface IPlanModelClient
{
    Task<ModelCompletion> CompleteAsync(AnalysisRequest request, CancellationToken cancellationToken = default);
}
