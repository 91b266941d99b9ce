using System.Text.Json;
using AeonNova.Core.Cost;
using AeonNova.Core.Ports;

namespace AeonNova.Local.Storage;

/// <summary>
/// The workflow's execution records (remediation history, loop guard). One JSON document per record plus the
/// columns the history queries filter on (the DynamoDB adapter's GSIs).
/// </summary>
public sealed class SqliteExecutionRecordStore(SqliteDatabase database) : IExecutionRecordStore
{
    public Task PutAsync(ExecutionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        Put(connection, null, record);
        return Task.CompletedTask;
    }

    public Task<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT doc FROM execution_records WHERE execution_id = $id").With("$id", executionId);
        return Task.FromResult(command.ExecuteScalar() is string doc ? Deserialize(doc) : null);
    }

    public Task<IReadOnlyList<ExecutionRecord>> ListByFingerprintAsync(string fingerprint, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query("fingerprint = $key", fingerprint, since, 1000));

    public Task<IReadOnlyList<ExecutionRecord>> ListByHostAsync(string host, DateTimeOffset since, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query("host = $key", host, since, limit));

    public Task PatchAsync(string executionId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var read = connection.Command("SELECT doc FROM execution_records WHERE execution_id = $id", transaction).With("$id", executionId);
        if (read.ExecuteScalar() is string doc)
        {
            Put(connection, transaction, ExecutionRecordPatch.Apply(Deserialize(doc), attributes));
        }
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>The cost an execution's record carries (USD at AWS prices), or null before RecordOutcome ran.</summary>
    public double? CostOf(string executionId)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT json_extract(doc, '$.attributes.\"{CostAttributes.TotalUsd}\"') FROM execution_records WHERE execution_id = $id")
            .With("$id", executionId);
        return command.ExecuteScalar() is string text && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var usd)
            ? usd
            : null;
    }

    /// <summary>
    /// Recorded cost per outcome (the record's status): how many executions carry a cost and its sum in USD. Read at
    /// /metrics scrape time, so the figures survive restarts and count every host writing this database.
    /// </summary>
    public IReadOnlyDictionary<string, (int Executions, double Usd)> CostByOutcome()
    {
        using var connection = database.Open();
        using var command = connection.Command($"""
            SELECT json_extract(doc, '$.status'), COUNT(*), SUM(CAST(json_extract(doc, '$.attributes."{CostAttributes.TotalUsd}"') AS REAL))
            FROM execution_records WHERE json_extract(doc, '$.attributes."{CostAttributes.TotalUsd}"') IS NOT NULL GROUP BY 1
            """);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, (int, double)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.IsDBNull(0) ? "" : reader.GetString(0)] = (reader.GetInt32(1), reader.IsDBNull(2) ? 0 : reader.GetDouble(2));
        }
        return result;
    }

    private IReadOnlyList<ExecutionRecord> Query(string where, string key, DateTimeOffset since, int limit)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT doc FROM execution_records WHERE {where} AND started_at >= $since ORDER BY started_at DESC LIMIT $limit")
            .With("$key", key).With("$since", since.Ms()).With("$limit", limit);
        using var reader = command.ExecuteReader();
        var list = new List<ExecutionRecord>();
        while (reader.Read())
        {
            list.Add(Deserialize(reader.GetString(0)));
        }
        return list;
    }

    private static void Put(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction? transaction, ExecutionRecord record)
    {
        using var command = connection.Command("""
            INSERT INTO execution_records(execution_id, fingerprint, host, started_at, doc) VALUES($id, $fp, $host, $at, $doc)
            ON CONFLICT(execution_id) DO UPDATE SET fingerprint = excluded.fingerprint, host = excluded.host,
                started_at = excluded.started_at, doc = excluded.doc
            """, transaction)
            .With("$id", record.ExecutionId).With("$fp", record.Fingerprint).With("$host", record.Host)
            .With("$at", record.StartedAt.Ms()).With("$doc", JsonSerializer.Serialize(record, LocalJsonContext.Default.ExecutionRecord));
        command.ExecuteNonQuery();
    }

    private static ExecutionRecord Deserialize(string doc) =>
        JsonSerializer.Deserialize(doc, LocalJsonContext.Default.ExecutionRecord)
            ?? throw new InvalidDataException("execution record document is empty");
}
