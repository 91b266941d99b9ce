using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.Analysis.Model;
using AeonNova.Analysis.Runbooks;
using AeonNova.Approvals;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Alerts;
using AeonNova.Core.Auth;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Commands;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Observability;
using AeonNova.Workflow.Outbound;
using AeonNova.Workflow.Planning;
using AeonNova.Local.Workflow;
using AeonNova.StepFunctions;
using Microsoft.Extensions.DependencyInjection;

namespace AeonNova.Testing;

/// <summary>
/// remediation.asl.json on the local engine with the real handlers (real validator, planner, plan parser,
/// approvals service) and in-memory fakes for AWS: stores, model, approval outbox, command executor, HTTP.
/// </summary>
public sealed partial class WorkflowHarness : IAsyncDisposable
{
    public const string WebhookToken = "test-bearer-token-0123456789";

    public WorkflowHarness(Func<WorkflowOptions, WorkflowOptions>? configure = null, bool modelEnabled = true)
    {
        Clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero));
        Engine = new LocalStepFunctions(new LocalStepFunctionsOptions { TimeProvider = Clock, SkipWaits = true });
        var approvalStore = new InMemoryApprovalStore();
        Approvals = new ApprovalService(
            approvalStore,
            new LocalTaskTokenCallback(() => Engine),
            ApprovalPolicyLoader.LoadFile(RepoFiles.Path("config", "approval-policy.json")),
            new ApprovalServiceOptions { BaseUrl = "http://127.0.0.1:5080" },
            Clock,
            new CryptoRandomSource());
        var runbooks = RunbookRepository.LoadFromDirectory(RepoFiles.Path("runbooks"));
        var requests = modelEnabled ? AnalysisRequestBuilder.FromRegistry(ModelRegistry.LoadFromDirectory(RepoFiles.Path("prompts"))) : null;
        var planning = new AnalysisPlanning(runbooks, requests);
        // No settle window by default: the path tests look at planning and approval; the settle tests set their own.
        var options = new WorkflowOptions { VerifyMaxAttempts = 3, SettleSeconds = new Dictionary<string, int>() };
        options = configure?.Invoke(options) ?? options;
        Http = new FakeHttpHandler();
        var services = new ServiceCollection().AddAeonNovaWorkflow(options);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IFunctionRuntimes>(new InProcessFunctionRuntimes(Log, Clock));
        services.AddSingleton<IAlertStore>(AlertStore);
        services.AddSingleton<IExecutionRecordStore>(Executions);
        services.AddSingleton<IAuditSink>(Audit);
        services.AddSingleton<ICommandLedgerStore>(CommandLedger);
        services.AddSingleton<ICommandSender>(new ExecutorCommandSender(Executor));
        services.AddSingleton(CommandLedgerOptions.SingleProcess);
        services.AddSingleton<IExecutionUsageMeter>(new EngineUsageMeter(() => Engine));
        services.AddSingleton<IWorkflowStarter>(new LocalWorkflowStarter(() => Workflow!));
        services.AddSingleton<IAlertQueue>(Queue);
        services.AddSingleton(planning);
        services.AddSingleton(Approvals);
        services.AddSingleton<IAlertIntake>(new AlertSources(
            new AlertParserRegistry(Clock),
            new Dictionary<string, WebhookAuthenticator>
            {
                ["alertmanager"] = new(new WebhookAuthOptions { Kind = WebhookAuthKind.Bearer, Secrets = [WebhookToken] }),
            },
            Clock));
        services.AddSingleton(new HttpClient(Http));
        services.AddSingleton(new CloseOutOptions
        {
            Webhook = new WebhookOptions { Url = new Uri("https://hooks.example.com/aeonnova"), Secret = "hook-secret" },
        });
        Services = services.BuildServiceProvider();
        Runtimes = Services.GetRequiredService<IFunctionRuntimes>();
        Workflow = LocalWorkflow.Register(Engine, RepoFiles.Definition, Services, new LocalIntegrations
        {
            Model = Model,
            Outbox = Outbox,
            Executor = Executor,
            Approvals = Approvals,
            Executions = Executions,
        });
    }

    public ManualClock Clock { get; }
    public LocalStepFunctions Engine { get; }
    public LocalWorkflow Workflow { get; }
    /// <summary>The composition root's provider: the workflow's services over the in-memory adapters.</summary>
    public ServiceProvider Services { get; }
    public IFunctionRuntimes Runtimes { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
    public ApprovalService Approvals { get; }
    public InMemoryAlertStore AlertStore { get; } = new();
    public InMemoryExecutionRecordStore Executions { get; } = new();
    public InMemoryAuditSink Audit { get; } = new();
    public InMemoryAlertQueue Queue { get; } = new();
    public ScriptedModelInvoker Model { get; } = new();
    public InMemoryApprovalOutbox Outbox { get; } = new();
    public ScriptedCommandExecutor Executor { get; } = new();
    /// <summary>The SendCommand step's ledger (ExecuteScript, ExecuteRollback).</summary>
    public InMemoryCommandLedgerStore CommandLedger { get; } = new();
    public FakeHttpHandler Http { get; }
    public StringWriter Log { get; } = new();

    public static CanonicalAlert Alert(string fingerprint = "fp-disk-web-1", AlertStatus status = AlertStatus.Firing, string id = "alert-1") => new()
    {
        Id = id,
        Source = "alertmanager",
        SourceId = fingerprint,
        Fingerprint = fingerprint,
        Status = status,
        Severity = AlertSeverity.High,
        Title = "DiskSpaceLow on web-1",
        Description = "Filesystem / on web-1 is 93% full.",
        Host = "i-0abc123def4567890",
        Service = "web",
        Environment = "production",
        Os = OsFamily.Linux,
        Labels = new Dictionary<string, string> { ["alertname"] = "DiskSpaceLow", ["mountpoint"] = "/" },
        StartedAt = new DateTimeOffset(2026, 11, 23, 4, 55, 0, TimeSpan.Zero),
        ReceivedAt = new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero),
    };

    /// <summary>A Bedrock (Nova, Converse shape) response whose tool call carries the plan.</summary>
    public static string ModelPlan(string script, bool needsHuman = false, string risk = "medium", string verification = "",
        string? rollback = null, string noRollbackReason = "") =>
        BedrockPlanResponse.ToolUse(script, needsHuman: needsHuman, risk: risk, verification: verification,
            rollbackScript: rollback, noRollbackReason: noRollbackReason);

    public const string DiagnosticScript = "df -h /\nuptime\n";
    public const string FixScript = "journalctl --vacuum-time=2d\ndf -h /\n";

    public static string Input(CanonicalAlert alert) => AlertDispatcher.InputJson(alert);

    public async Task<ExecutionDescription> RunAsync(CanonicalAlert alert, string name = "exec-1")
    {
        var started = await Engine.StartExecutionAsync(Workflow.StateMachine.StateMachineArn, Input(alert), name);
        return await WaitAsync(started.ExecutionArn);
    }

    public async Task<string> StartAsync(CanonicalAlert alert, string name = "exec-1") =>
        (await Engine.StartExecutionAsync(Workflow.StateMachine.StateMachineArn, Input(alert), name)).ExecutionArn;

    public async Task<ExecutionDescription> WaitAsync(string executionArn)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            return await Engine.WaitForExecutionAsync(executionArn, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            var history = await Engine.GetExecutionHistoryAsync(executionArn);
            var path = string.Join(" > ", history.Where(e => e.Type.ToString().EndsWith("StateEntered", StringComparison.Ordinal)).Select(e => e.StateName));
            throw new TimeoutException($"execution still running after {path}; last event: {history[^1].Type} {history[^1].Output?.ToJsonString() ?? history[^1].Input?.ToJsonString()}");
        }
    }

    /// <summary>The state names entered, in order (the path through the definition).</summary>
    public async Task<IReadOnlyList<string>> PathAsync(string executionArn) =>
        [.. (await Engine.GetExecutionHistoryAsync(executionArn))
            .Where(e => e.Type.ToString().EndsWith("StateEntered", StringComparison.Ordinal))
            .Select(e => e.StateName!)];

    public async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string executionArn) => await Engine.GetExecutionHistoryAsync(executionArn);

    /// <summary>Waits until the workflow has published the n-th approval email (it then waits for the token).</summary>
    public async Task<ApprovalPublication> WaitForApprovalEmailAsync(int count = 1)
    {
        for (var i = 0; i < 600; i++)
        {
            var messages = Outbox.Messages;
            if (messages.Count >= count && await Approvals.GetAsync(messages[count - 1].ApprovalId, CancellationToken.None) is { TaskToken: not null })
            {
                return messages[count - 1];
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"no approval email #{count} with a registered task token; log:\n{Log}");
    }

    /// <summary>Decides through the approvals domain exactly as the POST /approvals/{id} page does, with the emailed link.</summary>
    public async Task<ApprovalResult> DecideAsync(ApprovalPublication email, DecisionOutcome decision)
    {
        // The published notice never carries a link; each approver's link comes from the delivery step.
        if (LinkPattern().IsMatch(email.Message))
        {
            throw new InvalidOperationException($"the published approval notice holds a link: {email.Message}");
        }
        var delivered = await Approvals.DeliverAsync(email.ApprovalId, CancellationToken.None);
        var link = delivered.Count > 0 && delivered[0].Links.Count == 1 ? LinkPattern().Match(delivered[0].Links[0].Url) : null;
        if (link is null || !link.Success || link.Groups["id"].Value != email.ApprovalId)
        {
            throw new InvalidOperationException($"no personal link was delivered for approval {email.ApprovalId}");
        }
        var record = await Approvals.GetAsync(email.ApprovalId, CancellationToken.None);
        return await Approvals.DecideAsync(email.ApprovalId, new DecisionRequest
        {
            Token = link.Groups["token"].Value,
            Decision = decision,
            ScriptSha256 = record!.ScriptSha256,
        }, new ClientInfo("127.0.0.1", "tests"), CancellationToken.None);
    }

    public static JsonNode Output(ExecutionDescription execution) => JsonNode.Parse(execution.Output ?? "null")!;

    public static string Json(object? value) => JsonSerializer.Serialize(value);

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Services.DisposeAsync();
    }

    [GeneratedRegex(@"/approvals/(?<id>[A-Za-z0-9_-]+)\?t=(?<token>[A-Za-z0-9_-]+)")]
    private static partial Regex LinkPattern();
}
