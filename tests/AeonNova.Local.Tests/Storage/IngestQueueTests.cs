using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class IngestQueueTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly SqliteDatabase database;
    private readonly SqliteIngestQueue queue;

    public IngestQueueTests()
    {
        database = new SqliteDatabase(dir.Path, new StorageOptions());
        queue = new SqliteIngestQueue(database, new ManualClock(), TimeSpan.FromSeconds(60), 5);
    }

    public void Dispose()
    {
        queue.Dispose();
        dir.Dispose();
    }

    [Fact]
    public async Task EnqueueAsync_WhenManyCallersAtOnce_ShouldHaveEachRowCommittedWhenItsTaskCompletes()
    {
        // Another database object = other connections: it sees only what was committed.
        var other = new SqliteDatabase(dir.Path, new StorageOptions());
        var reader = new SqliteIngestQueue(other, new ManualClock(), TimeSpan.FromSeconds(60), 5);
        var seenAtCompletion = new long[300];

        await Task.WhenAll(Enumerable.Range(0, seenAtCompletion.Length).Select(async i =>
        {
            var id = await queue.EnqueueAsync(SqliteIngestQueue.AlertsKind, $"{{\"n\":{i}}}");
            seenAtCompletion[i] = IsCommitted(other, id) ? id : -1;
        }));

        Assert.DoesNotContain(-1, seenAtCompletion);
        Assert.Equal(seenAtCompletion.Length, seenAtCompletion.Distinct().Count());
        Assert.Equal(seenAtCompletion.Length, reader.Depth());
    }

    private static bool IsCommitted(SqliteDatabase database, long id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM queue WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    [Fact]
    public async Task Dispose_WhenEnqueuesArePending_ShouldCommitThemBeforeStopping()
    {
        var pending = Enumerable.Range(0, 200).Select(i => queue.EnqueueAsync(SqliteIngestQueue.AlertsKind, $"{{\"n\":{i}}}")).ToList();

        queue.Dispose();

        var ids = await Task.WhenAll(pending);
        Assert.Equal(200, ids.Distinct().Count());
        Assert.Equal(200, queue.Depth());
        var leased = queue.Lease(500);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"{{\"n\":{i}}}").Order(), leased.Select(m => m.Body).Order());
    }

    [Fact]
    public async Task EnqueueAsync_AfterDispose_ShouldRefuseInsteadOfDroppingTheAlert()
    {
        await queue.EnqueueAsync(SqliteIngestQueue.AlertsKind, "{}");
        queue.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => queue.EnqueueAsync(SqliteIngestQueue.AlertsKind, "{}"));
        Assert.Equal(1, queue.Depth());
    }

    [Fact]
    public async Task WaitForMessagesAsync_WhenACommitLandsBetweenLookingAndWaiting_ShouldNotMissIt()
    {
        var arrival = queue.NextArrival;                 // the consumer reads the signal first…
        Assert.Empty(queue.Lease(10));                   // …finds the queue empty…
        await queue.EnqueueAsync(SqliteIngestQueue.AlertsKind, "{}"); // …a commit lands before it waits…
        var started = TimeProvider.System.GetTimestamp();

        await queue.WaitForMessagesAsync(arrival, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10)); // woken at once, not at the poll
        Assert.Single(queue.Lease(10));
    }

    [Fact]
    public async Task WaitForMessagesAsync_WhenAnAlertIsCommitted_ShouldWakeBeforeThePollInterval()
    {
        await queue.EnqueueAsync(SqliteIngestQueue.AlertsKind, "{}"); // the writer thread is running
        var started = TimeProvider.System.GetTimestamp();
        var wait = queue.WaitForMessagesAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(wait.IsCompleted);

        await queue.EnqueueAsync(SqliteIngestQueue.AlertsKind, "{}");
        await wait;

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
        Assert.Equal(2, queue.Lease(10).Count);
    }

    [Fact]
    public async Task EnterWrite_WhenAnotherWriterHoldsTheTurn_ShouldWaitUntilItIsReleased()
    {
        var first = database.EnterWrite();
        using var entered = new ManualResetEventSlim();
        var second = Task.Run(() =>
        {
            using var turn = database.EnterWrite();
            entered.Set();
        });

        Assert.False(entered.Wait(TimeSpan.FromMilliseconds(200)));
        first.Dispose();
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        await second;
    }
}
