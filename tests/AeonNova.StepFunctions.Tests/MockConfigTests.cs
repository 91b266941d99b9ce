using AeonNova.StepFunctions.Mocks;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions.Tests;

public sealed class MockConfigTests
{
    private const string Machine = """
        {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"${CallFunctionArn}",
          "Retry":[{"ErrorEquals":["Transient"],"IntervalSeconds":1,"MaxAttempts":3}],"End":true}}}
        """;

    private static string Mocks(string responses) =>
        """{"StateMachines":{"m":{"TestCases":{"Flaky":{"Call":"FlakyCall"}}}},"MockedResponses":{"FlakyCall":RESPONSES}}"""
            .Replace("RESPONSES", responses, StringComparison.Ordinal);

    [Fact]
    [Trait("Spec", "Step Functions Local MockConfigFile: ranges \"0\" and \"1-2\" select the response per invocation; Throw fails the task")]
    public async Task CreateRegistry_WhenRangesThrowThenReturn_ShouldRetryThroughMockedResponses()
    {
        var mocks = MockConfig.Parse(Mocks("""{"0-1":{"Throw":{"Error":"Transient","Cause":"busy"}},"2":{"Return":{"ok":true}}}"""));
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { SkipWaits = true });
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(Machine), mocks.CreateRegistry("m", "Flaky"));

        var result = await engine.RunExecutionAsync("m", "{}");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"ok":true}""", result.Output);
    }

    [Fact]
    [Trait("Spec", "Step Functions Local MockConfigFile: a mocked Throw with a non-retried error fails the execution with that error")]
    public async Task CreateRegistry_WhenMockThrowsFinalError_ShouldFailWithMockedErrorAndCause()
    {
        var mocks = MockConfig.Parse(Mocks("""{"0":{"Throw":{"Error":"Fatal","Cause":"nope"}}}"""));
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { SkipWaits = true });
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(Machine), mocks.CreateRegistry("m", "Flaky"));

        var result = await engine.RunExecutionAsync("m", "{}");

        Assert.Equal("Fatal", result.Error);
        Assert.Equal("nope", result.Cause);
    }

    [Theory]
    [Trait("Spec", "Step Functions Local MockConfigFile: malformed files are rejected with the JSON path of the problem")]
    [InlineData("""{"StateMachines":{"m":{"TestCases":{"T":{"S":"Missing"}}}},"MockedResponses":{}}""", "$.StateMachines['m'].TestCases['T']['S']")]
    [InlineData("""{"StateMachines":{"m":{"TestCases":{"T":{"S":"R"}}}},"MockedResponses":{"R":{"zero":{"Return":1}}}}""", "$.MockedResponses['R']['zero']")]
    [InlineData("""{"StateMachines":{"m":{"TestCases":{"T":{"S":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1,"Throw":{"Error":"E"}}}}}""", "$.MockedResponses['R']['0']")]
    [InlineData("""{"MockedResponses":{}}""", "$.StateMachines")]
    [InlineData("""{"StateMachines":""", "$")]
    public void Parse_WhenMalformed_ShouldReportJsonPath(string json, string expectedPath)
    {
        var ex = Assert.Throws<AslDefinitionException>(() => MockConfig.Parse(json, "mocks.json"));

        Assert.Contains(ex.Errors, e => e.Path == expectedPath);
        Assert.Contains("mocks.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Spec", "Step Functions Local MockConfigFile: an unknown test case is a precise error")]
    public void CreateRegistry_WhenTestCaseUnknown_ShouldNameKnownCases()
    {
        var mocks = MockConfig.Parse(Mocks("""{"0":{"Return":1}}"""));

        var ex = Assert.Throws<AslDefinitionException>(() => mocks.CreateRegistry("m", "Nope"));

        Assert.Contains("Flaky", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Spec", "Step Functions Local mocks: a mocked waitForTaskToken state returns its Return value without waiting")]
    public async Task CreateRegistry_WhenStateWaitsForToken_ShouldReturnMockWithoutCallback()
    {
        var definition = """{"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::sns:publish.waitForTaskToken","Parameters":{"Message.$":"$$.Task.Token"},"End":true}}}""";
        var mocks = MockConfig.Parse("""{"StateMachines":{"m":{"TestCases":{"Approve":{"Ask":"Approved"}}}},"MockedResponses":{"Approved":{"0":{"Return":{"approved":true}}}}}""");
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(definition), mocks.CreateRegistry("m", "Approve"));

        var result = await engine.RunExecutionAsync("m", "{}");

        Assert.Equal("""{"approved":true}""", result.Output);
    }
}
