using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace AeonNova.Local.Storage;

/// <summary>
/// Group commit for the ingest queue. One dedicated thread writes every enqueue that is waiting at that moment in
/// a single transaction; each caller's task completes (and the HTTP 202 goes out) only after the transaction that
/// holds its row has committed. Request threads therefore never block on SQLite, a burst costs one commit per
/// batch instead of one per alert, and with <c>synchronous=FULL</c> one fsync per batch.
/// </summary>
internal sealed class IngestWriter : IDisposable
{
    /// <summary>Rows per transaction at most; a bigger backlog is written in several commits.</summary>
    public const int MaxBatch = 256;

    private readonly SqliteDatabase database;
    private readonly Action committed;
    private readonly BlockingCollection<Pending> pending = new();
    private readonly Thread thread;
    private int disposed;

    /// <param name="committed">Called after every successful commit (wakes the queue consumer).</param>
    public IngestWriter(SqliteDatabase database, Action committed)
    {
        this.database = database;
        this.committed = committed;
        thread = new Thread(Run) { IsBackground = true, Name = "aeonnova-ingest-writer" };
        thread.Start();
    }

    /// <summary>Completes with the row id once committed; faults if the batch could not be written.</summary>
    public Task<long> EnqueueAsync(string kind, string body, long nowMs)
    {
        var item = new Pending(kind, body, nowMs, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            pending.Add(item);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(IngestWriter), "the ingest queue is shut down");
        }
        return item.Done.Task;
    }

    /// <summary>Writes what is still pending, then stops the thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        pending.CompleteAdding();
        thread.Join();
        pending.Dispose();
    }

    private void Run()
    {
        var batch = new List<Pending>(MaxBatch);
        foreach (var first in pending.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < MaxBatch && pending.TryTake(out var next))
            {
                batch.Add(next);
            }
            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<Pending> batch)
    {
        var ids = new long[batch.Count];
        try
        {
            using (database.EnterWrite())
            using (var connection = database.Open())
            using (var transaction = connection.BeginTransaction(deferred: false))
            using (var insert = connection.Command(
                "INSERT INTO queue(kind, body, enqueued_at, visible_at) VALUES($kind, $body, $now, $now) RETURNING id", transaction))
            {
                var kind = insert.Parameters.Add("$kind", SqliteType.Text);
                var body = insert.Parameters.Add("$body", SqliteType.Text);
                var now = insert.Parameters.Add("$now", SqliteType.Integer);
                for (var i = 0; i < batch.Count; i++)
                {
                    kind.Value = batch[i].Kind;
                    body.Value = batch[i].Body;
                    now.Value = batch[i].NowMs;
                    ids[i] = insert.Scalar();
                }
                transaction.Commit();
            }
        }
#pragma warning disable CA1031 // Whatever failed, every caller of this batch gets the error (HTTP 500, the sender retries); the thread lives on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var item in batch)
            {
                item.Done.TrySetException(ex);
            }
            return;
        }
        // Wake the consumer first: a caller that resumes after its commit and then waits for messages must not
        // be woken by this batch's signal.
        committed();
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(ids[i]);
        }
    }

    private sealed record Pending(string Kind, string Body, long NowMs, TaskCompletionSource<long> Done);
}
