using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Hosting;
using AeonNova.Functions.Json;

namespace AeonNova.Functions.Handlers;

/// <summary>BuildAnalysisRequest: the model request body (Bedrock invokeModel Body), or useModel=false.</summary>
public sealed class BuildAnalysisRequestFunction : StreamFunction<WorkflowState, AnalysisRequestStep>
{
    private readonly IAnalysisRequestFactory _factory;

    public BuildAnalysisRequestFunction() : this(AwsFunctionServices.FromEnvironment()) { }

    public BuildAnalysisRequestFunction(IFunctionServices services)
        : base(RecordReceivedFunction.Check(services).Runtime("BuildAnalysisRequest"), FunctionsJsonContext.Default.WorkflowState, FunctionsJsonContext.Default.AnalysisRequestStep) =>
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
