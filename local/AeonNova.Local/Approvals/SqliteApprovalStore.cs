using System.Globalization;
using System.Text.Json;
using AeonNova.Approvals;
using AeonNova.Approvals.Json;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Approvals;

/// <summary>
/// SQLite (WAL) approval store for the local host. The record is one JSON document plus the columns the
/// conditional write and lookups need; a decision is one UPDATE … WHERE status = expected AND version = expected,
/// so SQLite's single writer makes exactly one of N parallel deciders win.
/// </summary>
public sealed class SqliteApprovalStore : IApprovalStore
{
    private readonly SqliteDatabase _database;

    /// <param name="databasePath">The SQLite file; may be the host's shared database (tables are prefixed "approval").</param>
    public SqliteApprovalStore(string databasePath)
        : this(SqliteDatabase.AtFile(databasePath, new StorageOptions()))
    {
    }

    /// <summary>On the host's database: approval writes take the same write turns as every other store.</summary>
    public SqliteApprovalStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var turn = _database.EnterWrite();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO approvals(id, execution_id, fingerprint, status, version, expires_at, doc)
            VALUES ($id, $execution, $fingerprint, $status, 0, $expires, $doc) ON CONFLICT(id) DO NOTHING
            """;
        Bind(command, record with { Version = 0 });
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public async Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, version FROM approvals WHERE id = $id";
        command.Parameters.AddWithValue("$id", approvalId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        var record = JsonSerializer.Deserialize(reader.GetString(0), ApprovalsJsonContext.Default.ApprovalRecord)
            ?? throw new InvalidDataException($"approval '{approvalId}': stored document is null");
        // The column is authoritative for the version the next conditional write must name.
        return record with { Version = reader.GetInt64(1) };
    }

    public Task<bool> TryReplaceAsync(ApprovalRecord updated, ApprovalStatus expectedStatus, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        using var turn = _database.EnterWrite();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE approvals SET status = $status, version = $version, expires_at = $expires, doc = $doc
            WHERE id = $id AND status = $expectedStatus AND version = $expectedVersion
            """;
        Bind(command, updated with { Version = expectedVersion + 1 });
        command.Parameters.AddWithValue("$expectedStatus", Wire(expectedStatus));
        command.Parameters.AddWithValue("$expectedVersion", expectedVersion);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public async Task<IReadOnlyList<string>> FindOpenByFingerprintAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM approvals WHERE fingerprint = $fp AND status IN ('pending', 'escalated') ORDER BY rowid";
        command.Parameters.AddWithValue("$fp", fingerprint);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    public Task AppendAuditAsync(ApprovalAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var turn = _database.EnterWrite();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO approval_audit(approval_id, at, action, actor, ip, user_agent, detail)
            VALUES ($id, $at, $action, $actor, $ip, $ua, $detail)
            """;
        command.Parameters.AddWithValue("$id", entry.ApprovalId);
        command.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$action", entry.Action);
        command.Parameters.AddWithValue("$actor", entry.Actor);
        command.Parameters.AddWithValue("$ip", entry.Ip);
        command.Parameters.AddWithValue("$ua", entry.UserAgent);
        command.Parameters.AddWithValue("$detail", entry.Detail);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<ApprovalAuditEntry>> GetAuditAsync(string approvalId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, action, actor, ip, user_agent, detail FROM approval_audit WHERE approval_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", approvalId);
        var entries = new List<ApprovalAuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ApprovalAuditEntry
            {
                ApprovalId = approvalId,
                At = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                Action = reader.GetString(1),
                Actor = reader.GetString(2),
                Ip = reader.GetString(3),
                UserAgent = reader.GetString(4),
                Detail = reader.GetString(5),
            });
        }
        return entries;
    }

    private SqliteConnection Open() => _database.Open();

    private static void Bind(SqliteCommand command, ApprovalRecord record)
    {
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$execution", record.ExecutionId);
        command.Parameters.AddWithValue("$fingerprint", record.Alert.Fingerprint);
        command.Parameters.AddWithValue("$status", Wire(record.Status));
        command.Parameters.AddWithValue("$version", record.Version);
        command.Parameters.AddWithValue("$expires", record.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(record, ApprovalsJsonContext.Default.ApprovalRecord));
    }

    private static string Wire(ApprovalStatus status) => status.ToString().ToLower(CultureInfo.InvariantCulture);

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS approvals(
            id TEXT PRIMARY KEY, execution_id TEXT NOT NULL, fingerprint TEXT NOT NULL, status TEXT NOT NULL,
            version INTEGER NOT NULL, expires_at INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS approvals_fingerprint ON approvals(fingerprint, status);
        CREATE TABLE IF NOT EXISTS approval_audit(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, approval_id TEXT NOT NULL, at INTEGER NOT NULL, action TEXT NOT NULL,
            actor TEXT NOT NULL, ip TEXT NOT NULL, user_agent TEXT NOT NULL, detail TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS approval_audit_id ON approval_audit(approval_id, seq);
        """;
}
