using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions;
using AeonNova.StepFunctions.Mocks;
using AeonNova.StepFunctions.Persistence;
using AeonNova.StepFunctions.Resources;
using BenchmarkDotNet.Attributes;

namespace AeonNova.Benchmarks;

/// <summary>
/// In-process ASL engine: executions per second of the remediation-shaped benchmark (history on and off), and
/// 10,000 executions suspended on task tokens then completed. Run:
/// dotnet run -c Release --project tests/AeonNova.Benchmarks -- --filter '*AslEngine*' --job short
/// </summary>
[MemoryDiagnoser]
public class AslEngineBenchmarks
{
    private const string Machine = "remediation-shaped";
    private const string CallbackDefinition = """
        {"StartAt":"RequestApproval","States":{"RequestApproval":{"Type":"Task","Resource":"arn:aws:states:::sns:publish.waitForTaskToken",
          "Parameters":{"Message":{"token.$":"$$.Task.Token"}},"HeartbeatSeconds":3600,"ResultPath":"$.decision","End":true}}}
        """;

    private LocalStepFunctions _withHistory = null!;
    private LocalStepFunctions _withoutHistory = null!;
    private string _input = "";

    [GlobalSetup]
    public void Setup()
    {
        var folder = RepoFiles.Path("tests", "AeonNova.StepFunctions.Tests", "Fixtures", "Bench");
        var definition = StateMachineDefinition.Load(Path.Combine(folder, "remediation-shaped.asl.json"));
        var registry = MockConfig.Load(Path.Combine(folder, "remediation-shaped.mocks.json")).CreateRegistry(Machine, "Bench");
        _input = File.ReadAllText(Path.Combine(folder, "remediation-shaped.input.json"));
        _withHistory = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = new InMemoryExecutionStore(64) });
        _withHistory.CreateStateMachine(Machine, definition, registry);
        _withoutHistory = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = new InMemoryExecutionStore(64), RecordHistory = false });
        _withoutHistory.CreateStateMachine(Machine, definition, registry);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _withHistory.DisposeAsync();
        await _withoutHistory.DisposeAsync();
    }

    [Benchmark(Description = "remediation-shaped, history on")]
    public async Task<ExecutionDescription> RemediationShapedWithHistory() => await _withHistory.RunExecutionAsync(Machine, _input);

    [Benchmark(Description = "remediation-shaped, history off")]
    public async Task<ExecutionDescription> RemediationShapedWithoutHistory() => await _withoutHistory.RunExecutionAsync(Machine, _input);

    [Benchmark(Description = "10,000 executions suspended on task tokens, then all completed")]
    public async Task<int> SuspendAndComplete10000()
    {
        var tokens = new ConcurrentQueue<string>();
        await using var engine = new LocalStepFunctions();
        engine.CreateStateMachine("approval", StateMachineDefinition.Parse(CallbackDefinition), new ResourceRegistry().Bind("sns:publish", (invocation, _) =>
        {
            tokens.Enqueue(invocation.TaskToken!);
            return ValueTask.FromResult<JsonNode?>(null);
        }));
        var arns = new string[10_000];
        for (var i = 0; i < arns.Length; i++) { arns[i] = (await engine.StartExecutionAsync("approval", "{}")).ExecutionArn; }
        while (tokens.TryDequeue(out var token)) { await engine.SendTaskSuccessAsync(token, """{"approved":true}"""); }
        foreach (var arn in arns) { await engine.WaitForExecutionAsync(arn); }
        return arns.Length;
    }
}
