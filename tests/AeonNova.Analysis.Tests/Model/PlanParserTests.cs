using AeonNova.Analysis.Model;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Tests.Model;

public class PlanParserTests
{
    private const string Plan = """
        {"summary":"Restart nginx","diagnosis":"nginx crashed","confidence":0.8,"runbookId":"systemd-service-down",
         "steps":["Check","Restart"],"script":{"language":"bash","body":"systemctl restart 'nginx'"},
         "verification":"systemctl is-active 'nginx'","rollback":"none","risk":"low","needsHuman":false}
        """;

    private static readonly PlanContext Context = new()
    {
        ModelId = "amazon.nova-pro-v1:0",
        PromptVersion = "remediation-plan@1.1.0",
        RunbookIds = ["systemd-service-down", "disk-full-linux"],
        ExpectedLanguage = ScriptLanguage.Bash,
    };

    private static string Escaped => System.Text.Json.JsonSerializer.Serialize(Plan);

    public static TheoryData<string, string> AcceptedShapes() => new()
    {
        { "plain JSON", Plan },
        { "fenced JSON", $"Here is the plan:\n```json\n{Plan}\n```\nDone." },
        { "prose with JSON", $"Sure! {Plan} Let me know." },
        { "Bedrock Converse toolUse", """{"output":{"message":{"role":"assistant","content":[{"text":"Thinking"},{"toolUse":{"toolUseId":"t1","name":"submit_remediation_plan","input":""" + Plan + """}}]}},"stopReason":"tool_use","usage":{"inputTokens":1200,"outputTokens":300,"totalTokens":1500}}""" },
        { "Bedrock text with fence", """{"output":{"message":{"role":"assistant","content":[{"text":""" + System.Text.Json.JsonSerializer.Serialize("```json\n" + Plan + "\n```") + """}]}},"stopReason":"end_turn","usage":{"inputTokens":1200,"outputTokens":300}}""" },
        { "OpenAI tool_calls", """{"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"submit_remediation_plan","arguments":""" + Escaped + """}}]}}],"usage":{"prompt_tokens":1200,"completion_tokens":300}}""" },
        { "OpenAI content", """{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":""" + System.Text.Json.JsonSerializer.Serialize("```\n" + Plan + "\n```") + """}}],"usage":{"prompt_tokens":1200,"completion_tokens":300}}""" },
        { "bare tool call", """{"name":"submit_remediation_plan","arguments":""" + Escaped + """}""" },
        { "content block array", """[{"type":"tool_use","name":"submit_remediation_plan","input":""" + Plan + """}]""" },
    };

    [Theory]
    [MemberData(nameof(AcceptedShapes))]
    public void Parse_WhenAcceptedShape_ShouldReturnPlanWithAuditFields(string shape, string output)
    {
        var plan = PlanParser.Parse(output, Context);

        Assert.True(plan.Summary == "Restart nginx", shape);
        Assert.Equal(ScriptLanguage.Bash, plan.Script.Language);
        Assert.Equal("systemctl restart 'nginx'", plan.Script.Body);
        Assert.Equal(["Check", "Restart"], plan.Steps);
        Assert.Equal(0.8, plan.Confidence);
        Assert.Equal("amazon.nova-pro-v1:0", plan.Model);
        Assert.Equal("remediation-plan@1.1.0", plan.PromptVersion);
        Assert.Equal(["systemd-service-down", "disk-full-linux"], plan.RunbookIds);
    }

    [Fact]
    public void Parse_WhenResponseHasUsage_ShouldRecordTokenCounts()
    {
        var output = """{"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"submit_remediation_plan","input":""" + Plan + """}}]}},"stopReason":"tool_use","usage":{"inputTokens":1234,"outputTokens":321}}""";

        var plan = PlanParser.Parse(output, Context);

        Assert.Equal(1234, plan.InputTokens);
        Assert.Equal(321, plan.OutputTokens);
    }

