using AeonNova.StepFunctions.Mocks;
using AeonNova.StepFunctions.Tests.Support;

namespace AeonNova.StepFunctions.Tests;

public sealed class BenchShapeTests
{
    [Fact]
    [Trait("Spec", "MockConfigFile: test case maps states to mocked responses; Map + intrinsics end to end")]
    public async Task RunExecution_WhenRemediationShapedBenchWithMocks_ShouldProduceDocumentedOutput()
    {
        var result = await RunBenchAsync("remediation-shaped.asl.json");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"host":"web-1","count":3,"msg":"remediated DiskFull on web-1"}""", result.Output);
    }

    [Fact]
    [Trait("Spec", "QueryLanguage JSONata: the same flow written with Output/Condition/Items/ItemSelector gives the JSONPath flow's output")]
    public async Task RunExecution_WhenJsonataVersionOfBenchFlow_ShouldProduceSameOutputAsJsonPathVersion()
    {
        var jsonPath = await RunBenchAsync("remediation-shaped.asl.json");
        var jsonata = await RunBenchAsync("remediation-shaped-jsonata.asl.json");

        Assert.Equal(ExecutionStatus.Succeeded, jsonata.Status);
        Assert.Equal(jsonPath.Output, jsonata.Output);
    }

    private static async Task<ExecutionDescription> RunBenchAsync(string file)
    {
        var definition = StateMachineDefinition.Load(Fixtures.Path("Bench", file));
        var mocks = MockConfig.Load(Fixtures.Path("Bench", "remediation-shaped.mocks.json"));
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("remediation-shaped", definition, mocks.CreateRegistry("remediation-shaped", "Bench"));
        return await engine.RunExecutionAsync("remediation-shaped", Fixtures.Read("Bench", "remediation-shaped.input.json"));
    }
}
