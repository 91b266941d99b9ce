using AeonNova.StepFunctions.Mocks;
using AeonNova.StepFunctions.Tests.Support;

namespace AeonNova.StepFunctions.Tests;

public sealed class BenchShapeTests
{
    [Fact]
    [Trait("Spec", "MockConfigFile: test case maps states to mocked responses; Map + intrinsics end to end")]
    public async Task RunExecution_WhenRemediationShapedBenchWithMocks_ShouldProduceDocumentedOutput()
    {
        var definition = StateMachineDefinition.Load(Fixtures.Path("Bench", "remediation-shaped.asl.json"));
        var mocks = MockConfig.Load(Fixtures.Path("Bench", "remediation-shaped.mocks.json"));
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("remediation-shaped", definition, mocks.CreateRegistry("remediation-shaped", "Bench"));

        var result = await engine.RunExecutionAsync("remediation-shaped", Fixtures.Read("Bench", "remediation-shaped.input.json"));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"host":"web-1","count":3,"msg":"remediated DiskFull on web-1"}""", result.Output);
    }
}