    public static TheoryData<string, PlanParseError, string> Rejected() => new()
    {
        { "", PlanParseError.Empty, "" },
        { "I cannot help with that.", PlanParseError.NoPlanFound, "" },
        { "{\"summary\": \"x\", ", PlanParseError.InvalidJson, "" },
        { "```json\n{\"summary\": 'single'}\n```", PlanParseError.InvalidJson, "" },
        { Plan.Replace("\"risk\":\"low\"", "\"risk\":\"low\",\"execute\":true", StringComparison.Ordinal), PlanParseError.UnknownField, "$.execute" },
        { Plan.Replace("\"language\":\"bash\"", "\"language\":\"bash\",\"sudo\":true", StringComparison.Ordinal), PlanParseError.UnknownField, "$.script.sudo" },
        { Plan.Replace("\"summary\":\"Restart nginx\",", "", StringComparison.Ordinal), PlanParseError.MissingField, "$.summary" },
        { Plan.Replace("0.8", "\"0.8\"", StringComparison.Ordinal), PlanParseError.WrongType, "$.confidence" },
        { Plan.Replace("0.8", "1.7", StringComparison.Ordinal), PlanParseError.InvalidValue, "$.confidence" },
        { Plan.Replace("[\"Check\",\"Restart\"]", "\"Check\"", StringComparison.Ordinal), PlanParseError.WrongType, "$.steps" },
        { Plan.Replace("[\"Check\",\"Restart\"]", "[]", StringComparison.Ordinal), PlanParseError.InvalidValue, "$.steps" },
        { Plan.Replace("[\"Check\",\"Restart\"]", "[\"Check\",42]", StringComparison.Ordinal), PlanParseError.WrongType, "$.steps[1]" },
        { Plan.Replace("\"language\":\"bash\"", "\"language\":\"python\"", StringComparison.Ordinal), PlanParseError.InvalidValue, "$.script.language" },
        { Plan.Replace("\"language\":\"bash\"", "\"language\":\"powershell\"", StringComparison.Ordinal), PlanParseError.LanguageMismatch, "$.script.language" },
        { Plan.Replace("systemctl restart 'nginx'", "   ", StringComparison.Ordinal), PlanParseError.InvalidValue, "$.script.body" },
        { Plan.Replace("\"risk\":\"low\"", "\"risk\":\"none\"", StringComparison.Ordinal), PlanParseError.InvalidValue, "$.risk" },
        { Plan.Replace("\"systemd-service-down\"", "\"made-up-runbook\"", StringComparison.Ordinal), PlanParseError.UnknownRunbook, "$.runbookId" },
        { Plan.Replace("\"needsHuman\":false", "\"needsHuman\":\"no\"", StringComparison.Ordinal), PlanParseError.WrongType, "$.needsHuman" },
        { "[1, 2]", PlanParseError.NoPlanFound, "" },
        { """{"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"t","name":"run_shell","input":{"cmd":"reboot"}}}]}},"stopReason":"tool_use"}""", PlanParseError.WrongTool, "" },
        { """{"output":{"message":{"role":"assistant","content":[{"text":"{\"summary\": \"Resta"}]}},"stopReason":"max_tokens"}""", PlanParseError.Truncated, "" },
        { """{"choices":[{"finish_reason":"length","message":{"content":"{\"summ"}}]}""", PlanParseError.Truncated, "" },
        { """{"choices":[]}""", PlanParseError.NoPlanFound, "$.choices" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Parse_WhenMalformedOrOffSchema_ShouldThrowSpecificError(string output, PlanParseError error, string path)
    {
        var ex = Assert.Throws<PlanParseException>(() => PlanParser.Parse(output, Context));

        Assert.Equal(error, ex.Error);
        Assert.Equal(path, ex.Path);
        Assert.StartsWith(error.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenInvalidJson_ShouldSayWhere()
    {
        var ex = Assert.Throws<PlanParseException>(() => PlanParser.Parse("{\n  \"summary\": \"x\",\n  oops\n}"));

        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenOutputTooLarge_ShouldRejectBeforeParsing()
    {
        var ex = Assert.Throws<PlanParseException>(() => PlanParser.Parse(new string(' ', PlanParser.MaxOutputChars + 1) + Plan));

        Assert.Equal(PlanParseError.TooLarge, ex.Error);
    }

    [Fact]
    public void Parse_WhenUnknownFieldNameIsHostile_ShouldQuoteOnlyAShortCleanExcerpt()
    {
        var hostileKey = "x\n" + new string('A', 500);
        var output = Plan.Replace("\"risk\":\"low\"", $"\"risk\":\"low\",{System.Text.Json.JsonSerializer.Serialize(hostileKey)}:1", StringComparison.Ordinal);

        var ex = Assert.Throws<PlanParseException>(() => PlanParser.Parse(output));

        Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 300);
    }
}

public class PlanParserRobustnessTests
{
    [Theory]
    [InlineData("{\"output\": \"text\"}")]
    [InlineData("{\"output\": {\"message\": 5}}")]
    [InlineData("{\"choices\": [{\"message\": \"x\"}]}")]
    [InlineData("{\"choices\": [7]}")]
    [InlineData("[\"a\", {\"text\": 1}]")]
    [InlineData("{\"toolUse\": {\"name\": \"submit_remediation_plan\", \"input\": 3}}")]
    [InlineData("{\"name\": \"submit_remediation_plan\", \"arguments\": \"not json\"}")]
    [InlineData("null")]
    [InlineData("```json\n```")]
    public void Parse_WhenShapeIsOddButJson_ShouldOnlyEverThrowPlanParseException(string output)
    {
        Assert.Throws<PlanParseException>(() => PlanParser.Parse(output));
    }
}
