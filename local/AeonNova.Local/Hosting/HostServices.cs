using AeonNova.Core.Workflow;
using AeonNova.Local.Config;
using AeonNova.Local.Executors;
using AeonNova.Local.Ingest;
using AeonNova.Local.Runtime;
using AeonNova.Local.Storage;
using AeonNova.StepFunctions;

namespace AeonNova.Local.Hosting;

/// <summary>Everything the local host is built from, created once from the options (the composition root's output).</summary>
public sealed class HostServices
{
    public HostServices(AeonNovaOptions options, string dataDir, string configDirectory, TimeProvider clock, CrashPoints? crashPoints = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        CrashPoints = crashPoints ?? CrashPoints.None;
        Options = options;
        DataDir = dataDir;
        Clock = clock;
        Database = new SqliteDatabase(dataDir, options.Storage);
        Intake = new SourceIntake(options, clock, configDirectory);
        Queue = new SqliteIngestQueue(Database, clock, TimeSpan.FromSeconds(options.Queue.LeaseSeconds), options.Queue.MaxAttempts, Intake.Redactor.RedactJson);
        Alerts = new SqliteAlertStore(Database);
        Executions = new SqliteEngineStore(Database);
        Records = new SqliteExecutionRecordStore(Database);
        AuditSink = new FileAuditSink(dataDir);
        Ledger = new SqliteCommandLedger(Database, clock);
        Audit = new SqliteAuditLog(Database, clock);
        Executors = new ExecutorRouter(options.Executors,
            [new DryRunExecutor(clock), new LocalProcessExecutor(dataDir, clock), new SshExecutor(clock)], Ledger, CrashPoints);
        Commands = new SsmCommandAdapter(Executors, Ledger, CrashPoints);
        CommandSends = new SqliteCommandLedgerStore(Database);
        Metrics = new LocalMetrics(Executions, Queue, Records);
        Runtime = new EngineRuntime(new LocalStepFunctions(new LocalStepFunctionsOptions
        {
            Store = Executions,
            TimeProvider = clock,
            Region = "local-1",
            AccountId = "000000000000",
        }));
        WorkflowOptions = new AeonNova.Core.Workflow.WorkflowOptions
        {
            DedupeCooldown = TimeSpan.FromSeconds(options.Dedupe.CooldownSeconds),
            SettleSeconds = SettleWindow(options.Workflow.SettleSeconds),
            StateRootLinux = options.Workflow.StateRoot.Length > 0 ? options.Workflow.StateRoot : AeonNova.Core.Planning.ExecutionState.DefaultLinuxRoot,
        };
    }

    public AeonNovaOptions Options { get; }
    public string DataDir { get; }
    public TimeProvider Clock { get; }
    public SqliteDatabase Database { get; }
    public SqliteIngestQueue Queue { get; }
    public SqliteAlertStore Alerts { get; }
    public SqliteEngineStore Executions { get; }
    public SqliteExecutionRecordStore Records { get; }
    public FileAuditSink AuditSink { get; }
    public SqliteCommandLedger Ledger { get; }
    /// <summary>The workflow's ssm:sendCommand/getCommandInvocation over the executors (one instance: it tracks the runs it started).</summary>
    public SsmCommandAdapter Commands { get; }
    /// <summary>The SendCommand step's ledger (one row per execution, step and script, before anything is sent).</summary>
    public SqliteCommandLedgerStore CommandSends { get; }
    /// <summary>The kill -9 tests' hook (no-op unless AEONNOVA_TEST_CRASH_AT is set).</summary>
    public CrashPoints CrashPoints { get; }
    public SqliteAuditLog Audit { get; }
    public ExecutorRouter Executors { get; }
    public SourceIntake Intake { get; }
    public LocalMetrics Metrics { get; }
    public AcceptTraffic Accepts { get; } = new();
    public EngineRuntime Runtime { get; }
    public AeonNova.Core.Workflow.WorkflowOptions WorkflowOptions { get; }
    public string OutboxDirectory => Path.Combine(DataDir, "outbox");

    // Configured severities override the workflow's defaults one by one; the rest keep theirs.
    private static IReadOnlyDictionary<string, int> SettleWindow(IReadOnlyDictionary<string, int> configured)
    {
        var merged = new Dictionary<string, int>(AeonNova.Core.Workflow.WorkflowOptions.DefaultSettleSeconds, StringComparer.OrdinalIgnoreCase);
        foreach (var (severity, seconds) in configured)
        {
            merged[severity] = seconds;
        }
        return merged;
    }
}
