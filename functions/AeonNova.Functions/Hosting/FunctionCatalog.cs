using AeonNova.Core.Workflow;
using AeonNova.Functions.Handlers;

namespace AeonNova.Functions.Hosting;

/// <summary>Creates the handler of a <see cref="WorkflowContract"/> function by its logical name (in-process hosts).</summary>
public static class FunctionCatalog
{
    public static IStreamFunction Create(string name, IFunctionServices services) => name switch
    {
        "Ingest" => new IngestFunction(services),
        "ParseAlerts" => new ParseAlertsFunction(services),
        "RecordReceived" => new RecordReceivedFunction(services),
        "Enrich" => new EnrichFunction(services),
        "BuildAnalysisRequest" => new BuildAnalysisRequestFunction(services),
        "ParsePlan" => new ParsePlanFunction(services),
        "BuiltinPlanner" => new BuiltinPlannerFunction(services),
        "ValidateScript" => new ValidateScriptFunction(services),
        "PrepareApproval" => new PrepareApprovalFunction(services),
        "Escalate" => new EscalateFunction(services),
        "Verify" => new VerifyFunction(services),
        "RecordOutcome" => new RecordOutcomeFunction(services),
        "CloseOut" => new CloseOutFunction(services),
        _ => throw new ArgumentException($"no in-process handler for function '{name}' (ApprovalApi is hosted by the approvals area)", nameof(name)),
    };
}
