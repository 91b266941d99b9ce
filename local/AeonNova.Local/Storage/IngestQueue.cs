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
}

public sealed class SqliteIngestQueue : IIngestQueue, AeonNova.Core.Ports.IAlertQueue, IDisposable
{
    public const string AlertsKind = "alerts";

    private readonly SqliteDatabase database;
    private readonly TimeProvider clock;
    private readonly TimeSpan lease;
    private readonly int maxAttempts;
    private readonly Lazy<IngestWriter> writer;
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int disposed;

    public SqliteIngestQueue(SqliteDatabase database, TimeProvider clock, TimeSpan lease, int maxAttempts)
    {
        this.database = database;
        this.clock = clock;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
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
        using var move = transaction.Connection!.Command("""
            INSERT INTO dead_letters(id, kind, body, enqueued_at, failed_at, attempts, error)
            SELECT id, kind, body, enqueued_at, $now, attempts, $error FROM queue WHERE id = $id;
            DELETE FROM queue WHERE id = $id;
            """, transaction).With("$id", id).With("$now", clock.GetUtcNow().Ms()).With("$error", error);
        move.ExecuteNonQuery();
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
            "SELECT id, kind, body, enqueued_at, failed_at, attempts, error FROM dead_letters ORDER BY failed_at DESC LIMIT $limit")
            .With("$limit", limit);
        using var reader = command.ExecuteReader();
        var letters = new List<DeadLetter>();
        while (reader.Read())
        {
            letters.Add(new DeadLetter(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.At(3), reader.At(4), reader.GetInt32(5), reader.GetString(6)));
        }
        return letters;
    }
}
