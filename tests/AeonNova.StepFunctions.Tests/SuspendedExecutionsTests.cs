using System.Diagnostics;
using AeonNova.StepFunctions.Persistence;
using AeonNova.StepFunctions.Tests.Support;
using Xunit.Abstractions;

namespace AeonNova.StepFunctions.Tests;

public sealed class SuspendedExecutionsTests(ITestOutputHelper output)
{
    private const int Count = 10_000;

    [Fact]
    [Trait("Category", "Integration")]
    [Trait("Spec", "Callback pattern at scale: 10,000 executions suspended on task tokens hold no thread and < 200 MB, and all complete")]
    public async Task SuspendedExecutions_When10000WaitOnTokens_ShouldStayUnder200MegabytesAndAllComplete()
    {
        var machine = new CallbackMachine();
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = new InMemoryExecutionStore() });
        engine.CreateStateMachine("approval", StateMachineDefinition.Parse(CallbackMachine.Definition(""","HeartbeatSeconds":3600,"TimeoutSeconds":86400""")), machine.Registry());
        var threadsBefore = Process.GetCurrentProcess().Threads.Count;
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var arns = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            arns[i] = (await engine.StartExecutionAsync("approval", $$"""{"alert":"alert-{{i}}"}""", $"alert-{i}")).ExecutionArn;
        }
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        var threads = Process.GetCurrentProcess().Threads.Count;

        Assert.Equal(Count, engine.RunningExecutionCount);
        Assert.Equal(Count, machine.Tokens.Count);
        Assert.True(retained < 200L * 1024 * 1024, $"{Count} suspended executions retain {retained / 1024 / 1024} MB");
        Assert.True(threads < threadsBefore + 50, $"suspended executions must not hold threads ({threadsBefore} → {threads})");

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        while (machine.Tokens.TryDequeue(out var token))
        {
            await engine.SendTaskSuccessAsync(token, """{"approved":true}""");
        }
        var sent = watch.Elapsed;
        foreach (var arn in arns)
        {
            Assert.Equal(ExecutionStatus.Succeeded, (await engine.WaitForExecutionAsync(arn)).Status);
        }
        watch.Stop();
        process.Refresh();
        output.WriteLine($"sending took {sent.TotalSeconds:F2} s; cpu {(process.TotalProcessorTime - cpuBefore).TotalSeconds:F2} s");
        output.WriteLine($"{Count} suspended executions: {retained / 1024.0 / 1024.0:F1} MB retained, {threads - threadsBefore} extra threads; completed all in {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(0, engine.RunningExecutionCount);
    }
}
