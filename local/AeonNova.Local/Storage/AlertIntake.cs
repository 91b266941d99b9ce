using System.Text.Json;
using AeonNova.Core.Alerts;
using AeonNova.Core.Json;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>
/// Port: accepts parsed alerts durably. Everything a 202 promises is written in one transaction: the alert rows,
/// the dedupe decision (fingerprint + cooldown, conditional upsert), the new executions (QUEUED) and the queue
/// messages that start them. After a crash an alert that was answered 202 therefore always has its execution.
/// </summary>
public interface IAlertIntake
{
    IntakeResult Accept(IReadOnlyList<CanonicalAlert> alerts);
}

public sealed class SqliteAlertIntake : IAlertIntake
{
    public const string StartKind = "start";
    public const string ResolvedKind = "resolved";

    private readonly SqliteDatabase database;
    private readonly SqliteIngestQueue queue;
    private readonly TimeProvider clock;
    private readonly TimeSpan cooldown;
    private readonly Func<CanonicalAlert, string> workflowInput;

    public SqliteAlertIntake(SqliteDatabase database, SqliteIngestQueue queue, TimeProvider clock, TimeSpan cooldown, Func<CanonicalAlert, string> workflowInput)
    {
        this.database = database;
        this.queue = queue;
        this.clock = clock;
        this.cooldown = cooldown;
        this.workflowInput = workflowInput;
    }

    public IntakeResult Accept(IReadOnlyList<CanonicalAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var now = clock.GetUtcNow();
        var ids = new List<string>(alerts.Count);
        var started = new List<string>();
        var duplicates = 0;
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var alert in alerts)
        {
            ids.Add(alert.Id);
            string? executionName;
            var duplicate = false;
            if (alert.Status == AlertStatus.Firing)
            {
                var proposed = ExecutionNames.ForAlert(alert.Id);
                executionName = ClaimFingerprint(transaction, alert, proposed, now);
                if (executionName == proposed)
                {
                    CreateExecution(transaction, alert, proposed, now);
                    queue.Enqueue(transaction, StartKind, proposed);
                    started.Add(proposed);
                }
                else
                {
                    duplicate = true;
                    duplicates++;
                }
            }
            else
            {
                executionName = EndCooldown(transaction, alert.Fingerprint);
                queue.Enqueue(transaction, ResolvedKind, JsonSerializer.Serialize(alert, CoreJsonContext.Default.CanonicalAlert));
            }
            InsertAlert(transaction, alert, executionName, duplicate);
        }
        transaction.Commit();
        return new IntakeResult(ids, duplicates, started);
    }

    /// <summary>Returns the execution that owns the fingerprint's current cooldown window (the proposed one if it is new).</summary>
    private string ClaimFingerprint(SqliteTransaction transaction, CanonicalAlert alert, string proposed, DateTimeOffset now)
    {
        // In an UPSERT every column reference on the right reads the existing row, so "expired" is judged once.
        using var command = transaction.Connection!.Command("""
            INSERT INTO dedupe(fingerprint, execution_name, alert_id, first_seen, last_seen, expires_at, count)
            VALUES($fp, $name, $alert, $now, $now, $expires, 1)
            ON CONFLICT(fingerprint) DO UPDATE SET
                execution_name = CASE WHEN expires_at <= $now THEN excluded.execution_name ELSE execution_name END,
                alert_id = CASE WHEN expires_at <= $now THEN excluded.alert_id ELSE alert_id END,
                first_seen = CASE WHEN expires_at <= $now THEN $now ELSE first_seen END,
                count = CASE WHEN expires_at <= $now THEN 1 ELSE count + 1 END,
                expires_at = CASE WHEN expires_at <= $now THEN excluded.expires_at ELSE expires_at END,
                last_seen = $now
            RETURNING execution_name
            """, transaction)
            .With("$fp", alert.Fingerprint).With("$name", proposed).With("$alert", alert.Id)
            .With("$now", now.Ms()).With("$expires", (now + cooldown).Ms());
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>A resolved alert ends the cooldown: the next firing of that fingerprint is a new incident.</summary>
    private static string? EndCooldown(SqliteTransaction transaction, string fingerprint)
    {
        using var command = transaction.Connection!.Command(
            "DELETE FROM dedupe WHERE fingerprint = $fp RETURNING execution_name", transaction).With("$fp", fingerprint);
        return command.ExecuteScalar() as string;
    }

    private void CreateExecution(SqliteTransaction transaction, CanonicalAlert alert, string name, DateTimeOffset now)
    {
        using var command = transaction.Connection!.Command("""
            INSERT OR IGNORE INTO executions(name, alert_id, fingerprint, source, host, severity, title, status, current_state, created_at, updated_at, input)
            VALUES($name, $alert, $fp, $source, $host, $severity, $title, 'QUEUED', '', $now, $now, $input)
            """, transaction)
            .With("$name", name).With("$alert", alert.Id).With("$fp", alert.Fingerprint).With("$source", alert.Source)
            .With("$host", alert.Host).With("$severity", Words.Of(alert.Severity)).With("$title", alert.Title)
            .With("$now", now.Ms()).With("$input", workflowInput(alert));
        command.ExecuteNonQuery();
    }

    private void InsertAlert(SqliteTransaction transaction, CanonicalAlert alert, string? executionName, bool duplicate)
    {
        using var command = transaction.Connection!.Command("""
            INSERT OR IGNORE INTO alerts(id, fingerprint, source, status, severity, host, title, received_at, execution_name, duplicate, body)
            VALUES($id, $fp, $source, $status, $severity, $host, $title, $at, $exec, $dup, $body)
            """, transaction)
            .With("$id", alert.Id).With("$fp", alert.Fingerprint).With("$source", alert.Source)
            .With("$status", Words.Of(alert.Status)).With("$severity", Words.Of(alert.Severity)).With("$host", alert.Host)
            .With("$title", alert.Title).With("$at", clock.GetUtcNow().Ms()).With("$exec", executionName)
            .With("$dup", duplicate ? 1 : 0).With("$body", JsonSerializer.Serialize(alert, CoreJsonContext.Default.CanonicalAlert));
        command.ExecuteNonQuery();
    }
}

/// <summary>The lower-case words the canonical JSON uses for the alert enums.</summary>
public static class Words
{
    public static string Of(AlertSeverity severity) => severity.ToString().ToLowerInvariant();
    public static string Of(AlertStatus status) => status.ToString().ToLowerInvariant();
}
