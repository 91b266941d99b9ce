using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Persistence;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions.Tests;

/// <summary>
/// History keeps text captured when each event is recorded, and a ResultPath moves the raw input's members into the
/// new document. These tests pin what that must never break: recorded events do not change afterwards, a Catch
/// places its error beside the untouched input, and a result that is the input itself is not moved into itself.
/// </summary>
public sealed class DocumentOwnershipTests
{
    [Fact]
    public async Task History_WhenLaterStatesRewriteTheDocument_ShouldKeepEachEventAsRecorded()
    {
        const string machine = """
            {"StartAt":"A","States":{
              "A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","ResultPath":"$.a","Next":"B"},
              "B":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","ResultPath":"$.b","Next":"C"},
              "C":{"Type":"Pass","Result":{"n":3},"ResultPath":"$.a","End":true}}}
            """;
        await using var engine = new LocalStepFunctions();
        var calls = 0;
        var registry = new ResourceRegistry().BindFunction("arn:aws:lambda:us-east-1:123456789012:function:f",
            (_, _) => ValueTask.FromResult<JsonNode?>(new JsonObject { ["n"] = ++calls }));
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), registry);

        var execution = await engine.RunExecutionAsync("m", """{"keep":"x"}""");
        var history = await engine.GetExecutionHistoryAsync(execution.ExecutionArn);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("""{"keep":"x","a":{"n":3},"b":{"n":2}}""", execution.Output);
        string Exited(string state) => history.Single(e => e.StateName == state && e.Type is HistoryEventType.TaskStateExited or HistoryEventType.PassStateExited).OutputJson!;
        string Entered(string state) => history.Single(e => e.StateName == state && e.Type is HistoryEventType.TaskStateEntered or HistoryEventType.PassStateEntered).InputJson!;
        Assert.Equal("""{"keep":"x"}""", Entered("A"));
        Assert.Equal("""{"keep":"x","a":{"n":1}}""", Exited("A"));
        Assert.Equal("""{"keep":"x","a":{"n":1}}""", Entered("B"));
        Assert.Equal("""{"keep":"x","a":{"n":1},"b":{"n":2}}""", Exited("B"));
        Assert.Equal("""{"keep":"x","a":{"n":3},"b":{"n":2}}""", Exited("C"));
        Assert.Equal("""{"keep":"x"}""", history[0].InputJson);
    }

    [Fact]
    [Trait("Spec", "States.Runtime (e.g. an OutputPath that selects nothing) is not caught by States.ALL")]
    public async Task Catch_WhenOutputPathFailsAfterResultPath_ShouldNotCatchAndFailTheExecution()
    {
        const string machine = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","ResultPath":"$.result","OutputPath":"$.missing",
                   "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Done"}],"End":true},
              "Done":{"Type":"Pass","End":true}}}
            """;
        await using var engine = new LocalStepFunctions();
        var registry = new ResourceRegistry().BindFunction("arn:aws:lambda:us-east-1:123456789012:function:f",
            (_, _) => ValueTask.FromResult<JsonNode?>(JsonValue.Create(42)));
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), registry);

        var execution = await engine.RunExecutionAsync("m", """{"alert":{"id":"a-1"},"n":[1,2]}""");

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("States.Runtime", execution.Error);
        Assert.Contains("OutputPath", execution.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catch_WhenTheTaskFails_ShouldPlaceTheErrorBesideTheUntouchedInput()
    {
        const string machine = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","ResultPath":"$.result",
                   "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Done"}],"End":true},
              "Done":{"Type":"Pass","End":true}}}
            """;
        await using var engine = new LocalStepFunctions();
        var registry = new ResourceRegistry().BindFunction("arn:aws:lambda:us-east-1:123456789012:function:f",
            (_, _) => throw new TaskFailedException("Boom", "it broke"));
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), registry);

        var execution = await engine.RunExecutionAsync("m", """{"alert":{"id":"a-1"},"n":[1,2]}""");

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("""{"alert":{"id":"a-1"},"n":[1,2],"error":{"Error":"Boom","Cause":"it broke"}}""", execution.Output);
    }

    [Fact]
    public async Task Pass_WhenResultIsTheWholeInputPlacedInsideIt_ShouldNestACopy()
    {
        const string machine = """{"StartAt":"P","States":{"P":{"Type":"Pass","ResultPath":"$.copy","End":true}}}""";
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), new ResourceRegistry());

        var execution = await engine.RunExecutionAsync("m", """{"a":1,"b":{"c":[true]}}""");

        Assert.Equal("""{"a":1,"b":{"c":[true]},"copy":{"a":1,"b":{"c":[true]}}}""", execution.Output);
    }

    [Fact]
    public async Task Parallel_WhenBranchesRewriteTheirInput_ShouldGiveEachBranchItsOwnDocument()
    {
        const string machine = """
            {"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"X","States":{"X":{"Type":"Pass","Result":"x","ResultPath":"$.tag","End":true}}},
              {"StartAt":"Y","States":{"Y":{"Type":"Pass","Result":"y","ResultPath":"$.tag","End":true}}}]}}}
            """;
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), new ResourceRegistry());

        var execution = await engine.RunExecutionAsync("m", """{"id":7}""");

        Assert.Equal("""[{"id":7,"tag":"x"},{"id":7,"tag":"y"}]""", execution.Output);
    }

    [Theory]
    [InlineData("{}", """{"added":{"v":"é \"q\" <x>"}}""")]
    [InlineData("""{"a":[1,{"b":null}]}""", """{"a":[1,{"b":null}],"added":{"v":"é \"q\" <x>"}}""")]
    public async Task History_WhenAStateAppendsAMember_ShouldRecordExactlyTheDocumentItPassesOn(string input, string expected)
    {
        const string machine = """
            {"StartAt":"P","States":{
              "P":{"Type":"Pass","Result":{"v":"é \"q\" <x>"},"ResultPath":"$.added","Next":"T"},
              "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","ResultPath":"$.t","End":true}}}
            """;
        await using var engine = new LocalStepFunctions();
        JsonText? received = null;
        var registry = new ResourceRegistry().BindFunction("arn:aws:lambda:us-east-1:123456789012:function:f",
            (invocation, _) => { received = invocation.InputText; return ValueTask.FromResult<JsonNode?>(JsonValue.Create(1)); });
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), registry);

        var execution = await engine.RunExecutionAsync("m", input);
        var history = await engine.GetExecutionHistoryAsync(execution.ExecutionArn);

        var exited = history.Single(e => e.Type == HistoryEventType.PassStateExited).OutputJson!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(exited)));
        Assert.Equal(JsonNode.Parse(exited)!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), exited);
        Assert.Equal(exited, history.Single(e => e.Type == HistoryEventType.TaskStateEntered).InputJson);
        Assert.Equal(exited, received?.ToString());
        Assert.Equal(exited[..^1] + ",\"t\":1}", execution.Output); // the output is the history's text of the last document
    }

    [Fact]
    public async Task StreamFunction_WhenParametersAreWrittenAsText_ShouldReceiveWhatEvaluatingThemGives()
    {
        const string parameters = """
            {"alert.$":"$.alert","static":{"n":1,"s":"x"},"list":[1,{"id.$":"$.alert.id"}],"name.$":"$$.Execution.Name",
             "fmt.$":"States.Format('id={}', $.alert.id)","all.$":"$.items[*].v","nested":{"deep.$":"$.alert.tags"}}
            """;
        var machine = $$$$"""
            {"StartAt":"Plain","States":{
              "Plain":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:plain","Parameters":{{{{parameters}}}},"ResultPath":null,"Next":"Stream"},
              "Stream":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:stream","Parameters":{{{{parameters}}}},"ResultPath":"$.r","End":true}}}
            """;
        await using var engine = new LocalStepFunctions();
        JsonNode? plain = null;
        TaskInvocation? stream = null;
        var registry = new ResourceRegistry()
            .BindFunction("arn:aws:lambda:us-east-1:123456789012:function:plain", (invocation, _) => { plain = invocation.Input?.DeepClone(); return ValueTask.FromResult<JsonNode?>(null); })
            .BindStreamFunction("arn:aws:lambda:us-east-1:123456789012:function:stream", (invocation, _) => { stream = invocation; return ValueTask.FromResult(AeonNova.StepFunctions.Json.TaskPayload.Parse("""{"ok":true}"""u8.ToArray())); });
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), registry);

        var execution = await engine.RunExecutionAsync("m", """{"alert":{"id":"a<1>","tags":["é"]},"items":[{"v":1},{"v":"two"}]}""", "run-1");
        var history = await engine.GetExecutionHistoryAsync(execution.ExecutionArn);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.NotNull(stream!.InputText);
        Assert.True(JsonNode.DeepEquals(plain, JsonNode.Parse(stream.InputText!.ToString())));
        Assert.True(JsonNode.DeepEquals(plain, stream.Input));
        Assert.True(JsonNode.DeepEquals(plain, stream.Parameters));
        Assert.Equal("run-1", (string?)plain!["name"]);
        Assert.Equal("id=a<1>", (string?)plain["fmt"]);
        var scheduled = history.Where(e => e.Type == HistoryEventType.LambdaFunctionScheduled).Select(e => e.Input).ToList();
        Assert.True(JsonNode.DeepEquals(scheduled[0], scheduled[1]));
        Assert.Equal("""{"ok":true}""", JsonNode.Parse(execution.Output!)!["r"]!.ToJsonString());
    }

    [Fact]
    public async Task StreamFunction_WhenAParameterPathSelectsNothing_ShouldFailLikeEvaluating()
    {
        const string machine = """
            {"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:stream","Parameters":{"x.$":"$.missing"},"End":true}}}
            """;
        await using var engine = new LocalStepFunctions();
        var registry = new ResourceRegistry().BindStreamFunction("arn:aws:lambda:us-east-1:123456789012:function:stream", (_, _) => ValueTask.FromResult<JsonNode?>(null));
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), registry);

        var execution = await engine.RunExecutionAsync("m", """{"a":1}""");

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("States.Runtime", execution.Error);
        Assert.Contains("'$.missing' specified for the field 'x.$' could not be found", execution.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"k":1}""", """{"k":1,"x":{"y":"r"}}""")]
    [InlineData("""{"x":null,"k":1}""", """{"x":{"y":"r"},"k":1}""")]
    [InlineData("""{"x":{"y":0,"z":2},"k":1}""", """{"x":{"y":"r","z":2},"k":1}""")]
    public async Task ResultPath_WhenNestedInAnOwnedInput_ShouldPlaceTheResultAndRecordTheNewDocument(string input, string expected)
    {
        const string machine = """{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"r","ResultPath":"$.x.y","End":true}}}""";
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), new ResourceRegistry());

        var execution = await engine.RunExecutionAsync("m", input);
        var history = await engine.GetExecutionHistoryAsync(execution.ExecutionArn);

        Assert.Equal(expected, execution.Output);
        Assert.Equal(input, history.Single(e => e.Type == HistoryEventType.PassStateEntered).InputJson);
        Assert.Equal(expected, history.Single(e => e.Type == HistoryEventType.PassStateExited).OutputJson);
    }

    [Fact]
    public async Task ResultPath_WhenAPathStepIsNotAnObject_ShouldRaiseMatchFailureWithTheInputUnchanged()
    {
        const string machine = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","ResultPath":"$.x.y",
              "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Done"}],"End":true},"Done":{"Type":"Pass","End":true}}}
            """;
        await using var engine = new LocalStepFunctions();
        var registry = new ResourceRegistry().BindFunction("arn:aws:lambda:us-east-1:123456789012:function:f", (_, _) => ValueTask.FromResult<JsonNode?>(JsonValue.Create(1)));
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(machine), registry);

        var execution = await engine.RunExecutionAsync("m", """{"x":"text","k":1}""");

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var output = JsonNode.Parse(execution.Output!)!;
        Assert.Equal("text", (string?)output["x"]);
        Assert.Equal(1, (int?)output["k"]);
        Assert.Equal("States.ResultPathMatchFailure", (string?)output["error"]!["Error"]);
    }

    [Fact]
    public void HistoryEvent_WhenSerialized_ShouldNestInputAndOutputAsJsonAndReadThemBack()
    {
        var recorded = new HistoryEvent
        {
            Id = 3, Timestamp = DateTimeOffset.UnixEpoch, Type = HistoryEventType.TaskStateExited, StateName = "S",
            InputText = JsonText.Parse("""{"a":"<b>"}"""), OutputText = JsonText.Parse("[1,2]"),
        };

        var text = JsonSerializer.Serialize(recorded, StepFunctionsJsonContext.Default.HistoryEvent);
        var back = JsonSerializer.Deserialize(text, StepFunctionsJsonContext.Default.HistoryEvent)!;

        Assert.Contains("\"input\":{\"a\":\"<b>\"}", text, StringComparison.Ordinal);
        Assert.Contains("\"output\":[1,2]", text, StringComparison.Ordinal);
        Assert.Equal("""{"a":"<b>"}""", back.InputJson);
        Assert.Equal("[1,2]", back.OutputJson);
        Assert.Equal("<b>", (string?)back.Input!["a"]);
    }
}
