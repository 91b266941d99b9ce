using System.Text.Json;
using AeonNova.StepFunctions.Persistence;
using AeonNova.StepFunctions.Resources;
using AeonNova.StepFunctions.Tests.Support;

namespace AeonNova.StepFunctions.Tests;

/// <summary>
/// Workflow variables survive an engine restart: the checkpoint keeps the top-level variables, per scope
/// (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html, "Variable scope").
/// </summary>
public sealed class VariablesResumeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    // Assign on the Wait itself takes effect when the Wait finishes, evaluated with the variables at its entry.
    private const string TopLevel = """
        {"QueryLanguage":"JSONata","StartAt":"Init","States":{
          "Init":{"Type":"Pass","Assign":{"count":1,"who":"{% $states.input.team %}","seen":{"hosts":["web-1"]}},"Next":"Pause"},
          "Pause":{"Type":"Wait","Seconds":300,"Assign":{"count":"{% $count + 1 %}"},"Next":"Report"},
          "Report":{"Type":"Pass","Output":"{% {'count': $count, 'who': $who, 'hosts': $seen.hosts} %}","End":true}}}
        """;

    // JSONPath flavour: the outer variable is read inside a Parallel branch that suspends; the branch's own variable
    // is assigned again when the Parallel state is re-entered after the restart.
    private const string InBranch = """
        {"StartAt":"Init","States":{
          "Init":{"Type":"Pass","Assign":{"outer":5},"Next":"Par"},
          "Par":{"Type":"Parallel","Branches":[{"StartAt":"B1","States":{
              "B1":{"Type":"Pass","Assign":{"inner.$":"States.MathAdd($outer, 1)"},"Next":"W"},
              "W":{"Type":"Wait","Seconds":300,"Next":"B2"},
              "B2":{"Type":"Pass","Parameters":{"outer.$":"$outer","inner.$":"$inner"},"End":true}}}],
            "Next":"After"},
          "After":{"Type":"Pass","Parameters":{"branch.$":"$[0]","outer.$":"$outer"},"End":true}}}
        """;

    [Fact]
    [Trait("Spec", "Issue #22 item 4: a resumed execution keeps the top-level Assign variables of its checkpoint")]
    public async Task ResumeExecutions_WhenVariablesAssignedBeforeSuspend_ShouldRestoreThem()
    {
        var (result, checkpoint) = await RunAcrossRestartAsync(TopLevel, """{"team":"ops"}""");

        Assert.Equal("Pause", checkpoint.StateName);
        Assert.Equal("1", checkpoint.Variables["count"]);
        Assert.Equal("\"ops\"", checkpoint.Variables["who"]);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"count":2,"who":"ops","hosts":["web-1"]}""", result.Output);
    }

    [Fact]
    [Trait("Spec", "Issue #22 item 4: a Parallel branch resumed after a restart reads the restored outer variables; its own are not checkpointed")]
    public async Task ResumeExecutions_WhenSuspendedInsideParallelBranch_ShouldRestoreOuterScopeOnly()
    {
        var (result, checkpoint) = await RunAcrossRestartAsync(InBranch, "{}");

        Assert.Equal("Par", checkpoint.StateName);
        Assert.Equal(["outer"], checkpoint.Variables.Keys);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"branch":{"outer":5,"inner":6},"outer":5}""", result.Output);
    }

    [Fact]
    [Trait("Spec", "Issue #22 item 4: without the saved variables the resumed state cannot read them (guards the test above)")]
    public async Task ResumeExecutions_WhenCheckpointHasNoVariables_ShouldFailReadingThem()
    {
        var (result, _) = await RunAcrossRestartAsync(TopLevel, """{"team":"ops"}""", dropVariables: true);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.QueryEvaluationError", result.Error);
    }

    /// <summary>The execution runs on the thread pool: wait until it has saved the checkpoint of its suspension.</summary>
    private static async Task SuspendedAsync(InMemoryExecutionStore store, string arn)
    {
        using var timeout = new CancellationTokenSource(Limit);
        while ((await store.GetAsync(arn))?.Checkpoint is null)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Starts the execution, lets it suspend in a 300 s Wait, stops the engine, round-trips the snapshot through
    /// its JSON form (as the SQLite store does), resumes on a new engine and lets the Wait end.</summary>
    private static async Task<(ExecutionDescription Result, ExecutionCheckpoint Checkpoint)> RunAcrossRestartAsync(string json, string input, bool dropVariables = false)
    {
        var time = new ManualTimeProvider();
        var store = new InMemoryExecutionStore();
        var definition = StateMachineDefinition.Parse(json);
        string arn;
        await using (var first = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = store, TimeProvider = time }))
        {
            first.CreateStateMachine("m", definition, new ResourceRegistry());
            arn = (await first.StartExecutionAsync("m", input)).ExecutionArn;
            await SuspendedAsync(store, arn);
            time.Advance(TimeSpan.FromSeconds(100));
        }
        var persisted = (await store.GetAsync(arn))!;
        var text = JsonSerializer.Serialize(persisted, StepFunctionsJsonContext.Default.ExecutionSnapshot);
        var restored = JsonSerializer.Deserialize(text, StepFunctionsJsonContext.Default.ExecutionSnapshot)!;
        if (dropVariables) { restored = restored with { Checkpoint = restored.Checkpoint! with { Variables = new Dictionary<string, string>() } }; }
        var newStore = new InMemoryExecutionStore();
        await newStore.SaveAsync(restored);

        await using var second = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = newStore, TimeProvider = time });
        second.CreateStateMachine("m", definition, new ResourceRegistry());
        Assert.Equal(1, await second.ResumeExecutionsAsync());
        time.Advance(TimeSpan.FromSeconds(300));
        var result = await second.WaitForExecutionAsync(arn).WaitAsync(Limit);
        return (result, restored.Checkpoint!);
    }
}
