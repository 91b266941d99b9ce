using AeonNova.Local.Config;
using AeonNova.Local.Executors;
using AeonNova.Local.Runtime;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;
using AeonNova.Local.Workflow;

namespace AeonNova.Local.Tests.Runtime;

/// <summary>The ledger-before-id rule of issue #15 item 4, on a real SQLite ledger with a counting executor.</summary>
[Trait("Category", "Integration")]
public sealed class SsmCommandAdapterTests : IDisposable
{
    private const string Arn = "arn:aws:states:local-1:000000000000:execution:remediation:cpu-web-1-abc";
    private readonly TempDir dir = new();
    private readonly ManualClock clock = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task SendAsync_WhenItReturnsAnId_ShouldHaveWrittenTheLedgerRowBeforeAnythingRan()
    {
        var executor = new GatedExecutor();
        var (adapter, ledger) = Build(executor);

        var commandId = await adapter.SendAsync(Request(), CancellationToken.None);

        // The executor is still held: the row exists although nothing has finished.
        Assert.NotNull(ledger.Get($"{commandId}:web-1"));
        executor.Release.SetResult();
        await WaitForAsync(adapter, commandId, "Success");
        Assert.Equal(1, executor.Runs);
    }

    [Fact]
    public async Task GetAsync_WhenRowPendingAfterCrash_ShouldSendOnceUnderTheSameId()
    {
        // The first process reserved the command and died before starting it (after the workflow kept the id).
        var (_, firstLedger) = Build(new GatedExecutor());
        var commandId = SsmCommandAdapter.CommandId(Arn, ["web-1"], "echo hi");
        firstLedger.Reserve($"{commandId}:web-1", "cpu-web-1-abc", "web-1", "counting", "bash", "echo hi");

        // A new process: nothing of the first one's tasks survives.
        var executor = new GatedExecutor();
        executor.Release.SetResult();
        var (second, _) = Build(executor);
        var polls = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => second.GetAsync(commandId, "web-1", CancellationToken.None)));

        Assert.All(polls, p => Assert.Contains(p.Status, new[] { "Pending", "InProgress", "Success" }));
        await WaitForAsync(second, commandId, "Success");
        // Execute re-entered after the same crash must not add a run either.
        Assert.Equal(commandId, await second.SendAsync(Request(), CancellationToken.None));
        await WaitForAsync(second, commandId, "Success");
        Assert.Equal(1, executor.Runs);
    }

    [Fact]
    public async Task GetAsync_WhenNoRowExists_ShouldReportTheCommandAsNeverSent()
    {
        var (adapter, _) = Build(new GatedExecutor());

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => adapter.GetAsync("cmd-unknown", "web-1", CancellationToken.None));

        Assert.Contains("never sent", error.Message, StringComparison.Ordinal);
    }

    private (SsmCommandAdapter Adapter, SqliteCommandLedger Ledger) Build(GatedExecutor executor)
    {
        var ledger = new SqliteCommandLedger(new SqliteDatabase(dir.Path, new StorageOptions()), clock);
        var router = new ExecutorRouter([new ExecutorRule { Hosts = "*", Type = executor.Name }], [executor], ledger);
        return (new SsmCommandAdapter(router, ledger), ledger);
    }

    private static CommandRequest Request() => new()
    {
        DocumentName = "AWS-RunShellScript",
        InstanceIds = ["web-1"],
        Commands = ["echo hi"],
        ExecutionArn = Arn,
    };

    private static async Task WaitForAsync(SsmCommandAdapter adapter, string commandId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await adapter.GetAsync(commandId, "web-1", CancellationToken.None)).Status != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{commandId} never reached {status}");
            await Task.Delay(20);
        }
    }

    private sealed class GatedExecutor : IHostExecutor
    {
        private int runs;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Runs => Volatile.Read(ref runs);
        public string Name => "counting";

        public async Task<CommandResult> RunAsync(HostCommand request, ExecutorRule rule, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            await Release.Task;
            return new CommandResult { CommandId = request.CommandId, Status = "Success", ExitCode = 0, Output = "hi", Executor = Name };
        }
    }
}
