namespace AeonNova.Core.Workflow;

/// <summary>Workflow policy knobs, read once from configuration (environment variables on Lambda).</summary>
public sealed record WorkflowOptions
{
    /// <summary>More than this many executed remediations of one fingerprint inside the window → a human takes over.</summary>
    public int LoopGuardLimit { get; init; } = 3;
    public TimeSpan LoopGuardWindow { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan HostHistoryWindow { get; init; } = TimeSpan.FromDays(7);
    public int HostHistoryLimit { get; init; } = 10;
    public int TopRunbooks { get; init; } = 3;
    /// <summary>Alerts of one fingerprint inside this window after a claim are duplicates.</summary>
    public TimeSpan DedupeCooldown { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>Run validator-allowed, read-only diagnostics without approval.</summary>
    public bool AutoRunDiagnostics { get; init; } = true;
    /// <summary>Also run validator-allowed remediation scripts without approval in these environments (e.g. "dev").</summary>
    public IReadOnlySet<string> AutoRunEnvironments { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    /// <summary>Auto-run only when the validator's risk score is at most this.</summary>
    public int MaxAutoRiskScore { get; init; } = 20;
    public int CommandTimeoutSeconds { get; init; } = 600;
    public int VerifyMaxAttempts { get; init; } = 6;
    public int VerifyRetryAfterSeconds { get; init; } = 30;
    /// <summary>Where Linux scripts keep each execution's pre-change snapshot (the rollback reads it): root/&lt;execution&gt;.</summary>
    public string StateRootLinux { get; init; } = Planning.ExecutionState.DefaultLinuxRoot;
    /// <summary>The same for Windows (PowerShell) scripts.</summary>
    public string StateRootWindows { get; init; } = Planning.ExecutionState.DefaultWindowsRoot;
    /// <summary>
    /// More than this many executions of one fingerprint inside <see cref="LoopGuardWindow"/> (approved, rejected,
    /// auto-resolved alike) → the alert is flapping: no plan, no approval.
    /// </summary>
    public int RunLimit { get; init; } = 6;
    /// <summary>
    /// Settle window by severity (critical, high, medium, low, info), seconds: the workflow waits this long, re-reads
    /// the alert state and goes on only if it is still firing. Severities not listed: 0.
    /// </summary>
    public IReadOnlyDictionary<string, int> SettleSeconds { get; init; } = DefaultSettleSeconds;

    public static IReadOnlyDictionary<string, int> DefaultSettleSeconds { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["critical"] = 0,
        ["high"] = 120,
        ["medium"] = 300,
        ["low"] = 300,
        ["info"] = 300,
    };

    /// <summary>
    /// Names this execution's state directory in the plan's script and rollback (<see cref="Planning.ExecutionState.Bind"/>):
    /// the execution name when the workflow runs, else the alert id.
    /// </summary>
    public Planning.RemediationPlan BindExecutionState(Planning.RemediationPlan plan, ExecutionRef? record, Alerts.CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var key = record is { ExecutionName.Length: > 0 } ? record.ExecutionName : alert.Id;
        return Planning.ExecutionState.Bind(plan, key, StateRootLinux, StateRootWindows);
    }

    /// <summary>Severity names match case-insensitively whatever comparer the configured dictionary has.</summary>
    public int SettleSecondsFor(Alerts.AlertSeverity severity)
    {
        var name = severity.ToString();
        foreach (var (key, seconds) in SettleSeconds)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return Math.Max(0, seconds);
            }
        }
        return 0;
    }
}
