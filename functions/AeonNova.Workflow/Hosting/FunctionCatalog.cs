using AeonNova.Core.Workflow;
using AeonNova.Workflow.Handlers;

namespace AeonNova.Workflow.Hosting;

/// <summary>
/// Creates the step handler of a <see cref="WorkflowContract"/> function the state machine invokes, by its logical
/// name. The Lambda entry points (AeonNova.Functions) and the local engine's registry both go through here.
/// </summary>
public static class FunctionCatalog
{
    public static IStreamFunction Create(string name, IFunctionServices services) => name switch
    {
        "RecordReceived" => new RecordReceivedHandler(services),
        "Enrich" => new EnrichHandler(services),
        "BuildAnalysisRequest" => new BuildAnalysisRequestHandler(services),
        "ParsePlan" => new ParsePlanHandler(services),
        "BuiltinPlanner" => new BuiltinPlannerHandler(services),
        "ValidateScript" => new ValidateScriptHandler(services),
        "PrepareApproval" => new PrepareApprovalHandler(services),
        "Escalate" => new EscalateHandler(services),
        "CheckAlert" => new CheckAlertHandler(services),
        "Verify" => new VerifyHandler(services),
        "RecordOutcome" => new RecordOutcomeHandler(services),
        "CloseOut" => new CloseOutHandler(services),
        _ => throw new ArgumentException($"no step handler for function '{name}' (Ingest, ParseAlerts and ApprovalApi are Lambda event handlers in AeonNova.Functions)", nameof(name)),
    };
}
