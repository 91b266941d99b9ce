namespace AeonNova.StepFunctions.Tests;

/// <summary>Execution history and failure details of the JSONata/variables features, as the AWS console shows them.</summary>
public sealed class VariablesHistoryTests
{
    [Fact]
    [Trait("Spec", "Variables: the state-exited event lists assignedVariables as name → JSON text (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateExitedEventDetails.html)")]
    public async Task History_WhenStateAssigns_ShouldRecordAssignedVariablesOnExitedEvent()
    {
        const string definition = """
            {"QueryLanguage":"JSONata","StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"count":42,"name":"{% $states.input.who %}","tags":["x","é"]},"Next":"B"},
              "B":{"Type":"Pass","End":true}}}
            """;
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("vars", StateMachineDefinition.Parse(definition), new Resources.ResourceRegistry());

        var result = await engine.RunExecutionAsync("vars", """{"who":"ada"}""");
        var history = await engine.GetExecutionHistoryAsync(result.ExecutionArn);

        var exited = Assert.Single(history, e => e.Type == HistoryEventType.PassStateExited && e.StateName == "A");
        Assert.Equal(new Dictionary<string, string> { ["count"] = "42", ["name"] = "\"ada\"", ["tags"] = "[\"x\",\"é\"]" }, exited.AssignedVariables);
        Assert.Null(Assert.Single(history, e => e.Type == HistoryEventType.PassStateExited && e.StateName == "B").AssignedVariables);
    }

    [Fact]
    [Trait("Spec", "Fail state: Error is optional; without it AWS fails the execution with no error name (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html)")]
    public async Task RunExecution_WhenFailStateHasNoError_ShouldFailWithoutInventingAnErrorName()
    {
        const string definition = """{"StartAt":"F","States":{"F":{"Type":"Fail","Cause":"stopped by design"}}}""";
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("fail", StateMachineDefinition.Parse(definition), new Resources.ResourceRegistry());

        var result = await engine.RunExecutionAsync("fail", "{}");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Null(result.Error);
        Assert.Equal("stopped by design", result.Cause);
    }
}
