using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.Core.Workflow;
using AeonNova.Testing;
using AeonNova.Local.Workflow;
using AeonNova.StepFunctions;

namespace AeonNova.Workflow.Tests.Workflow;

/// <summary>The placeholder contract: ASL keys = WorkflowContract keys = local registry keys; and the ASL style rules.</summary>
public sealed partial class WorkflowContractTests
{
    private static readonly JsonObject States = JsonNode.Parse(File.ReadAllText(RepoFiles.Definition))!["States"]!.AsObject();

    [Fact]
    public void Definition_WhenScannedForPlaceholders_ShouldUseExactlyTheContractKeysAndTheLocalSubstitutions()
    {
        var inAsl = Placeholder().Matches(File.ReadAllText(RepoFiles.Definition)).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(WorkflowContract.PlaceholderKeys.Order(), inAsl.Order());
        Assert.Equal(WorkflowContract.PlaceholderKeys.Order(), WorkflowRegistry.Substitutions().Keys.Order());
        Assert.All(inAsl, key => Assert.Matches("^[A-Z][A-Za-z0-9]+$", key));
    }

    [Fact]
    public void Definition_WhenParsedByTheLocalEngine_ShouldBeValidWithEveryFunctionBound()
    {
        var definition = StateMachineDefinition.Load(RepoFiles.Definition, WorkflowRegistry.Substitutions());

        Assert.Empty(definition.Placeholders);
        var functions = definition.Tasks.Where(t => t.Resource.Contains(":function:", StringComparison.Ordinal)).Select(t => t.Resource).ToHashSet();
        Assert.Equal(WorkflowContract.Functions.Where(f => f.InWorkflow).Select(f => WorkflowRegistry.FunctionArn(f.Name)).Order(), functions.Order());
    }

    [Fact]
    public void Definition_WhenCheckedForStyle_ShouldHaveResultPathOnEveryTaskAndNamedEndStates()
    {
        foreach (var (name, state) in States)
        {
            Assert.Matches("^[A-Z][A-Za-z]+$", name);
            if ((string?)state!["Type"] == "Task")
            {
                Assert.True(state.AsObject().ContainsKey("ResultPath"), $"{name} lacks an explicit ResultPath");
            }
            foreach (var c in state["Catch"]?.AsArray() ?? [])
            {
                Assert.True(States.ContainsKey((string)c!["Next"]!), $"{name} catches into an unknown state");
            }
        }
        Assert.Null(States["ExecuteScript"]!["Retry"]);
        Assert.Null(States["ExecuteRollback"]!["Retry"]);
        string[] ends = ["Remediated", "Diagnosed", "AutoResolved", "Blocked", "Rejected", "Expired", "RemediationFailed", "VerificationFailed", "RolledBack", "RollbackFailed",
            "ScriptMismatch", "TargetChanged", "ApprovalChanged", "LoopGuardTripped", "Flapping", "NoTarget", "InvalidTarget", "WorkflowError"];
        Assert.Equal(ends.Order(), States.Where(s => (string?)s.Value!["Type"] is "Succeed" or "Fail").Select(s => s.Key).Order());
        var lambdaRetries = States.Where(s => ((string?)s.Value!["Resource"])?.Contains("FunctionArn", StringComparison.Ordinal) == true)
            .Select(s => s.Value!["Retry"]!.ToJsonString()).Distinct().ToList();
        Assert.Single(lambdaRetries);
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();
}
