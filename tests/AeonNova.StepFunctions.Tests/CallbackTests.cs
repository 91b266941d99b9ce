using AeonNova.StepFunctions.Tests.Support;

namespace AeonNova.StepFunctions.Tests;

public sealed class CallbackTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static async Task<(LocalStepFunctions Engine, CallbackMachine Machine, string Arn, ManualTimeProvider Time)> StartAsync(string extra = "")
    {
        var time = new ManualTimeProvider();
        var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = time });
        var machine = new CallbackMachine();
        engine.CreateStateMachine("approval", StateMachineDefinition.Parse(CallbackMachine.Definition(extra)), machine.Registry());
        var started = await engine.StartExecutionAsync("approval", """{"alert":"disk"}""");
        return (engine, machine, started.ExecutionArn, time);
    }

    [Fact]
    [Trait("Spec", "AWS callback pattern: .waitForTaskToken pauses until SendTaskSuccess; its output is the task result")]
    public async Task SendTaskSuccess_WhenTaskWaitsForToken_ShouldResumeWithCallbackOutput()
    {
        var (engine, machine, arn, _) = await StartAsync();
        await using var _ = engine;
        var token = await machine.NextTokenAsync();
        Assert.Equal(ExecutionStatus.Running, (await engine.DescribeExecutionAsync(arn)).Status);

        await engine.SendTaskSuccessAsync(token, """{"approved":true}""");
        var result = await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"alert":"disk","decision":{"approved":true}}""", result.Output);
        var types = (await engine.GetExecutionHistoryAsync(arn)).Select(e => e.Type).ToList();
        Assert.Equal([HistoryEventType.TaskScheduled, HistoryEventType.TaskStarted, HistoryEventType.TaskSubmitted, HistoryEventType.TaskSucceeded],
            types.Where(t => t.ToString().StartsWith("Task", StringComparison.Ordinal) && !t.ToString().Contains("State", StringComparison.Ordinal)));
    }

    [Fact]
    [Trait("Spec", "AWS SendTaskFailure: the task fails with the given error and cause")]
    public async Task SendTaskFailure_WhenTaskWaits_ShouldFailExecutionWithError()
    {
        var (engine, machine, arn, _) = await StartAsync();
        await using var _ = engine;
        var token = await machine.NextTokenAsync();

        await engine.SendTaskFailureAsync(token, "Approval.Rejected", "no");
        var result = await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("Approval.Rejected", result.Error);
        Assert.Equal("no", result.Cause);
    }

    [Fact]
    [Trait("Spec", "AWS SendTaskSuccess: a token that was already used is refused with TaskDoesNotExist")]
    public async Task SendTaskSuccess_WhenTokenAlreadyUsed_ShouldRaiseTaskDoesNotExist()
    {
        var (engine, machine, arn, _) = await StartAsync();
        await using var _ = engine;
        var token = await machine.NextTokenAsync();
        await engine.SendTaskSuccessAsync(token, "{}");

        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.SendTaskSuccessAsync(token, "{}").AsTask());

        Assert.Equal(StepFunctionsErrorCodes.TaskDoesNotExist, ex.ErrorCode);
        await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);
        var afterClose = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.SendTaskFailureAsync(token, "E").AsTask());
        Assert.Equal(StepFunctionsErrorCodes.TaskDoesNotExist, afterClose.ErrorCode);
    }

    [Fact]
    [Trait("Spec", "AWS SendTaskSuccess: an unknown token gets TaskDoesNotExist, a malformed one InvalidToken")]
    public async Task SendTaskSuccess_WhenTokenUnknownOrMalformed_ShouldRaiseSpecificErrors()
    {
        await using var engine = new LocalStepFunctions();

        var unknown = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.SendTaskSuccessAsync(engine.NewTaskToken(), "{}").AsTask());
        var malformed = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.SendTaskHeartbeatAsync("not-a-token").AsTask());

        Assert.Equal(StepFunctionsErrorCodes.TaskDoesNotExist, unknown.ErrorCode);
        Assert.Equal(StepFunctionsErrorCodes.InvalidToken, malformed.ErrorCode);
    }

    [Fact]
    [Trait("Spec", "AWS SendTaskSuccess: output must be valid JSON (InvalidOutput)")]
    public async Task SendTaskSuccess_WhenOutputIsNotJson_ShouldRaiseInvalidOutputAndKeepWaiting()
    {
        var (engine, machine, arn, _) = await StartAsync();
        await using var _ = engine;
        var token = await machine.NextTokenAsync();

        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.SendTaskSuccessAsync(token, "{oops").AsTask());

        Assert.Equal(StepFunctionsErrorCodes.InvalidOutput, ex.ErrorCode);
        Assert.Equal(ExecutionStatus.Running, (await engine.DescribeExecutionAsync(arn)).Status);
    }

    [Fact]
    [Trait("Spec", "ASL TimeoutSeconds: a callback task not completed in time fails with States.Timeout")]
    public async Task Timeout_WhenCallbackNeverArrives_ShouldFailWithStatesTimeout()
    {
        var (engine, machine, arn, time) = await StartAsync(""","TimeoutSeconds":3600""");
        await using var _ = engine;
        var token = await machine.NextTokenAsync();

        time.Advance(TimeSpan.FromSeconds(3599));
        Assert.Equal(ExecutionStatus.Running, (await engine.DescribeExecutionAsync(arn)).Status);
        time.Advance(TimeSpan.FromSeconds(2));
        var result = await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Timeout", result.Error);
        Assert.Contains(await engine.GetExecutionHistoryAsync(arn), e => e.Type == HistoryEventType.TaskTimedOut);
        var late = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.SendTaskSuccessAsync(token, "{}").AsTask());
        Assert.Equal(StepFunctionsErrorCodes.TaskDoesNotExist, late.ErrorCode);
    }

    [Fact]
    [Trait("Spec", "ASL HeartbeatSeconds: SendTaskHeartbeat resets the clock; a missed heartbeat fails with States.HeartbeatTimeout")]
    public async Task Heartbeat_WhenSentInTimeThenMissed_ShouldExtendThenFailWithHeartbeatTimeout()
    {
        var (engine, machine, arn, time) = await StartAsync(""","HeartbeatSeconds":60,"TimeoutSeconds":600""");
        await using var _ = engine;
        var token = await machine.NextTokenAsync();

        time.Advance(TimeSpan.FromSeconds(50));
        await engine.SendTaskHeartbeatAsync(token);
        time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(ExecutionStatus.Running, (await engine.DescribeExecutionAsync(arn)).Status);
        time.Advance(TimeSpan.FromSeconds(11));
        var result = await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.HeartbeatTimeout", result.Error);
    }

    [Fact]
    [Trait("Spec", "AWS errors: States.Timeout in a Catch also matches a heartbeat timeout")]
    public async Task Heartbeat_WhenCaughtAsStatesTimeout_ShouldRouteToCatcher()
    {
        var time = new ManualTimeProvider();
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = time });
        var machine = new CallbackMachine();
        var definition = CallbackMachine.Definition(""","HeartbeatSeconds":30,"Catch":[{"ErrorEquals":["States.Timeout"],"ResultPath":"$.err","Next":"Expired"}]""")
            .Replace("\"End\":true}}}", "\"End\":true},\"Expired\":{\"Type\":\"Pass\",\"OutputPath\":\"$.err.Error\",\"End\":true}}}", StringComparison.Ordinal);
        engine.CreateStateMachine("approval", StateMachineDefinition.Parse(definition), machine.Registry());
        var arn = (await engine.StartExecutionAsync("approval", """{"alert":"x"}""")).ExecutionArn;
        await machine.NextTokenAsync();

        time.Advance(TimeSpan.FromSeconds(31));
        var result = await engine.WaitForExecutionAsync(arn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("\"States.HeartbeatTimeout\"", result.Output);
    }

    [Fact]
    [Trait("Spec", "AWS StopExecution: the execution becomes ABORTED and its pending task token is invalid")]
    public async Task StopExecution_WhenWaitingForToken_ShouldAbortAndInvalidateToken()
    {
        var (engine, machine, arn, _) = await StartAsync();
        await using var _ = engine;
        var token = await machine.NextTokenAsync();

        var stopped = await engine.StopExecutionAsync(arn, "Operator.Stop", "manual");

        Assert.Equal(ExecutionStatus.Aborted, stopped.Status);
        Assert.Equal("Operator.Stop", stopped.Error);
        Assert.NotNull(stopped.StopDate);
        Assert.Equal(HistoryEventType.ExecutionAborted, (await engine.GetExecutionHistoryAsync(arn))[^1].Type);
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.SendTaskSuccessAsync(token, "{}").AsTask());
        Assert.Equal(StepFunctionsErrorCodes.TaskDoesNotExist, ex.ErrorCode);
        Assert.Equal(0, engine.RunningExecutionCount);
    }

    [Fact]
    [Trait("Spec", "AWS callback pattern: the token is valid once the task starts, so a callback sent while the integration call is still running completes the task")]
    public async Task SendTaskSuccess_WhenSentDuringTheIntegrationCall_ShouldCompleteTheTask()
    {
        var time = new ManualTimeProvider();
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = time });
        var registry = new AeonNova.StepFunctions.Resources.ResourceRegistry().Bind("arn:aws:states:::sns:publish", async (invocation, _) =>
        {
            // What the local approval binding does when the approval was cancelled before the token was registered.
            await engine.SendTaskSuccessAsync(invocation.TaskToken!, """{"decision":"cancelled"}""");
            return AeonNova.StepFunctions.Resources.ServiceResponses.SnsPublish("msg-1", "req-1");
        });
        engine.CreateStateMachine("approval", StateMachineDefinition.Parse(CallbackMachine.Definition(""","TimeoutSeconds":60""")), registry);
        var started = await engine.StartExecutionAsync("approval", """{"alert":"disk"}""");

        var result = await engine.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"alert":"disk","decision":{"decision":"cancelled"}}""", result.Output);
    }

    [Fact]
    [Trait("Spec", "AWS callback pattern: when the integration call fails, its token is dead (TaskDoesNotExist)")]
    public async Task SendTaskSuccess_WhenTheIntegrationCallFailed_ShouldRaiseTaskDoesNotExist()
    {
        var time = new ManualTimeProvider();
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = time });
        string? token = null;
        var registry = new AeonNova.StepFunctions.Resources.ResourceRegistry().Bind("arn:aws:states:::sns:publish", (invocation, _) =>
        {
            token = invocation.TaskToken;
            throw new AeonNova.StepFunctions.Resources.TaskFailedException("SNS.NotFound", "no topic");
        });
        engine.CreateStateMachine("approval", StateMachineDefinition.Parse(CallbackMachine.Definition()), registry);
        var started = await engine.StartExecutionAsync("approval", """{"alert":"disk"}""");
        var result = await engine.WaitForExecutionAsync(started.ExecutionArn).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("SNS.NotFound", result.Error);
        var error = await Assert.ThrowsAsync<StepFunctionsException>(async () => await engine.SendTaskSuccessAsync(token!, "{}"));
        Assert.Equal(StepFunctionsErrorCodes.TaskDoesNotExist, error.ErrorCode);
    }
}
