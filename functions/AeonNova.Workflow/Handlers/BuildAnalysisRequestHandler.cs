using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>BuildAnalysisRequest: the model request body (Bedrock invokeModel Body), or useModel=false.</summary>
public sealed class BuildAnalysisRequestHandler : StreamFunction<WorkflowState, AnalysisRequestStep>
{
    private readonly IAnalysisRequestFactory _factory;

    public BuildAnalysisRequestHandler(IFunctionRuntimes runtimes, IAnalysisRequestFactory factory)
        : base(runtimes, "BuildAnalysisRequest", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.AnalysisRequestStep) =>
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    protected override Task<AnalysisRequestStep> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "BuildAnalysisRequest");
        invocation.Log.CorrelationId = alert.Id;
        var request = _factory.Build(alert, StateGuard.Enrichment(input, "BuildAnalysisRequest"));
        invocation.Log.Info("analysis request built", ("use_model", request.UseModel), ("prompt_version", request.PromptVersion));
        return Task.FromResult(request);
    }
}
