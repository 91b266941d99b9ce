using AeonNova.Core.Observability;
using AeonNova.Core.Planning;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>BuiltinPlanner (state PlanWithBuiltinPlanner): plans from runbooks when the model is off, failed or returned garbage.</summary>
public sealed class BuiltinPlannerHandler : StreamFunction<WorkflowState, RemediationPlan>
{
    private readonly IFallbackPlanner _planner;

    private readonly WorkflowOptions _options;

    public BuiltinPlannerHandler(IFunctionRuntimes runtimes, IFallbackPlanner planner, WorkflowOptions options)
        : base(runtimes, "BuiltinPlanner", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.RemediationPlan)
    {
        _planner = planner ?? throw new ArgumentNullException(nameof(planner));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    protected override Task<RemediationPlan> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "BuiltinPlanner");
        invocation.Log.CorrelationId = alert.Id;
        var reason = input.AnalysisError ?? new StepError { Error = "Analysis.Unknown", Cause = "" };
        var plan = _options.BindExecutionState(_planner.Plan(alert, StateGuard.Enrichment(input, "BuiltinPlanner"), reason), input.Record, alert);
        invocation.Metrics.Count(MetricNames.Plans, "model", plan.Model);
        if (reason.Error != "Analysis.ModelDisabled")
        {
            invocation.Metrics.Count(MetricNames.PlanFallbacks);
        }
        invocation.Log.Info("built-in plan", ("reason", reason.Error), ("runbook_id", plan.RunbookId), ("needs_human", plan.NeedsHuman));
        return Task.FromResult(plan);
    }
}
