using AeonNova.Core.Workflow;
using AeonNova.Functions.Hosting;
using AeonNova.Functions.Json;
using AeonNova.Functions.Observability;

namespace AeonNova.Functions.Handlers;

/// <summary>ValidateScript: safety report + policy decision (block | auto | approval) + the exact SSM command.</summary>
public sealed class ValidateScriptFunction : StreamFunction<WorkflowState, SafetyStep>
{
    private readonly SafetyGate _gate;

    public ValidateScriptFunction() : this(AwsFunctionServices.FromEnvironment()) { }

    public ValidateScriptFunction(IFunctionServices services)
        : base(RecordReceivedFunction.Check(services).Runtime("ValidateScript"), FunctionsJsonContext.Default.WorkflowState, FunctionsJsonContext.Default.SafetyStep) =>
        _gate = new SafetyGate(services.Validator, services.Options);

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
