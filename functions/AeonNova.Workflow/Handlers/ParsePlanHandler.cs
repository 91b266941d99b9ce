using AeonNova.Core.Observability;
using AeonNova.Core.Planning;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>
/// ParsePlan: strict parsing of the model response. Invalid output raises <see cref="PlanRejectedException"/>
/// (the Lambda error name), which the state machine catches and answers with the built-in planner.
/// </summary>
public sealed class ParsePlanHandler : StreamFunction<WorkflowState, RemediationPlan>
{
    private readonly IModelPlanParser _parser;

    private readonly WorkflowOptions _options;

    public ParsePlanHandler(IFunctionRuntimes runtimes, IModelPlanParser parser, WorkflowOptions options)
        : base(runtimes, "ParsePlan", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.RemediationPlan)
    {
        _parser = parser ?? throw new ArgumentNullException(nameof(parser));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    protected override Task<RemediationPlan> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "ParsePlan");
        invocation.Log.CorrelationId = alert.Id;
        var request = input.AnalysisRequest ?? throw new WorkflowInputException("ParsePlan: the input lacks 'analysisRequest'.");
        var response = input.ModelResponse ?? throw new PlanRejectedException("ParsePlan: the model returned no response body.");
        var plan = _options.BindExecutionState(_parser.Parse(alert, StateGuard.Enrichment(input, "ParsePlan"), request, response.Body), input.Record, alert);
        invocation.Metrics.Count(MetricNames.Plans, "model", plan.Model);
        invocation.Log.Info("plan parsed", ("model", plan.Model), ("runbook_id", plan.RunbookId), ("confidence", plan.Confidence));
        return Task.FromResult(plan);
    }
}
