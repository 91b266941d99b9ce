using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Commands;
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
        foreach (var send in new[] { "ExecuteScript", "ExecuteRollback" })
        {
            // The send steps retry only what the command ledger makes safe: never a blanket States.ALL/TaskFailed.
            Assert.Equal("${SendCommandFunctionArn}", (string?)States[send]!["Resource"]);
            var retried = States[send]!["Retry"]!.AsArray().SelectMany(r => r!["ErrorEquals"]!.AsArray().Select(e => (string)e!)).ToList();
            Assert.All(retried, e => Assert.True(e.StartsWith("Lambda.", StringComparison.Ordinal) || e == "Sandbox.Timedout"
                || e is nameof(CommandSendInProgressException) or nameof(CommandSendUncertainException), $"{send} retries {e}"));
            Assert.Contains(nameof(CommandSendUncertainException), retried);
            // A function timeout (Lambda.Unknown; Sandbox.Timedout on newer runtimes) may have sent the command or not:
            // the ledger makes the retry adopt it or send it once, so these two states retry it.
            Assert.Contains("Lambda.Unknown", retried);
            Assert.Contains("Sandbox.Timedout", retried);
        }
        foreach (var (name, state) in States.Where(s => s.Key is not ("ExecuteScript" or "ExecuteRollback")))
        {
            // Anywhere else a timed-out function may have half-done its work: that goes to the state's Catch.
            var retried = state!["Retry"]?.AsArray().SelectMany(r => r!["ErrorEquals"]!.AsArray().Select(e => (string)e!)) ?? [];
            Assert.DoesNotContain(retried, e => e is "Lambda.Unknown" or "Sandbox.Timedout" or "States.ALL" or "States.TaskFailed");
        }
        string[] ends = ["Remediated", "Diagnosed", "AutoResolved", "Blocked", "Rejected", "Expired", "RemediationFailed", "VerificationFailed", "RolledBack", "RollbackFailed",
            "ScriptMismatch", "TargetChanged", "ApprovalChanged", "LoopGuardTripped", "Flapping", "NoTarget", "InvalidTarget", "WorkflowError"];
        Assert.Equal(ends.Order(), States.Where(s => (string?)s.Value!["Type"] is "Succeed" or "Fail").Select(s => s.Key).Order());
        var lambdaRetries = States.Where(s => ((string?)s.Value!["Resource"])?.Contains("FunctionArn", StringComparison.Ordinal) == true)
            .Select(s => s.Value!["Retry"]![0]!.ToJsonString()).Distinct().ToList();
        Assert.Single(lambdaRetries);
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();
}
