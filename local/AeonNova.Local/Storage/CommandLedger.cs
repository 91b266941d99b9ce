using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>
/// Port: makes executors idempotent per command id. A command is first reserved ("Pending": durable intent, nothing
/// started) before its id leaves the adapter, then claimed as "Running" before anything runs; a second request
/// for the same id returns the recorded result, one left "Pending" by a crash is claimed once by whoever comes
/// first, and one left "Running" comes back as "Undetermined" instead of running again (at most once: a human
/// decides about a half-run remediation).
/// </summary>
public interface ICommandLedger
{
    /// <summary>Writes the "Pending" row if the id has none yet (idempotent); returns the row as it now stands.</summary>
    CommandResult Reserve(string commandId, string executionName, string host, string executor, string language, string script);
    /// <summary>What <see cref="Reserve"/> recorded, to re-send a command a crash left "Pending" under the same id.</summary>
    HostCommandRow? Row(string commandId);
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

    public CommandResult Reserve(string commandId, string executionName, string host, string executor, string language, string script)
    {
        using (database.EnterWrite())
        {
            using var connection = database.Open();
            Insert(connection, "Pending", commandId, executionName, host, executor, language, script);
        }
        return Get(commandId)!;
    }

    public HostCommandRow? Row(string commandId)
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT execution_name, host, language, script FROM commands WHERE command_id = $id")
            .With("$id", commandId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new HostCommandRow(commandId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    public CommandResult? TryBegin(string commandId, string executionName, string host, string executor, string language, string script)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        if (Insert(connection, "Running", commandId, executionName, host, executor, language, script))
        {
            return null;
        }
        // A reserved command is claimed by exactly one caller: the conditional update succeeds once.
        using var claim = connection.Command("UPDATE commands SET status = 'Running', started_at = $at WHERE command_id = $id AND status = 'Pending'")
            .With("$id", commandId).With("$at", clock.GetUtcNow().Ms());
        if (claim.ExecuteNonQuery() == 1)
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

    private bool Insert(SqliteConnection connection, string status, string commandId, string executionName, string host,
        string executor, string language, string script)
    {
        using var insert = connection.Command("""
            INSERT OR IGNORE INTO commands(command_id, execution_name, host, executor, language, script, status, started_at)
            VALUES($id, $exec, $host, $executor, $language, $script, $status, $at)
            """).With("$id", commandId).With("$exec", executionName).With("$host", host).With("$executor", executor)
            .With("$language", language).With("$script", script).With("$status", status).With("$at", clock.GetUtcNow().Ms());
        return insert.ExecuteNonQuery() == 1;
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

/// <summary>A reserved command as the ledger keeps it: enough to send it again under the same id.</summary>
public sealed record HostCommandRow(string CommandId, string ExecutionName, string Host, string Language, string Script);
