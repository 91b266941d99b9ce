using System.Text.Json.Nodes;
using AeonNova.Core.Workflow;
using AeonNova.Infra.Orchestration;
using AeonNova.Infra.Tests.Support;
using Amazon.CDK.Assertions;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests;

/// <summary>
/// One list of placeholders: the ${…} keys in every statemachines/*.asl.json = the CDK DefinitionSubstitutions keys
/// = the local engine's substitutions = WorkflowContract.PlaceholderKeys.
/// </summary>
[Collection(SynthCollection.Name)]
// CDK synthesis runs the jsii runtime on Node.
[Trait("Category", "Integration")]
public sealed class PlaceholderContractTests(SynthFixture fixture)
{
    private readonly SynthesizedStack _dev = fixture.Dev;

    private static IReadOnlyList<string> ContractKeys => [.. WorkflowContract.PlaceholderKeys.Order(StringComparer.Ordinal)];

    /// <summary>The real definitions in this checkout plus the test stand-in (so the test bites before the workflow lands).</summary>
    public static TheoryData<string> DefinitionFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepoLayout.AslFiles())
        {
            data.Add(Path.GetRelativePath(RepoLayout.Root, file));
        }

        data.Add(Path.GetRelativePath(RepoLayout.Root, RepoLayout.Fixture("placeholder.asl.json")));
        return data;
    }

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void AslFile_WhenScanned_ShouldUseExactlyTheContractKeys(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepoLayout.Root, relativePath));
        Assert.NotNull(JsonNode.Parse(text));
        Assert.Equal(ContractKeys, AslPlaceholders.Find(text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DefinitionSubstitutions_WhenSynthesized_ShouldHaveExactlyTheContractKeys()
    {
        var substitutions = new Capture();
        _dev.Template.HasResourceProperties("AWS::StepFunctions::StateMachine", Match.ObjectLike(Obj(("DefinitionSubstitutions", substitutions))));
        var keys = ((IDictionary<string, object>)substitutions.AsObject()).Keys.Order(StringComparer.Ordinal);
        Assert.Equal(ContractKeys, keys);
    }

    [Fact]
    public void LocalEngineRegistry_WhenBuilt_ShouldSubstituteExactlyTheContractKeys()
    {
        Assert.Equal(ContractKeys, AeonNova.Local.Workflow.WorkflowRegistry.Substitutions().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DeployedDefinition_WhenSynthesized_ShouldLeaveNoPlaceholderUnresolved()
    {
        var machine = Assert.Single(_dev.Resources("AWS::StepFunctions::StateMachine")).Value["Properties"]!;
        var key = machine["DefinitionS3Location"]!["Key"]!.GetValue<string>();
        var staged = Path.Combine(_dev.AssemblyDirectory, "asset." + key);
        var definition = File.ReadAllText(staged);
        var substituted = machine["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        var used = AslPlaceholders.Find(definition);
        Assert.NotEmpty(used);
        Assert.DoesNotContain(used, k => !substituted.Contains(k));
        Assert.All(machine["DefinitionSubstitutions"]!.AsObject(), p => Assert.DoesNotContain("${", p.Value!.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionPlaceholders_WhenSynthesized_ShouldPointAtTheLiveAliases()
    {
        var machine = Assert.Single(_dev.Resources("AWS::StepFunctions::StateMachine")).Value["Properties"]!["DefinitionSubstitutions"]!;
        foreach (var function in WorkflowContract.Functions.Where(f => f.InWorkflow))
        {
            Assert.StartsWith($"Functions{function.Name}Alias", machine[function.PlaceholderKey]!["Ref"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(_dev.Settings.BedrockModelId, machine["BedrockModelId"]!.GetValue<string>());
    }
}
