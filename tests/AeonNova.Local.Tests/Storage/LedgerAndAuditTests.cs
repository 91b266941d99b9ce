using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class LedgerAndAuditTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly ManualClock clock = new();
    private readonly SqliteDatabase database;

    public LedgerAndAuditTests() => database = new SqliteDatabase(dir.Path, new StorageOptions());

    public void Dispose() => dir.Dispose();

    [Fact]
    public void TryBegin_WhenCommandAlreadyFinished_ShouldReturnRecordedResult()
    {
        var ledger = new SqliteCommandLedger(database, clock);
        Assert.Null(ledger.TryBegin("c1", "ex-1", "web-1", "dry-run", "bash", "echo hi"));
        ledger.Finish(new CommandResult { CommandId = "c1", Status = "Success", ExitCode = 0, Output = "hi", Executor = "dry-run" });

        var second = ledger.TryBegin("c1", "ex-1", "web-1", "dry-run", "bash", "echo hi");

        Assert.NotNull(second);
        Assert.Equal("Success", second.Status);
        Assert.Equal("hi", second.Output);
    }

    [Fact]
    public void TryBegin_WhenCrashLeftCommandRunning_ShouldReportUndeterminedNotRunAgain()
    {
        Assert.Null(new SqliteCommandLedger(database, clock).TryBegin("c1", "ex-1", "web-1", "local", "bash", "echo hi"));

        var afterRestart = new SqliteCommandLedger(new SqliteDatabase(dir.Path, new StorageOptions()), clock);
        var known = afterRestart.TryBegin("c1", "ex-1", "web-1", "local", "bash", "echo hi");

        Assert.NotNull(known);
        Assert.Equal("Undetermined", known.Status);
    }

    [Fact]
    public void TryBegin_WhenCommandReservedByCrashedHost_ShouldLetExactlyOneCallerClaimIt()
    {
        var reserved = new SqliteCommandLedger(database, clock).Reserve("c1", "ex-1", "web-1", "dry-run", "bash", "echo hi");
        Assert.Equal("Pending", reserved.Status);

        var afterRestart = new SqliteCommandLedger(new SqliteDatabase(dir.Path, new StorageOptions()), clock);
        var claims = Enumerable.Range(0, 8).AsParallel().Select(_ => afterRestart.TryBegin("c1", "ex-1", "web-1", "dry-run", "bash", "echo hi")).ToList();

        Assert.Equal(1, claims.Count(c => c is null));
        Assert.All(claims.Where(c => c is not null), c => Assert.Equal("Undetermined", c!.Status));
        Assert.Equal(new HostCommandRow("c1", "ex-1", "web-1", "bash", "echo hi"), afterRestart.Row("c1"));
    }

    [Fact]
    public void Reserve_WhenCommandAlreadyRunning_ShouldKeepItsStatus()
    {
        var ledger = new SqliteCommandLedger(database, clock);
        Assert.Null(ledger.TryBegin("c1", "ex-1", "web-1", "dry-run", "bash", "echo hi"));

        Assert.Equal("Running", ledger.Reserve("c1", "ex-1", "web-1", "dry-run", "bash", "echo hi").Status);
        Assert.Null(ledger.Row("c2"));
    }

    [Fact]
    public void Append_WhenEntriesWritten_ShouldReturnNewestFirstPerSubject()
    {
        var audit = new SqliteAuditLog(database, clock);
        audit.Append("system", "execution.started", "ex-1");
        audit.Append("alice@example.com", "approval.approved", "ex-1", "{\"comment\":\"ok\"}");
        audit.Append("system", "execution.started", "ex-2");

        var entries = audit.Recent(10, "ex-1");

        Assert.Equal(["approval.approved", "execution.started"], entries.Select(e => e.Action));
        Assert.Equal(3, audit.Recent(10).Count);
    }
}
