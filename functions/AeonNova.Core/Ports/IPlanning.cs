using System.Text.Json;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Workflow;

namespace AeonNova.Core.Ports;

/// <summary>Port: builds the model request body (redacted, delimited alert text; runbooks; prompt version).</summary>
public interface IAnalysisRequestFactory
{
    AnalysisRequestStep Build(CanonicalAlert alert, Enrichment enrichment);
}

/// <summary>Port: strict parsing of the model's response into a plan; throws <see cref="PlanRejectedException"/> on invalid output.</summary>
public interface IModelPlanParser
{
    RemediationPlan Parse(CanonicalAlert alert, Enrichment enrichment, AnalysisRequestStep request, JsonElement modelResponseBody);
}

/// <summary>Port: the built-in runbook planner, used when no model is configured or the model failed.</summary>
public interface IFallbackPlanner
{
    RemediationPlan Plan(CanonicalAlert alert, Enrichment enrichment, StepError reason);
}

/// <summary>The model's output was not a valid plan. The state machine catches it and plans with the built-in planner.</summary>
public sealed class PlanRejectedException : Exception
{
    public PlanRejectedException(string message) : base(message) { }
    public PlanRejectedException() : this("The model output is not a valid plan.") { }
    public PlanRejectedException(string message, Exception innerException) : base(message, innerException) { }
}
