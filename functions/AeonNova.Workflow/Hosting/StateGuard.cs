using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Workflow;

namespace AeonNova.Workflow.Hosting;

/// <summary>Required members of the workflow state, with a message naming the function and the missing field.</summary>
public static class StateGuard
{
    public static CanonicalAlert Alert(WorkflowState state, string function) =>
        state?.Alert ?? throw Missing(function, "alert");

    public static ExecutionRef Record(WorkflowState state, string function) =>
        state?.Record ?? throw Missing(function, "record");

    public static Enrichment Enrichment(WorkflowState state, string function) =>
        state?.Enrichment ?? throw Missing(function, "enrichment");

    public static RemediationPlan Plan(WorkflowState state, string function) =>
        state?.Plan ?? throw Missing(function, "plan");

    public static SafetyStep Safety(WorkflowState state, string function) =>
        state?.Safety ?? throw Missing(function, "safety");

    private static WorkflowInputException Missing(string function, string field) =>
        new($"{function}: the input lacks '{field}' (check the state's Parameters in remediation.asl.json).");
}
