using System.Text;
using System.Text.Json;
using AeonNova.StepFunctions;
using AeonNova.StepFunctions.Persistence;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>
/// The engine's execution store in SQLite: the full snapshot (history + checkpoint) as JSON, plus the columns
/// the API and UI list and filter by (status, current state, and the alert's host/severity/source/title taken
/// from the execution input once). Suspended executions survive restarts through this table.
/// </summary>
public sealed class SqliteEngineStore(SqliteDatabase database) : IExecutionStore
{
    private const string SummaryColumns =
        "arn, name, status, current_state, waiting, start_ms, stop_ms, alert_id, fingerprint, source, host, severity, title";

    /// <summary>Raised after every save (metrics and the live UI listen).</summary>
    public event Action<ExecutionSnapshot>? Saved;

    public ValueTask SaveAsync(ExecutionSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var alert = AlertFields.From(snapshot.Input);
        var current = snapshot.Checkpoint?.StateName ?? LastStateName(snapshot) ?? "";
        // Serialised before taking the write turn: the turn is held only for the write itself.
        var doc = JsonSerializer.Serialize(snapshot, StepFunctionsJsonContext.Default.ExecutionSnapshot);
        using (database.EnterWrite())
        using (var connection = database.Open())
        using (var command = connection.Command($"""
            INSERT INTO executions({SummaryColumns}, state_machine_arn, doc)
            VALUES($arn, $name, $status, $state, $waiting, $start, $stop, $alert, $fp, $source, $host, $severity, $title, $sm, $doc)
            ON CONFLICT(arn) DO UPDATE SET status = excluded.status, current_state = excluded.current_state,
                waiting = excluded.waiting, stop_ms = excluded.stop_ms, doc = excluded.doc
            """)
            .With("$arn", snapshot.ExecutionArn).With("$name", snapshot.Name).With("$status", snapshot.Status.ToApiString())
            .With("$state", current).With("$waiting", snapshot.Checkpoint?.TaskToken is null ? 0 : 1)
            .With("$start", snapshot.StartDate.Ms()).With("$stop", snapshot.StopDate?.Ms())
            .With("$alert", alert.Id).With("$fp", alert.Fingerprint).With("$source", alert.Source).With("$host", alert.Host)
            .With("$severity", alert.Severity).With("$title", alert.Title).With("$sm", snapshot.StateMachineArn)
            .With("$doc", doc))
        {
            command.ExecuteNonQuery();
        }
        Saved?.Invoke(snapshot);
        return ValueTask.CompletedTask;
    }

    public ValueTask<ExecutionSnapshot?> GetAsync(string executionArn, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Snapshot("arn = $key", executionArn));

    public ValueTask<IReadOnlyList<ExecutionSnapshot>> ListAsync(string? stateMachineArn = null, ExecutionStatus? status = null, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.Command("""
            SELECT doc FROM executions WHERE ($sm IS NULL OR state_machine_arn = $sm) AND ($status IS NULL OR status = $status)
            ORDER BY start_ms DESC
            """).With("$sm", stateMachineArn).With("$status", status?.ToApiString());
        using var reader = command.ExecuteReader();
        var list = new List<ExecutionSnapshot>();
        while (reader.Read())
        {
            list.Add(Deserialize(reader.GetString(0)));
        }
        return ValueTask.FromResult<IReadOnlyList<ExecutionSnapshot>>(list);
    }

    /// <summary>By execution name or ARN.</summary>
    public ExecutionSnapshot? Find(string nameOrArn) => Snapshot("arn = $key OR name = $key", nameOrArn);

    public IReadOnlyList<ExecutionSummary> List(ExecutionQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {SummaryColumns} FROM executions WHERE 1=1");
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
        if (string.Equals(query.Status, "WAITING", StringComparison.OrdinalIgnoreCase))
        {
            sql.Append(" AND status = 'RUNNING' AND waiting = 1");
        }
        else
        {
            Filter(query.Status, " AND status = upper($status)", "$status");
        }
        Filter(query.Host, " AND host = $host", "$host");
        Filter(query.Severity, " AND severity = lower($severity)", "$severity");
        Filter(query.Source, " AND source = lower($source)", "$source");
        Filter(query.Text, " AND (title LIKE '%' || $text || '%' OR name LIKE '%' || $text || '%' OR alert_id = $text)", "$text");
        sql.Append(" ORDER BY start_ms DESC, name LIMIT $limit");
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 100_000));
        command.CommandText = sql.ToString();
        using var r = command.ExecuteReader();
        var list = new List<ExecutionSummary>();
        while (r.Read())
        {
            list.Add(new ExecutionSummary
            {
                ExecutionArn = r.GetString(0),
                Name = r.GetString(1),
                Status = r.GetString(2),
                CurrentState = r.GetString(3),
                Waiting = r.GetInt32(4) == 1,
                StartDate = r.At(5),
                StopDate = r.IsDBNull(6) ? null : r.At(6),
                AlertId = r.GetString(7),
                Fingerprint = r.GetString(8),
                Source = r.GetString(9),
                Host = r.GetString(10),
                Severity = r.GetString(11),
                Title = r.GetString(12),
            });
        }
        return list;
    }

    /// <summary>Counts by API status, with RUNNING split into RUNNING and WAITING (suspended on a callback).</summary>
    public IReadOnlyDictionary<string, long> CountByStatus()
    {
        using var connection = database.Open();
        using var command = connection.Command(
            "SELECT CASE WHEN status = 'RUNNING' AND waiting = 1 THEN 'WAITING' ELSE status END, count(*) FROM executions GROUP BY 1");
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        return counts;
    }

    private ExecutionSnapshot? Snapshot(string where, string key)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT doc FROM executions WHERE {where} LIMIT 1").With("$key", key);
        return command.ExecuteScalar() is string doc ? Deserialize(doc) : null;
    }

    private static ExecutionSnapshot Deserialize(string doc) =>
        JsonSerializer.Deserialize(doc, StepFunctionsJsonContext.Default.ExecutionSnapshot)
            ?? throw new InvalidDataException("execution snapshot is empty");

    private static string? LastStateName(ExecutionSnapshot snapshot)
    {
        for (var i = snapshot.History.Count - 1; i >= 0; i--)
        {
            if (snapshot.History[i].StateName is { Length: > 0 } name)
            {
                return name;
            }
        }
        return null;
    }

    /// <summary>The alert fields of a workflow input {"alert": {...}}; empty strings when absent.</summary>
    private sealed record AlertFields(string Id, string Fingerprint, string Source, string Host, string Severity, string Title)
    {
        public static AlertFields From(string input)
        {
            try
            {
                using var doc = JsonDocument.Parse(input);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("alert", out var a) && a.ValueKind == JsonValueKind.Object)
                {
                    string S(string name) => a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
                    return new AlertFields(S("id"), S("fingerprint"), S("source"), S("host"), S("severity"), S("title"));
                }
            }
            catch (JsonException)
            {
                // Not an alert-shaped input (e.g. a hand-started execution): listed without alert fields.
            }
            return new AlertFields("", "", "", "", "", "");
        }
    }
}
