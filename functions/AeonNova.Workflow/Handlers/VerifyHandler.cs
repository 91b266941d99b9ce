using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>
/// Verify: the runbook's verification result, or the alert resolved meanwhile; bounded re-checks. With phase "rollback"
/// (state VerifyRollback): is the host back to the pre-change state the script recorded?
/// </summary>
public sealed class VerifyHandler : StreamFunction<WorkflowState, VerificationStep>
{
    private readonly VerificationService _verifier;

    public VerifyHandler(IFunctionRuntimes runtimes, VerificationService verifier)
        : base(runtimes, "Verify", WorkflowJsonContext.Default.WorkflowState, WorkflowJsonContext.Default.VerificationStep) =>
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));

    protected override async Task<VerificationStep> HandleAsync(WorkflowState input, Invocation invocation)
    {
        invocation.Log.CorrelationId = StateGuard.Alert(input, "Verify").Id;
        var result = input.Phase switch
        {
            null or "" => await _verifier.VerifyAsync(input),
            "rollback" => VerificationService.VerifyRollback(input),
            _ => throw new WorkflowInputException($"Verify: unknown phase '{input.Phase}' (expected none or 'rollback')."),
        };
        invocation.Log.Info(input.Phase == "rollback" ? "rollback verification" : "verification", ("attempt", result.Attempt), ("verified", result.Verified), ("pending", result.Pending), ("method", result.Method));
        return result;
    }
}
