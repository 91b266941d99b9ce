using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>
/// Port: the durable ingest queue (SQS + DLQ on AWS). At-least-once: a leased message that is neither completed
/// nor failed becomes visible again when its lease ends (e.g. after a crash).
/// </summary>
public interface IIngestQueue
{
    IReadOnlyList<QueueMessage> Lease(int max);
    /// <summary>Completes when this process has committed a new message, or after <paramref name="maxWait"/>.</summary>
    Task WaitForMessagesAsync(TimeSpan maxWait, CancellationToken cancellationToken);
    /// <summary>
    /// Completes at the next commit after it was read. Read it before looking at the queue and pass it to
    /// <see cref="WaitForMessagesAsync(Task, TimeSpan, CancellationToken)"/>, so a commit that lands in between wakes the wait.
    /// </summary>
    Task NextArrival { get; }
    Task WaitForMessagesAsync(Task arrival, TimeSpan maxWait, CancellationToken cancellationToken);
    void Complete(long id);
    /// <summary>Retry later with backoff, or move to the dead-letter table after the last attempt.</summary>
    void Fail(long id, string error);
    /// <summary>Moves a message that can never succeed (unreadable, wrong shape) to the dead-letter table at once.</summary>
    void DeadLetter(long id, string error);
    long Depth();
    long DeadLetterCount();
    IReadOnlyList<DeadLetter> DeadLetters(int limit);
    /// <summary>
    /// Puts a dead letter's (redacted) message back on the queue as a new message, so it goes through intake again,
    /// and marks the letter re-driven by <paramref name="by"/>; the letter itself is kept.
    /// </summary>
    DeadLetterRedrive Redrive(long id, string by);
}

public enum DeadLetterRedriveStatus
{
    Redriven,
    NotFound,
    AlreadyRedriven,
}

/// <param name="QueueId">The new queue message (Redriven), or the one an earlier re-drive made (AlreadyRedriven).</param>
public sealed record DeadLetterRedrive(DeadLetterRedriveStatus Status, long? QueueId);

public sealed class SqliteIngestQueue : IIngestQueue, AeonNova.Core.Ports.IAlertQueue, IDisposable
{
    public const string AlertsKind = "alerts";

    private readonly SqliteDatabase database;
    private readonly TimeProvider clock;
    private readonly TimeSpan lease;
    private readonly int maxAttempts;
    private readonly Lazy<IngestWriter> writer;
    private readonly Func<string, string> redact;
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int disposed;

    /// <param name="redact">
    /// Applied to a message before it becomes a dead letter (a dead letter is kept indefinitely, so it must not hold
    /// the secrets a raw webhook body can carry); default: the shared catalogue over every JSON string value.
    /// </param>
    public SqliteIngestQueue(SqliteDatabase database, TimeProvider clock, TimeSpan lease, int maxAttempts, Func<string, string>? redact = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        this.clock = clock;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        this.redact = redact ?? new AeonNova.Core.Redaction.AlertRedactor().RedactJson;
        AddRedriveColumns(database);
        // Started on the first enqueue: a queue opened only to read (CLI, tests) runs no writer thread.
        writer = new Lazy<IngestWriter>(() => new IngestWriter(database, OnCommitted));
    }

