using AeonNova.Core.Ports;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>
/// Dedupe and cooldown per fingerprint. The claim is read-decide-write inside one BEGIN IMMEDIATE transaction,
/// so SQLite's single writer makes it a conditional write: of two concurrent claims exactly one is New.
/// The decision itself is the shared <see cref="AlertClaims.Decide"/> rule (same as the DynamoDB adapter).
/// </summary>
public sealed class SqliteAlertStore(SqliteDatabase database) : IAlertStore
{
    private const string Columns = "fingerprint, alert_id, execution_name, claimed_at, cooldown_until, last_seen, duplicates, resolved_at";

    public Task<AlertClaim> ClaimAsync(AlertClaimRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = Read(connection, transaction, request.Fingerprint);
        var decision = AlertClaims.Decide(current, request);
        var state = decision.State;
        using var write = connection.Command($"""
            INSERT INTO alert_state({Columns}) VALUES($fp, $alert, $exec, $claimed, $until, $seen, $dups, $resolved)
            ON CONFLICT(fingerprint) DO UPDATE SET alert_id = excluded.alert_id, execution_name = excluded.execution_name,
                claimed_at = excluded.claimed_at, cooldown_until = excluded.cooldown_until, last_seen = excluded.last_seen,
                duplicates = excluded.duplicates, resolved_at = excluded.resolved_at
            """, transaction)
            .With("$fp", state.Fingerprint).With("$alert", state.AlertId).With("$exec", state.ExecutionName)
            .With("$claimed", state.ClaimedAt.Ms()).With("$until", state.CooldownUntil.Ms()).With("$seen", state.LastSeenAt.Ms())
            .With("$dups", state.Duplicates).With("$resolved", state.ResolvedAt?.Ms());
        write.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult(decision);
    }

    public Task MarkResolvedAsync(string fingerprint, DateTimeOffset resolvedAt, CancellationToken cancellationToken = default)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var command = connection.Command("UPDATE alert_state SET resolved_at = $at, last_seen = $at WHERE fingerprint = $fp")
            .With("$fp", fingerprint).With("$at", resolvedAt.Ms());
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<AlertState?> GetAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult(Read(connection, null, fingerprint));
    }

    private static AlertState? Read(SqliteConnection connection, SqliteTransaction? transaction, string fingerprint)
    {
        using var command = connection.Command($"SELECT {Columns} FROM alert_state WHERE fingerprint = $fp", transaction).With("$fp", fingerprint);
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }
        return new AlertState
        {
            Fingerprint = r.GetString(0),
            AlertId = r.GetString(1),
            ExecutionName = r.GetString(2),
            ClaimedAt = r.At(3),
            CooldownUntil = r.At(4),
            LastSeenAt = r.At(5),
            Duplicates = r.GetInt32(6),
            ResolvedAt = r.IsDBNull(7) ? null : r.At(7),
        };
    }
}
