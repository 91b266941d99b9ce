namespace AeonNova.Local.Storage;

/// <summary>
/// Port: makes executors idempotent per command id. A command is recorded as "Running" before anything runs;
/// a second request for the same id returns the recorded result, and one left "Running" by a crash comes back as
/// "Undetermined" instead of running again (at most once: a human decides about a half-run remediation).
/// </summary>
public interface ICommandLedger
{
    /// <summary>Null when the caller now owns the command and must run it; otherwise what is known about it.</summary>
    CommandResult? TryBegin(string commandId, string executionName, string host, string executor, string language, string script);
    void Finish(CommandResult result);
    /// <summary>Records one real invocation (the crash test counts these: never two for one id).</summary>
    void RecordRun(string commandId);
    CommandResult? Get(string commandId);
}

public sealed class SqliteCommandLedger : ICommandLedger
{
    private readonly SqliteDatabase database;
    private readonly TimeProvider clock;

    public SqliteCommandLedger(SqliteDatabase database, TimeProvider clock)
    {
        this.database = database;
        this.clock = clock;
    }

    public CommandResult? TryBegin(string commandId, string executionName, string host, string executor, string language, string script)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var insert = connection.Command("""
            INSERT OR IGNORE INTO commands(command_id, execution_name, host, executor, language, script, status, started_at)
            VALUES($id, $exec, $host, $executor, $language, $script, 'Running', $at)
            """).With("$id", commandId).With("$exec", executionName).With("$host", host).With("$executor", executor)
            .With("$language", language).With("$script", script).With("$at", clock.GetUtcNow().Ms());
        if (insert.ExecuteNonQuery() == 1)
        {
            return null;
        }
        var existing = Get(commandId)!;
        return existing.Status == "Running"
            ? existing with
            {
                Status = "Undetermined",
                Output = "The host stopped while this command was running; it is not run again automatically.",
            }
            : existing;
    }

    public void Finish(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var command = connection.Command("""
            UPDATE commands SET status = $status, finished_at = $at, exit_code = $code, output = $output, truncated = $truncated
            WHERE command_id = $id
            """).With("$id", result.CommandId).With("$status", result.Status).With("$at", (result.FinishedAt ?? clock.GetUtcNow()).Ms())
            .With("$code", result.ExitCode).With("$output", result.Output).With("$truncated", result.Truncated ? 1 : 0);
        command.ExecuteNonQuery();
    }

    public void RecordRun(string commandId)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var command = connection.Command("INSERT INTO command_runs(command_id, at) VALUES($id, $at)")
            .With("$id", commandId).With("$at", clock.GetUtcNow().Ms());
        command.ExecuteNonQuery();
    }

    public CommandResult? Get(string commandId)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            "SELECT command_id, status, exit_code, output, truncated, executor, started_at, finished_at FROM commands WHERE command_id = $id")
            .With("$id", commandId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        return new CommandResult
        {
            CommandId = reader.GetString(0),
            Status = reader.GetString(1),
            ExitCode = reader.IsDBNull(2) ? null : reader.GetInt32(2),
            Output = reader.NullableString(3) ?? "",
            Truncated = reader.GetInt32(4) == 1,
            Executor = reader.GetString(5),
            StartedAt = reader.At(6),
            FinishedAt = reader.IsDBNull(7) ? null : reader.At(7),
        };
    }
}
