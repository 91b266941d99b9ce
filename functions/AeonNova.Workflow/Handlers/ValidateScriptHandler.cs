using AeonNova.Core.Observability;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>ValidateScript: safety report + policy decision (block | auto | approval) + the exact SSM command.</summary>
public sealed class ValidateScriptHandler : StreamFunction<WorkflowState, SafetyStep>
{
    private readonly SafetyGate _gate;

    public ValidateScriptHandler(IFunctionRuntimes runtimes, SafetyGate gate)
        : base(runtimes, "ValidateScript", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.SafetyStep) =>
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));

    protected override Task<SafetyStep> HandleAsync(WorkflowState input, Invocation invocation)
    {
        var alert = StateGuard.Alert(input, "ValidateScript");
        invocation.Log.CorrelationId = alert.Id;
        var safety = _gate.Evaluate(alert, StateGuard.Plan(input, "ValidateScript"), input.Record?.ExecutionName ?? "");
        if (safety.Decision == SafetyDecisions.Block)
        {
            invocation.Metrics.Count(MetricNames.ScriptsBlocked);
        }
        invocation.Log.Info("script validated",
            ("verdict", safety.Report.Verdict.ToString().ToLowerInvariant()),
            ("risk_score", safety.Report.RiskScore),
            ("decision", safety.Decision),
            ("script_sha256", safety.ScriptSha256));
        return Task.FromResult(safety);
    }
}
