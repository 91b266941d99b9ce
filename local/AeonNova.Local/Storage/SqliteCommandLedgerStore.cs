using AeonNova.Core.Ports;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>
/// The SendCommand step's ledger in the host database (table command_ledger): the same conditional writes the
/// DynamoDB adapter makes (insert if absent, claim an attempt only from the count read, record the first id only).
/// </summary>
public sealed class SqliteCommandLedgerStore(SqliteDatabase database) : ICommandLedgerStore
{
    private const string Columns = "ledger_key, execution_arn, step, script_sha256, instance_ids, created_at, attempts, lease_until, command_id";

    public Task<CommandLedgerEntry> ReserveAsync(CommandLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using (database.EnterWrite())
        {
            using var connection = database.Open();
            using var insert = connection.Command($"""
                INSERT OR IGNORE INTO command_ledger({Columns})
                VALUES($key, $arn, $step, $sha, $instances, $created, 0, 0, NULL)
                """).With("$key", entry.Key).With("$arn", entry.ExecutionArn).With("$step", entry.Step).With("$sha", entry.ScriptSha256)
                .With("$instances", string.Join(',', entry.InstanceIds)).With("$created", entry.CreatedAt.Ms());
            insert.ExecuteNonQuery();
        }
        return Task.FromResult(Read(entry.Key) ?? throw new InvalidOperationException($"command_ledger row {entry.Key} was not written"));
    }

    public Task<bool> TryClaimAttemptAsync(string key, int expectedAttempts, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var claim = connection.Command("""
            UPDATE command_ledger SET attempts = attempts + 1, lease_until = $lease
            WHERE ledger_key = $key AND attempts = $expected AND command_id IS NULL
            """).With("$key", key).With("$expected", expectedAttempts).With("$lease", leaseUntil.Ms());
        return Task.FromResult(claim.ExecuteNonQuery() == 1);
    }

    public Task<CommandLedgerEntry> RecordCommandAsync(string key, string commandId, CancellationToken cancellationToken = default)
    {
        using (database.EnterWrite())
        {
            using var connection = database.Open();
            using var record = connection.Command("UPDATE command_ledger SET command_id = $id WHERE ledger_key = $key AND command_id IS NULL")
                .With("$key", key).With("$id", commandId);
            record.ExecuteNonQuery();
        }
        return Task.FromResult(Read(key) ?? throw new InvalidOperationException($"command_ledger has no row {key}"));
    }

    public Task<CommandLedgerEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(Read(key));

    private CommandLedgerEntry? Read(string key)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT {Columns} FROM command_ledger WHERE ledger_key = $key").With("$key", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Map(reader) : null;
    }

    private static CommandLedgerEntry Map(SqliteDataReader reader) => new()
    {
        Key = reader.GetString(0),
        ExecutionArn = reader.GetString(1),
        Step = reader.GetString(2),
        ScriptSha256 = reader.GetString(3),
        InstanceIds = reader.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries),
        CreatedAt = reader.At(5),
        Attempts = reader.GetInt32(6),
        LeaseUntil = reader.At(7),
        CommandId = reader.NullableString(8),
    };
}
