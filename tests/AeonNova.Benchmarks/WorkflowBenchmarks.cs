using AeonNova.Analysis.Model;
using AeonNova.Analysis.Runbooks;
using AeonNova.Approvals;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Alerts;
using AeonNova.Core.Auth;
using AeonNova.Core.Ports;
using AeonNova.Core.Safety;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Commands;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Observability;
using AeonNova.Workflow.Planning;
using AeonNova.Local.Workflow;
using AeonNova.Safety;
using AeonNova.StepFunctions;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace AeonNova.Benchmarks;

/// <summary>
/// Whole remediation workflow (statemachines/remediation.asl.json) on the local engine with the real handlers
/// (Stream entry points, validator, plan parser) and in-memory fakes, auto-allowed diagnostics path:
/// RecordReceived → … → Analyze → ForgetModelRequest → ParsePlan → ValidateScript → ExecuteScript → poll → Diagnosed (23 states).
/// One operation = one execution; <see cref="Executions"/> run concurrently per invocation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ProcessCpuConfig))]
// Tiered JIT needs ~10,000 executions (≈ 40,000 when pinned to one core, where the JIT thread shares the core)
// before the hot paths reach their final code: warm up for 250 × 200.
[WarmupCount(250)]
[IterationCount(40)]
public class WorkflowBenchmarks
{
    private const int Executions = 200;
    private LocalStepFunctions _engine = null!;
    private LocalWorkflow _workflow = null!;
    private string[] _inputs = [];
    private string _root = "";
    private ApprovalPolicy _policy = null!;
    private AnalysisPlanning _planning = null!;
    private ScriptValidator _validator = null!;
    private ServiceProvider _services = null!;

    /// <summary>What a running host loads once: runbooks, prompts, the approval policy, the validator.</summary>
    [GlobalSetup]
    public void LoadOnce()
    {
        _root = RepoFiles.Root;
        _policy = ApprovalPolicyLoader.LoadFile(Path.Combine(_root, "config", "approval-policy.json"));
        _planning = new AnalysisPlanning(RunbookRepository.LoadFromDirectory(Path.Combine(_root, "runbooks")),
            AnalysisRequestBuilder.FromRegistry(ModelRegistry.LoadFromDirectory(Path.Combine(_root, "prompts"))));
        _validator = new ScriptValidator();
    }

    /// <summary>A fresh engine and empty stores per iteration, so the stores do not grow from one iteration to the next.</summary>
    [IterationSetup]
    public void Setup()
    {
        var root = _root;
        _engine = new LocalStepFunctions(new LocalStepFunctionsOptions { SkipWaits = true });
        var approvals = new ApprovalService(new InMemoryApprovalStore(), new LocalTaskTokenCallback(() => _engine),
            _policy, new ApprovalServiceOptions { BaseUrl = "http://127.0.0.1:5080" }, TimeProvider.System, new CryptoRandomSource());
        var executions = new InMemoryExecutionRecordStore();
        var services = new ServiceCollection().AddAeonNovaWorkflow(new WorkflowOptions());
        services.AddSingleton<IFunctionRuntimes>(new InProcessFunctionRuntimes(TextWriter.Null, TimeProvider.System));
        services.AddSingleton<IAlertStore>(new InMemoryAlertStore());
        services.AddSingleton<IExecutionRecordStore>(executions);
        services.AddSingleton<IAuditSink>(new InMemoryAuditSink());
        var executor = new ScriptedCommandExecutor();
        services.AddSingleton<ICommandLedgerStore>(new InMemoryCommandLedgerStore());
        services.AddSingleton<ICommandSender>(new ExecutorCommandSender(executor));
        services.AddSingleton(CommandLedgerOptions.SingleProcess);
        services.AddSingleton<IExecutionUsageMeter>(new EngineUsageMeter(() => _engine));
        services.AddSingleton<IWorkflowStarter>(new LocalWorkflowStarter(() => _workflow));
        services.AddSingleton<IAlertQueue>(new InMemoryAlertQueue());
        services.AddSingleton<IScriptValidator>(_validator);
        services.AddSingleton(_planning);
        services.AddSingleton(approvals);
        services.AddSingleton<IAlertIntake>(new AlertSources(new AlertParserRegistry(TimeProvider.System), new Dictionary<string, WebhookAuthenticator>(), TimeProvider.System));
        _services = services.BuildServiceProvider();
        var model = new ScriptedModelInvoker().Returns(ModelResponse);
        _workflow = LocalWorkflow.Register(_engine, Path.Combine(root, "statemachines", "remediation.asl.json"), _services, new LocalIntegrations
        {
            Model = model,
            Outbox = new InMemoryApprovalOutbox(),
            Executor = executor,
            Approvals = approvals,
            Executions = executions,
        });
        // Distinct fingerprints: one alert per execution, as in production (the loop guard counts per fingerprint).
        _inputs = [.. Enumerable.Range(0, Executions).Select(i => AlertDispatcher.InputJson(new CanonicalAlert
        {
            Id = $"bench-alert-{i}",
            Source = "alertmanager",
            Fingerprint = $"bench-fp-{i}",
            Status = AlertStatus.Firing,
            Severity = AlertSeverity.High,
            Title = "DiskSpaceLow on web-1",
            Description = "Filesystem / on web-1 is 93% full.",
            Host = "i-0abc123def4567890",
            Environment = "production",
            Os = OsFamily.Linux,
            ReceivedAt = DateTimeOffset.UtcNow,
        }))];
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _services.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Executions)]
    public async Task WholeWorkflowDiagnosticsAutoAllowed()
    {
        var runs = new Task<ExecutionDescription>[Executions];
        for (var i = 0; i < Executions; i++)
        {
            runs[i] = _engine.RunExecutionAsync(_workflow.StateMachine.StateMachineArn, _inputs[i]).AsTask();
        }
        foreach (var execution in await Task.WhenAll(runs))
        {
            if (execution.Status != ExecutionStatus.Succeeded)
            {
                throw new InvalidOperationException($"benchmark execution ended {execution.Status}: {execution.Error} {execution.Cause}");
            }
        }
    }

    private static readonly string ModelResponse =
        BedrockPlanResponse.ToolUse("df -h /\nuptime\n", needsHuman: true, risk: "low", summary: "Disk almost full; collect diagnostics.", diagnosis: "Unknown growth on /.");
}
