using System.Text.Json;
using AeonNova.Core.Alerts;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Planning;

namespace AeonNova.Workflow.Tests.Planning;

/// <summary>
/// The model path's safety net behind ParsePlan and PlanWithBuiltinPlanner: a model answer is used only if the plan
/// parser accepts it; otherwise the built-in planner plans and the plan says why.
/// </summary>
public sealed class AnalysisPlanningTests
{
    private const string ModelId = "amazon.nova-pro-v1:0";

    private static readonly AnalysisPlanning Planning =
        AnalysisPlanning.Load(RepoFiles.Path("runbooks"), RepoFiles.Path("prompts"), ModelId);

    private static readonly CanonicalAlert Alert = new()
    {
        Id = "alert-1",
        Source = "alertmanager",
        Fingerprint = "fp-1",
        Status = AlertStatus.Firing,
        Severity = AlertSeverity.High,
        Title = "SystemdUnitFailed",
        Host = "web-1",
        Os = OsFamily.Linux,
        Labels = new Dictionary<string, string> { ["alertname"] = "SystemdUnitFailed", ["name"] = "nginx" },
        ReceivedAt = new DateTimeOffset(2026, 11, 23, 4, 0, 0, TimeSpan.Zero),
    };

    private static Enrichment Enrichment() => new()
    {
        LoopGuard = new LoopGuardResult { Tripped = false, Count = 0, Limit = 3, WindowMinutes = 60 },
        Runbooks = Planning.Search(Alert, 3),
    };

    [Theory]
    [InlineData("null", "NoPlanFound")]
    [InlineData("\"Sorry, I cannot do that.\"", "NoPlanFound")]
    [InlineData("""{"output":{"message":{"role":"assistant","content":[{"text":"{\"summ"}]}},"stopReason":"max_tokens"}""", "Truncated")]
    [InlineData("""{"choices":[{"index":0,"finish_reason":"length","message":{"role":"assistant","content":"{\"summ"}}]}""", "Truncated")]
    public void Parse_WhenTheModelOutputIsNoPlan_ShouldRejectItNamingTheModelAndTheReason(string body, string reason)
    {
        var enrichment = Enrichment();
        var request = Planning.Build(Alert, enrichment);
        using var response = JsonDocument.Parse(body);

        var ex = Assert.Throws<AeonNova.Core.Ports.PlanRejectedException>(() => Planning.Parse(Alert, enrichment, request, response.RootElement));

        Assert.True(ex.Message.StartsWith($"model {ModelId} output rejected: {reason}", StringComparison.Ordinal), ex.Message);
    }

    [Fact]
    public void Parse_WhenTheModelCallsThePlanTool_ShouldKeepTheModelsPlanAndItsTokenCounts()
    {
        var enrichment = Enrichment();
        var request = Planning.Build(Alert, enrichment);
        var arguments = JsonSerializer.Serialize(new
        {
            summary = "Restart nginx", diagnosis = "crashed", confidence = 0.6, runbookId = "systemd-service-down",
            steps = new[] { "Restart" }, script = new { language = "bash", body = "systemctl restart 'nginx'" }, risk = "low",
        });
        var completion = $$$"""
            {"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","tool_calls":[{"id":"c1","type":"function",
              "function":{"name":"{{{request.ToolName}}}","arguments":{{{JsonSerializer.Serialize(arguments)}}}}}]}}],
             "usage":{"prompt_tokens":1500,"completion_tokens":220}}
            """;
        using var response = JsonDocument.Parse(completion);

        var plan = Planning.Parse(Alert, enrichment, request, response.RootElement);

        Assert.Null(plan.FallbackReason);
        Assert.Equal(ModelId, plan.Model);
        Assert.Equal("systemd-service-down", plan.RunbookId);
        Assert.Equal(1500, plan.InputTokens);
        Assert.Equal(220, plan.OutputTokens);
    }

    [Fact]
    public void Plan_WhenTheModelStepFailed_ShouldPlanWithTheBuiltinPlannerAndSayWhy()
    {
        var plan = Planning.Plan(Alert, Enrichment(), new StepError { Error = "Bedrock.ThrottlingException", Cause = "Too many requests" });

        Assert.StartsWith("builtin-planner", plan.Model, StringComparison.Ordinal);
        Assert.Equal("Bedrock.ThrottlingException: Too many requests", plan.FallbackReason);
        Assert.Contains("systemctl restart 'nginx'", plan.Script.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenNoModelIsConfigured_ShouldPlanWithoutAFallbackReason()
    {
        var plan = Planning.Plan(Alert, Enrichment(), new StepError { Error = AnalysisPlanning.ModelDisabledError, Cause = "no model" });

        Assert.Null(plan.FallbackReason);
    }
}
