namespace AeonNova.Local.Executors;

/// <summary>
/// Test hook for the kill -9 tests of the command ledger: when the environment variable
/// <see cref="BoundaryVariable"/> names a boundary, a command that reaches it appends its id to the file named by
/// <see cref="MarkerVariable"/> and then never goes on, so the test can SIGKILL the host exactly there. A command
/// whose id the file already lists was held there once, by a host that was killed: it goes on, so the restarted
/// host (same variables) recovers the held commands while it holds the new ones: one process is both the recovery
/// of the last kill and the target of the next. Without the variable (every real installation)
/// <see cref="ReachAsync"/> completes at once and does nothing.
/// Boundaries: <c>before-ledger-write</c>, <c>after-ledger-write</c> (row durable, nothing started),
/// <c>during-run</c> (run recorded, executor not finished), <c>after-finish</c> (result in the ledger, the workflow
/// has not read it yet).
/// </summary>
public sealed class CrashPoints
{
    public const string BoundaryVariable = "AEONNOVA_TEST_CRASH_AT";
    public const string MarkerVariable = "AEONNOVA_TEST_CRASH_MARKER";

    public static readonly IReadOnlyList<string> Boundaries = ["before-ledger-write", "after-ledger-write", "during-run", "after-finish"];

    private readonly string? boundary;
    private readonly string? marker;
    private readonly Lock gate = new();

    private CrashPoints(string? boundary, string? marker)
    {
        this.boundary = boundary;
        this.marker = marker;
    }

    public static CrashPoints None { get; } = new(null, null);

    /// <summary>Reads the two variables; an unknown boundary name is refused so a typo cannot silently disable a test.</summary>
    public static CrashPoints FromEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var boundary = getEnvironmentVariable(BoundaryVariable);
        if (string.IsNullOrEmpty(boundary))
        {
            return None;
        }
        if (!Boundaries.Contains(boundary, StringComparer.Ordinal))
        {
            throw new ArgumentException($"{BoundaryVariable}='{boundary}' is not a crash boundary (known: {string.Join(", ", Boundaries)})");
        }
        var marker = getEnvironmentVariable(MarkerVariable);
        if (string.IsNullOrEmpty(marker))
        {
            throw new ArgumentException($"{BoundaryVariable} is set but {MarkerVariable} (the file the hook appends to) is not");
        }
        return new CrashPoints(boundary, marker);
    }

    /// <summary>
    /// Completed at once unless this is the configured boundary and the command was not held there before; then it
    /// never completes (the caller's flow stops here without holding a thread).
    /// </summary>
    public Task ReachAsync(string name, string commandId)
    {
        if (boundary is null || !string.Equals(boundary, name, StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }
        lock (gate)
        {
            if (File.Exists(marker) && File.ReadLines(marker!).Contains(commandId, StringComparer.Ordinal))
            {
                return Task.CompletedTask;
            }
            File.AppendAllText(marker!, commandId + "\n");
        }
        return Task.Delay(Timeout.Infinite);
    }
}
