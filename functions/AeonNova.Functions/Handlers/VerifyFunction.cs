using AeonNova.Core.Workflow;
using AeonNova.Functions.Hosting;
using AeonNova.Functions.Json;

namespace AeonNova.Functions.Handlers;

/// <summary>Verify: the runbook's verification result, or the alert resolved meanwhile; bounded re-checks.</summary>
public sealed class VerifyFunction : StreamFunction<WorkflowState, VerificationStep>
{
    private readonly VerificationService _verifier;

    public VerifyFunction() : this(AwsFunctionServices.FromEnvironment()) { }

    public VerifyFunction(IFunctionServices services)
        : base(RecordReceivedFunction.Check(services).Runtime("Verify"), FunctionsJsonContext.Default.WorkflowState, FunctionsJsonContext.Default.VerificationStep) =>
        _verifier = new VerificationService(services.Alerts, services.Options);

    protected override async Task<VerificationStep> HandleAsync(WorkflowState input, Invocation invocation)
    {
        invocation.Log.CorrelationId = StateGuard.Alert(input, "Verify").Id;
        var result = await _verifier.VerifyAsync(input);
        invocation.Log.Info("verification", ("attempt", result.Attempt), ("verified", result.Verified), ("pending", result.Pending), ("method", result.Method));
        return result;
    }
}
