using AeonNova.Infra.Configuration;
using AeonNova.Infra.Tests.Support;

namespace AeonNova.Infra.Tests.Configuration;

/// <summary>Bad inputs stop synthesis with a message that names the setting or file (each builds only up to the failure).</summary>
[Collection(SynthCollection.Name)]
// CDK synthesis runs the jsii runtime on Node.
[Trait("Category", "Integration")]
public sealed class SynthesisGuardTests
{
    [Fact]
    public void Synthesis_WhenPublishDirectoryIsMissing_ShouldNameTheDirectoryAndTheBuildCommand()
    {
        var missing = Path.Combine(Path.GetTempPath(), "aeonnova-no-such-publish-dir");
        var ex = Assert.Throws<InfraConfigurationException>(() =>
            SynthesizedStack.Create("dev", new Dictionary<string, object> { ["functionsPublishDir"] = missing }));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet publish functions/AeonNova.Functions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Synthesis_WhenDefinitionUsesAnUnknownPlaceholder_ShouldNameTheKeyAndTheContract()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("aeonnova-asl-").FullName, "bad.asl.json");
        File.WriteAllText(file, File.ReadAllText(RepoLayout.Fixture("placeholder.asl.json")).Replace("${VerifyFunctionArn}", "${VerifyLambdaArn}", StringComparison.Ordinal));
        var ex = Assert.Throws<InfraConfigurationException>(() =>
            SynthesizedStack.Create("dev", new Dictionary<string, object> { ["stateMachineFile"] = file }));
        Assert.Contains("${VerifyLambdaArn}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("WorkflowContract.PlaceholderKeys", ex.Message, StringComparison.Ordinal);
    }
}
