using System.Text.Json;
using AeonNova.StepFunctions.Persistence;
using AeonNova.StepFunctions.Resources;
using AeonNova.StepFunctions.Tests.Support;

namespace AeonNova.StepFunctions.Tests;

public sealed class ExecutionApiTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private const string WaitMachine = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":300,"Next":"Done"},"Done":{"Type":"Pass","Result":"done","End":true}}}""";

    [Fact]
    [Trait("Spec", "AWS StartExecution: the same name and input while open returns the same execution")]
    public async Task StartExecution_WhenSameNameAndInputWhileRunning_ShouldReturnSameExecution()
    {
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = new ManualTimeProvider() });
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(WaitMachine), new ResourceRegistry());

        var first = await engine.StartExecutionAsync("m", """{"a":1,"b":2}""", "alert-123");
        var second = await engine.StartExecutionAsync("m", """{ "b": 2, "a": 1 }""", "alert-123");

        Assert.Equal(first.ExecutionArn, second.ExecutionArn);
        Assert.Equal(first.StartDate, second.StartDate);
        Assert.Single(await engine.ListExecutionsAsync());
    }

    [Fact]
    [Trait("Spec", "AWS StartExecution: the same name with another input raises ExecutionAlreadyExists")]
    public async Task StartExecution_WhenSameNameOtherInput_ShouldRaiseExecutionAlreadyExists()
    {
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = new ManualTimeProvider() });
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(WaitMachine), new ResourceRegistry());
        await engine.StartExecutionAsync("m", """{"a":1}""", "alert-123");

        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.StartExecutionAsync("m", """{"a":2}""", "alert-123").AsTask());

        Assert.Equal(StepFunctionsErrorCodes.ExecutionAlreadyExists, ex.ErrorCode);
    }

    [Fact]
    [Trait("Spec", "AWS StartExecution: once the named execution has closed, the name cannot be reused (ExecutionAlreadyExists)")]
    public async Task StartExecution_WhenNamedExecutionClosed_ShouldRaiseExecutionAlreadyExists()
    {
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("m", StateMachineDefinition.Parse("""{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"""), new ResourceRegistry());
        var done = await engine.RunExecutionAsync("m", "{}", "once");
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);

        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.StartExecutionAsync("m", "{}", "once").AsTask());

        Assert.Equal(StepFunctionsErrorCodes.ExecutionAlreadyExists, ex.ErrorCode);
    }

    [Theory]
    [Trait("Spec", "AWS StartExecution: names are 1–80 characters without whitespace, brackets, wildcards or special characters")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("x*")]
    [InlineData("")]
    public async Task StartExecution_WhenNameInvalid_ShouldRaiseInvalidName(string name)
    {
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(WaitMachine), new ResourceRegistry());

        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.StartExecutionAsync("m", "{}", name).AsTask());

        Assert.Equal(StepFunctionsErrorCodes.InvalidName, ex.ErrorCode);
    }

    [Fact]
    [Trait("Spec", "AWS StartExecution: input must be JSON (InvalidExecutionInput); unknown machines raise StateMachineDoesNotExist")]
    public async Task StartExecution_WhenInputInvalidOrMachineUnknown_ShouldRaiseSpecificErrors()
    {
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(WaitMachine), new ResourceRegistry());

        var badInput = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.StartExecutionAsync("m", "{not json").AsTask());
        var noMachine = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.StartExecutionAsync("nope", "{}").AsTask());
        var noExecution = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.DescribeExecutionAsync("arn:aws:states:us-east-1:123456789012:execution:m:none").AsTask());

        Assert.Equal(StepFunctionsErrorCodes.InvalidExecutionInput, badInput.ErrorCode);
        Assert.Equal(StepFunctionsErrorCodes.StateMachineDoesNotExist, noMachine.ErrorCode);
        Assert.Equal(StepFunctionsErrorCodes.ExecutionDoesNotExist, noExecution.ErrorCode);
    }

    [Fact]
    [Trait("Spec", "ASL Wait state with TimeProvider: the execution waits without a thread until the clock reaches the time")]
    public async Task Wait_WhenFakeClockAdvances_ShouldCompleteWithoutRealDelay()
    {
        var time = new ManualTimeProvider();
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = time });
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(WaitMachine), new ResourceRegistry());
        var arn = (await engine.StartExecutionAsync("m", "{}")).ExecutionArn;

        time.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(ExecutionStatus.Running, (await engine.DescribeExecutionAsync(arn)).Status);
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(time.GetUtcNow(), result.StopDate);
    }

    [Fact]
    [Trait("Spec", "ASL state machine TimeoutSeconds: the execution ends TIMED_OUT with ExecutionTimedOut")]
    public async Task ExecutionTimeout_WhenMachineTimeoutElapses_ShouldEndTimedOut()
    {
        var time = new ManualTimeProvider();
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = time });
        var definition = WaitMachine.Replace("{\"StartAt\"", "{\"TimeoutSeconds\":60,\"StartAt\"", StringComparison.Ordinal);
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(definition), new ResourceRegistry());
        var arn = (await engine.StartExecutionAsync("m", "{}")).ExecutionArn;

        time.Advance(TimeSpan.FromSeconds(61));
        var result = await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(HistoryEventType.ExecutionTimedOut, (await engine.GetExecutionHistoryAsync(arn))[^1].Type);
    }

    [Fact]
    [Trait("Spec", "AWS StopExecution: a running execution (in a Wait state) becomes ABORTED")]
    public async Task StopExecution_WhenWaiting_ShouldAbort()
    {
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = new ManualTimeProvider() });
        engine.CreateStateMachine("m", StateMachineDefinition.Parse(WaitMachine), new ResourceRegistry());
        var arn = (await engine.StartExecutionAsync("m", "{}")).ExecutionArn;

        await engine.StopExecutionAsync(arn);
        var result = await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Aborted, result.Status);
    }

    [Fact]
    [Trait("Spec", "Runtime faults: a handler throwing any exception fails the task with the exception type as error, never crashing")]
    public async Task RunExecution_WhenHandlerThrowsUnexpectedException_ShouldFailWithTypeNameAsError()
    {
        await using var engine = new LocalStepFunctions();
        var registry = new ResourceRegistry().BindFunction("F", (_, _) => throw new InvalidOperationException("handler bug"));
        engine.CreateStateMachine("m", StateMachineDefinition.Parse("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:F","End":true}}}"""), registry);

        var result = await engine.RunExecutionAsync("m", "{}");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("InvalidOperationException", result.Error);
        Assert.Equal("handler bug", result.Cause);
    }

    [Fact]
    [Trait("Spec", "AWS Task TimeoutSeconds on a request-response task: a slow handler fails with States.Timeout")]
    public async Task TaskTimeout_WhenHandlerTooSlow_ShouldFailWithStatesTimeout()
    {
        var time = new ManualTimeProvider();
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = time });
        var never = new TaskCompletionSource<System.Text.Json.Nodes.JsonNode?>();
        var registry = new ResourceRegistry().BindFunction("F", (_, _) => new ValueTask<System.Text.Json.Nodes.JsonNode?>(never.Task));
        engine.CreateStateMachine("m", StateMachineDefinition.Parse("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:F","TimeoutSeconds":5,"End":true}}}"""), registry);
        var arn = (await engine.StartExecutionAsync("m", "{}")).ExecutionArn;

        time.Advance(TimeSpan.FromSeconds(6));
        var result = await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal("States.Timeout", result.Error);
        Assert.Contains(await engine.GetExecutionHistoryAsync(arn), e => e.Type == HistoryEventType.LambdaFunctionTimedOut);
    }

    [Fact]
    [Trait("Spec", "Execution store: a suspended execution (task token) is persisted and resumes after a restart")]
    public async Task ResumeExecutions_WhenEngineRestarts_ShouldContinueSuspendedExecutionWithSameToken()
    {
        var store = new InMemoryExecutionStore();
        var machine = new CallbackMachine();
        var definition = StateMachineDefinition.Parse(CallbackMachine.Definition());
        string arn;
        string token;
        await using (var first = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = store }))
        {
            first.CreateStateMachine("approval", definition, machine.Registry());
            arn = (await first.StartExecutionAsync("approval", """{"alert":"a"}""", "alert-1")).ExecutionArn;
            token = await machine.NextTokenAsync();
        }
        var persisted = await store.GetAsync(arn);
        Assert.Equal(ExecutionStatus.Running, persisted!.Status);
        Assert.Equal(token, persisted.Checkpoint!.TaskToken);
        // The snapshot survives serialization (the local host keeps it in SQLite).
        var json = JsonSerializer.Serialize(persisted, StepFunctionsJsonContext.Default.ExecutionSnapshot);
        var restored = JsonSerializer.Deserialize(json, StepFunctionsJsonContext.Default.ExecutionSnapshot)!;
        var newStore = new InMemoryExecutionStore();
        await newStore.SaveAsync(restored);

        await using var second = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = newStore });
        second.CreateStateMachine("approval", definition, machine.Registry());
        Assert.Equal(1, await second.ResumeExecutionsAsync());
        await second.SendTaskSuccessAsync(token, """{"approved":false}""");
        var result = await second.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"alert":"a","decision":{"approved":false}}""", result.Output);
        Assert.Empty(machine.Tokens); // the task was not published a second time
    }

    [Fact]
    [Trait("Spec", "Execution store: a Wait in progress resumes at its original deadline after a restart")]
    public async Task ResumeExecutions_WhenWaitingAtRestart_ShouldKeepDeadline()
    {
        var time = new ManualTimeProvider();
        var store = new InMemoryExecutionStore();
        var definition = StateMachineDefinition.Parse(WaitMachine);
        string arn;
        await using (var first = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = store, TimeProvider = time }))
        {
            first.CreateStateMachine("m", definition, new ResourceRegistry());
            arn = (await first.StartExecutionAsync("m", "{}")).ExecutionArn;
            time.Advance(TimeSpan.FromSeconds(200));
        }
        await using var second = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = store, TimeProvider = time });
        second.CreateStateMachine("m", definition, new ResourceRegistry());
        await second.ResumeExecutionsAsync();

        time.Advance(TimeSpan.FromSeconds(99));
        Assert.Equal(ExecutionStatus.Running, (await second.DescribeExecutionAsync(arn)).Status);
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await second.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("\"done\"", result.Output);
    }
}
