using System.Text;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>Port: executions and their state-by-state history as the local host shows and resumes them.</summary>
public interface IExecutionLog
{
    ExecutionRecord? Get(string name);
    IReadOnlyList<ExecutionRecord> List(ExecutionQuery query);
    IReadOnlyList<ExecutionEvent> Events(string name);
    void AppendEvent(string name, string type, string state, string? detail);
    void SetStatus(string name, string status, string currentState, string? output = null, string? error = null, string? cause = null);
    IReadOnlyDictionary<string, long> CountByStatus();
    /// <summary>Executions a restart must pick up again: QUEUED, RUNNING, WAITING_FOR_APPROVAL.</summary>
    IReadOnlyList<ExecutionRecord> Active();
    /// <summary>Opaque engine snapshot for suspended executions (survives restarts).</summary>
    void SaveEngineState(string name, string? state);
    string? LoadEngineState(string name);
    string? ExecutionForAlert(string alertId);
}

public sealed class SqliteExecutionLog : IExecutionLog
{
    public const string Queued = "QUEUED";
    public const string Running = "RUNNING";
    public const string WaitingForApproval = "WAITING_FOR_APPROVAL";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    private const string Columns =
        "name, alert_id, fingerprint, source, host, severity, title, status, current_state, created_at, updated_at, input, output, error, cause";

    private readonly SqliteDatabase database;
    private readonly TimeProvider clock;

    public SqliteExecutionLog(SqliteDatabase database, TimeProvider clock)
    {
        this.database = database;
        this.clock = clock;
    }

    public ExecutionRecord? Get(string name)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT {Columns} FROM executions WHERE name = $name").With("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    public IReadOnlyList<ExecutionRecord> List(ExecutionQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {Columns} FROM executions WHERE 1=1");
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        void Filter(string? value, string clause, string parameter)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                sql.Append(clause);
                command.Parameters.AddWithValue(parameter, value.Trim());
            }
        }
        Filter(query.Status, " AND status = upper($status)", "$status");
        Filter(query.Host, " AND host = $host", "$host");
        Filter(query.Severity, " AND severity = lower($severity)", "$severity");
        Filter(query.Source, " AND source = lower($source)", "$source");
        Filter(query.Text, " AND (title LIKE '%' || $text || '%' OR name LIKE '%' || $text || '%' OR alert_id = $text)", "$text");
        sql.Append(" ORDER BY created_at DESC, name LIMIT $limit");
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 10_000));
        command.CommandText = sql.ToString();
        using var reader = command.ExecuteReader();
        var list = new List<ExecutionRecord>();
        while (reader.Read())
        {
            list.Add(Read(reader));
        }
        return list;
    }

    public IReadOnlyList<ExecutionEvent> Events(string name)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            "SELECT execution_name, seq, at, type, state, detail FROM execution_events WHERE execution_name = $name ORDER BY seq")
            .With("$name", name);
        using var reader = command.ExecuteReader();
        var events = new List<ExecutionEvent>();
        while (reader.Read())
        {
            events.Add(new ExecutionEvent(reader.GetString(0), reader.GetInt32(1), reader.At(2), reader.GetString(3), reader.GetString(4), reader.NullableString(5)));
        }
        return events;
    }

    public void AppendEvent(string name, string type, string state, string? detail)
    {
        using var connection = database.Open();
        using var command = connection.Command("""
            INSERT INTO execution_events(execution_name, seq, at, type, state, detail)
            VALUES($name, (SELECT coalesce(max(seq), 0) + 1 FROM execution_events WHERE execution_name = $name), $at, $type, $state, $detail)
            """).With("$name", name).With("$at", clock.GetUtcNow().Ms()).With("$type", type).With("$state", state).With("$detail", detail);
        command.ExecuteNonQuery();
    }

    public void SetStatus(string name, string status, string currentState, string? output = null, string? error = null, string? cause = null)
    {
        using var connection = database.Open();
        using var command = connection.Command("""
            UPDATE executions SET status = $status, current_state = $state, updated_at = $at,
                output = coalesce($output, output), error = coalesce($error, error), cause = coalesce($cause, cause)
            WHERE name = $name
            """).With("$name", name).With("$status", status).With("$state", currentState).With("$at", clock.GetUtcNow().Ms())
            .With("$output", output).With("$error", error).With("$cause", cause);
        command.ExecuteNonQuery();
    }

    public IReadOnlyDictionary<string, long> CountByStatus()
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT status, count(*) FROM executions GROUP BY status");
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        return counts;
    }

    public IReadOnlyList<ExecutionRecord> Active()
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT {Columns} FROM executions WHERE status IN ('{Queued}', '{Running}', '{WaitingForApproval}') ORDER BY created_at, name");
        using var reader = command.ExecuteReader();
        var list = new List<ExecutionRecord>();
        while (reader.Read())
        {
            list.Add(Read(reader));
        }
        return list;
    }

    public void SaveEngineState(string name, string? state)
    {
        using var connection = database.Open();
        using var command = connection.Command("UPDATE executions SET engine_state = $state WHERE name = $name")
            .With("$name", name).With("$state", state);
        command.ExecuteNonQuery();
    }

    public string? LoadEngineState(string name)
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT engine_state FROM executions WHERE name = $name").With("$name", name);
        return command.ExecuteScalar() as string;
    }

    public string? ExecutionForAlert(string alertId)
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT execution_name FROM alerts WHERE id = $id").With("$id", alertId);
        return command.ExecuteScalar() as string;
    }

    private static ExecutionRecord Read(SqliteDataReader r) => new()
    {
        Name = r.GetString(0),
        AlertId = r.GetString(1),
        Fingerprint = r.GetString(2),
        Source = r.GetString(3),
        Host = r.GetString(4),
        Severity = r.GetString(5),
        Title = r.GetString(6),
        Status = r.GetString(7),
        CurrentState = r.GetString(8),
        CreatedAt = r.At(9),
        UpdatedAt = r.At(10),
        Input = r.GetString(11),
        Output = r.NullableString(12),
        Error = r.NullableString(13),
        Cause = r.NullableString(14),
    };
}
