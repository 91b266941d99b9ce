using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Analysis.Model;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Tests.Model;

[Trait("Category", "Integration")]
public class OpenAiCompatiblePlanModelTests
{
    private static readonly ModelRegistry Registry = ModelRegistry.LoadFromDirectory(RepoFiles.Path("prompts"));
    private static readonly ModelConfig Llama = Registry.Model("llama3.1:8b");

    private const string PlanArguments = """
        {"summary":"Restart nginx","diagnosis":"nginx crashed","confidence":0.7,"runbookId":"systemd-service-down",
         "steps":["Restart"],"script":{"language":"bash","body":"systemctl restart 'nginx'"},"risk":"low"}
        """;

    private static CanonicalAlert Alert() => TestData.Alert("SystemdUnitFailed",
        labels: new Dictionary<string, string> { ["alertname"] = "SystemdUnitFailed", ["name"] = "nginx" });

    private static string Completion(string arguments) => new JsonObject
    {
        ["id"] = "chatcmpl-1",
        ["object"] = "chat.completion",
        ["created"] = 1795256000,
        ["model"] = "llama3.1:8b",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["finish_reason"] = "tool_calls",
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["id"] = "call_1",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = "submit_remediation_plan", ["arguments"] = arguments },
                }),
            },
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 1500, ["completion_tokens"] = 220, ["total_tokens"] = 1720 },
    }.ToJsonString();

    private static (ModelPlanner Planner, AnalysisRequest Request) Setup(CanonicalAlert alert)
    {
        var builder = new AnalysisRequestBuilder(Llama, Registry.PromptFor(Llama));
        var request = builder.Build(alert, TestData.Planner.Retriever.Search(alert, 3));
        return (new ModelPlanner(TestData.Planner, TestData.Runbooks), request);
    }

    [Fact]
    public async Task PlanAsync_WhenServerReturnsToolCall_ShouldSendForcedToolAndReturnTheModelPlan()
    {
        await using var server = new FakeChatServer(200, Completion(PlanArguments));
        var alert = Alert();
        var (planner, request) = Setup(alert);
        var client = OpenAiCompatiblePlanModel.Create(Llama, "test-key", server.BaseUrl);

        var (plan, runbook) = await planner.PlanAsync(alert, request, client);

        Assert.Null(plan.FallbackReason);
        Assert.Equal("llama3.1:8b", plan.Model);
        Assert.Equal("remediation-plan@1.1.0", plan.PromptVersion);
        Assert.Equal(1500, plan.InputTokens);
        Assert.Equal(220, plan.OutputTokens);
        Assert.Equal("systemd-service-down", runbook?.Id);
        var (requestLine, body) = Assert.Single(server.Requests);
        Assert.StartsWith("POST /v1/chat/completions", requestLine, StringComparison.Ordinal);
        var sent = JsonNode.Parse(body)!;
        Assert.Equal("llama3.1:8b", (string)sent["model"]!);
        Assert.Equal("system", (string)sent["messages"]![0]!["role"]!);
        Assert.Equal("submit_remediation_plan", (string)sent["tools"]![0]!["function"]!["name"]!);
        Assert.Equal("submit_remediation_plan", (string)sent["tool_choice"]!["function"]!["name"]!);
        Assert.Contains("<untrusted_alert_data>", (string)sent["messages"]![1]!["content"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_WhenModelReturnsOffSchemaPlan_ShouldFallBackToBuiltinAndSayWhy()
    {
        var offSchema = PlanArguments.Replace("\"risk\":\"low\"", "\"risk\":\"low\",\"runAsRoot\":true", StringComparison.Ordinal);
        await using var server = new FakeChatServer(200, Completion(offSchema));
        var alert = Alert();
        var (planner, request) = Setup(alert);

        var (plan, _) = await planner.PlanAsync(alert, request, OpenAiCompatiblePlanModel.Create(Llama, "k", server.BaseUrl));

        Assert.Equal("builtin-planner@1.0.0", plan.Model);
        Assert.Contains("model llama3.1:8b output rejected: UnknownField at $.runAsRoot", plan.FallbackReason, StringComparison.Ordinal);
        Assert.Equal("remediation-plan@1.1.0", plan.PromptVersion);
        Assert.Equal("systemd-service-down", plan.RunbookId);
    }

    [Fact]
    public async Task PlanAsync_WhenServerFails_ShouldFallBackToBuiltinWithTheError()
    {
        await using var server = new FakeChatServer(500, """{"error":{"message":"model not loaded","type":"server_error"}}""");
        var alert = Alert();
        var (planner, request) = Setup(alert);

        var (plan, _) = await planner.PlanAsync(alert, request, OpenAiCompatiblePlanModel.Create(Llama, "k", server.BaseUrl));

        Assert.Equal("builtin-planner@1.0.0", plan.Model);
        Assert.StartsWith("model llama3.1:8b failed:", plan.FallbackReason, StringComparison.Ordinal);
        Assert.Contains("systemctl restart 'nginx'", plan.Script.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_WhenNothingListens_ShouldFallBackToBuiltin()
    {
        var alert = Alert();
        var (planner, request) = Setup(alert);
        var closedPort = new Uri("http://127.0.0.1:9/v1/");

        var (plan, _) = await planner.PlanAsync(alert, request, OpenAiCompatiblePlanModel.Create(Llama, "k", closedPort));

        Assert.NotNull(plan.FallbackReason);
        Assert.Equal("builtin-planner@1.0.0", plan.Model);
    }
}

public class ModelPlannerTests
{
    [Theory]
    [InlineData(null, "Empty")]
    [InlineData("Sorry, I cannot do that.", "NoPlanFound")]
    [InlineData("""{"output":{"message":{"role":"assistant","content":[{"text":"{\"summ"}]}},"stopReason":"max_tokens"}""", "Truncated")]
    public void FromModelOutput_WhenOutputInvalid_ShouldReturnBuiltinPlanWithFallbackReason(string? output, string error)
    {
        var planner = new ModelPlanner(TestData.Planner, TestData.Runbooks);
        var alert = TestData.Alert("SystemdUnitFailed", labels: new Dictionary<string, string> { ["name"] = "nginx" });
        var context = new PlanContext { ModelId = "amazon.nova-pro-v1:0", PromptVersion = "remediation-plan@1.1.0", InputTokens = 900 };

        var (plan, runbook) = planner.FromModelOutput(alert, output, context);

        Assert.Equal("builtin-planner@1.0.0", plan.Model);
        Assert.Contains($"model amazon.nova-pro-v1:0 output rejected: {error}", plan.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(900, plan.InputTokens);
        Assert.Equal("systemd-service-down", runbook?.Id);
    }

    [Fact]
    public void FromModelOutput_WhenStepFunctionsReportsAnError_ShouldFallBack()
    {
        var planner = new ModelPlanner(TestData.Planner, TestData.Runbooks);
        var alert = TestData.Alert("SystemdUnitFailed", labels: new Dictionary<string, string> { ["name"] = "nginx" });

        var (plan, _) = planner.FromModelOutput(alert, null, new PlanContext { ModelId = "amazon.nova-pro-v1:0" },
            modelError: "Bedrock.ThrottlingException: Too many requests\nretry later");

        Assert.Equal("model amazon.nova-pro-v1:0 failed: Bedrock.ThrottlingException: Too many requests retry later", plan.FallbackReason);
    }

    [Fact]
    public void FromModelOutput_WhenValid_ShouldKeepTheModelPlan()
    {
        var planner = new ModelPlanner(TestData.Planner, TestData.Runbooks);
        var alert = TestData.Alert("SystemdUnitFailed");
        var output = JsonSerializer.Serialize(new
        {
            summary = "Restart nginx", diagnosis = "crashed", confidence = 0.6, runbookId = "systemd-service-down",
            steps = new[] { "Restart" }, script = new { language = "bash", body = "systemctl restart 'nginx'" }, risk = "low",
        });

        var (plan, runbook) = planner.FromModelOutput(alert, output, new PlanContext { ModelId = "amazon.nova-pro-v1:0" });

        Assert.Null(plan.FallbackReason);
        Assert.Equal("amazon.nova-pro-v1:0", plan.Model);
        Assert.Equal("systemd-service-down", runbook?.Id);
    }
}
