using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;

namespace AeonNova.Workflow.Handlers;

/// <summary>BuildAnalysisRequest: the model request body (Bedrock invokeModel Body), or useModel=false.</summary>
public sealed class BuildAnalysisRequestHandler : StreamFunction<WorkflowState, AnalysisRequestStep>
{
    private readonly IAnalysisRequestFactory _factory;

    public BuildAnalysisRequestHandler(IFunctionServices services)
        : base(FunctionServices.Require(services).Runtime("BuildAnalysisRequest"), WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.AnalysisRequestStep) =>
        _factory = services.AnalysisRequests;

    protected override Task<AnalysisRequestStep> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "BuildAnalysisRequest");
        invocation.Log.CorrelationId = alert.Id;
        var request = _factory.Build(alert, StateGuard.Enrichment(input, "BuildAnalysisRequest"));
        invocation.Log.Info("analysis request built", ("use_model", request.UseModel), ("prompt_version", request.PromptVersion));
        return Task.FromResult(request);
    }
}