    /// <summary>
    /// Committed before the task completes (group commit, see <see cref="IngestWriter"/>): the caller may answer
    /// 202 once it has. The request thread is not blocked while the row waits for its batch.
    /// </summary>
    public Task<long> EnqueueAsync(string kind, string body)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) == 1, this);
        return writer.Value.EnqueueAsync(kind, body, clock.GetUtcNow().Ms());
    }

    public async Task<string> SendAsync(string body, CancellationToken cancellationToken = default) =>
        (await EnqueueAsync(AlertsKind, body)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <remarks>A commit between the caller's last <see cref="Lease"/> and this call is noticed at the next poll.</remarks>
    public Task WaitForMessagesAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        WaitForMessagesAsync(NextArrival, maxWait, cancellationToken);

    public Task NextArrival => Volatile.Read(ref arrived).Task;

    public async Task WaitForMessagesAsync(Task arrival, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        await Task.WhenAny(arrival, Task.Delay(maxWait, clock, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Wakes a consumer waiting in <see cref="WaitForMessagesAsync"/> (called by the writer after each commit).</summary>
    private void OnCommitted() =>
        Interlocked.Exchange(ref arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Commits what is still pending and stops the writer thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0 && writer.IsValueCreated)
        {
            writer.Value.Dispose();
        }
    }

    public IReadOnlyList<QueueMessage> Lease(int max)
    {
        var now = clock.GetUtcNow();
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var command = connection.Command("""
            UPDATE queue SET visible_at = $until, attempts = attempts + 1
            WHERE id IN (SELECT id FROM queue WHERE visible_at <= $now ORDER BY id LIMIT $max)
            RETURNING id, kind, body, enqueued_at, attempts
            """).With("$until", (now + lease).Ms()).With("$now", now.Ms()).With("$max", max);
        var messages = new List<QueueMessage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            messages.Add(new QueueMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.At(3), reader.GetInt32(4)));
        }
        messages.Sort((a, b) => a.Id.CompareTo(b.Id));
        return messages;
    }

    public void Complete(long id)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var command = connection.Command("DELETE FROM queue WHERE id = $id").With("$id", id);
        command.ExecuteNonQuery();
    }

    public void Fail(long id, string error)
    {
        var now = clock.GetUtcNow();
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var read = connection.Command("SELECT attempts FROM queue WHERE id = $id", transaction).With("$id", id);
        var attempts = read.Scalar();
        if (attempts >= maxAttempts)
        {
            MoveToDeadLetters(transaction, id, error);
        }
        else
        {
            // Exponential backoff (1 s, 2 s, 4 s … capped at a minute) so a poison message does not spin.
            var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Max(0, attempts - 1))));
            using var retry = connection.Command("UPDATE queue SET visible_at = $at, last_error = $error WHERE id = $id", transaction)
                .With("$id", id).With("$at", (now + delay).Ms()).With("$error", error);
            retry.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void DeadLetter(long id, string error)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        MoveToDeadLetters(transaction, id, error);
        transaction.Commit();
    }

    private void MoveToDeadLetters(SqliteTransaction transaction, long id, string error)
    {
        using var read = transaction.Connection!.Command("SELECT body FROM queue WHERE id = $id", transaction).With("$id", id);
        if (read.ExecuteScalar() is not string body)
        {
            return;
        }
        using var move = transaction.Connection!.Command("""
            INSERT INTO dead_letters(id, kind, body, enqueued_at, failed_at, attempts, error)
            SELECT id, kind, $body, enqueued_at, $now, attempts, $error FROM queue WHERE id = $id;
            DELETE FROM queue WHERE id = $id;
            """, transaction).With("$id", id).With("$body", redact(body)).With("$now", clock.GetUtcNow().Ms()).With("$error", redact(error));
        move.ExecuteNonQuery();
    }

    public DeadLetterRedrive Redrive(long id, string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        var now = clock.GetUtcNow().Ms();
        DeadLetterRedrive result;
        using (var turn = database.EnterWrite())
        using (var connection = database.Open())
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            using var read = connection.Command("SELECT kind, body, redriven_as FROM dead_letters WHERE id = $id", transaction).With("$id", id);
            string kind, body;
            using (var reader = read.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return new DeadLetterRedrive(DeadLetterRedriveStatus.NotFound, null);
                }
                if (!reader.IsDBNull(2))
                {
                    return new DeadLetterRedrive(DeadLetterRedriveStatus.AlreadyRedriven, reader.GetInt64(2));
                }
                (kind, body) = (reader.GetString(0), reader.GetString(1));
            }
            using var insert = connection.Command("""
                INSERT INTO queue(kind, body, enqueued_at, visible_at, attempts) VALUES ($kind, $body, $now, $now, 0) RETURNING id
                """, transaction).With("$kind", kind).With("$body", body).With("$now", now);
            var queueId = insert.Scalar();
            using var mark = connection.Command("UPDATE dead_letters SET redriven_at = $now, redriven_by = $by, redriven_as = $queue WHERE id = $id", transaction)
                .With("$now", now).With("$by", by).With("$queue", queueId).With("$id", id);
            mark.ExecuteNonQuery();
            transaction.Commit();
            result = new DeadLetterRedrive(DeadLetterRedriveStatus.Redriven, queueId);
        }
        OnCommitted();
        return result;
    }

    /// <summary>Databases made before re-drive existed get its columns; their dead letters are kept as they are.</summary>
    private static void AddRedriveColumns(SqliteDatabase database)
    {
        using var turn = database.EnterWrite();
        using var connection = database.Open();
        using var columns = connection.Command("SELECT count(*) FROM pragma_table_info('dead_letters') WHERE name = 'redriven_at'");
        if (columns.Scalar() > 0)
        {
            return;
        }
        using var alter = connection.Command("""
            ALTER TABLE dead_letters ADD COLUMN redriven_at INTEGER;
            ALTER TABLE dead_letters ADD COLUMN redriven_by TEXT;
            ALTER TABLE dead_letters ADD COLUMN redriven_as INTEGER;
            """);
        alter.ExecuteNonQuery();
    }

    public long Depth()
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT count(*) FROM queue");
        return command.Scalar();
    }

    public long DeadLetterCount()
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT count(*) FROM dead_letters");
        return command.Scalar();
    }

    public IReadOnlyList<DeadLetter> DeadLetters(int limit)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            "SELECT id, kind, body, enqueued_at, failed_at, attempts, error, redriven_at, redriven_by, redriven_as FROM dead_letters ORDER BY failed_at DESC LIMIT $limit")
            .With("$limit", limit);
        using var reader = command.ExecuteReader();
        var letters = new List<DeadLetter>();
        while (reader.Read())
        {
            letters.Add(new DeadLetter(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.At(3), reader.At(4), reader.GetInt32(5), reader.GetString(6))
            {
                RedrivenAt = reader.IsDBNull(7) ? null : reader.At(7),
                RedrivenBy = reader.IsDBNull(8) ? null : reader.GetString(8),
                RedrivenAs = reader.IsDBNull(9) ? null : reader.GetInt64(9),
            });
        }
        return letters;
    }
}
