using AeonNova.Local.Executors;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Executors;

public sealed class CrashPointsTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private CrashPoints Hook(string boundary) => CrashPoints.FromEnvironment(name => name switch
    {
        CrashPoints.BoundaryVariable => boundary,
        CrashPoints.MarkerVariable => dir.File("marker"),
        _ => null,
    });

    [Fact]
    public void ReachAsync_WhenCommandFirstReachesTheBoundary_ShouldRecordItAndHoldIt()
    {
        var reached = Hook("after-ledger-write").ReachAsync("after-ledger-write", "cmd-1");

        Assert.False(reached.IsCompleted);
        Assert.Equal(["cmd-1"], File.ReadAllLines(dir.File("marker")));
    }

    [Fact]
    public void ReachAsync_WhenAnotherBoundaryIsReached_ShouldGoOnWithoutRecording()
    {
        var reached = Hook("during-run").ReachAsync("after-finish", "cmd-1");

        Assert.True(reached.IsCompletedSuccessfully);
        Assert.False(File.Exists(dir.File("marker")));
    }

    [Fact]
    public void ReachAsync_WhenTheCommandWasHeldByAKilledHost_ShouldLetTheRestartedHostGoOn()
    {
        File.WriteAllText(dir.File("marker"), "cmd-1\n");
        var restarted = Hook("before-ledger-write");

        var recovered = restarted.ReachAsync("before-ledger-write", "cmd-1");
        var next = restarted.ReachAsync("before-ledger-write", "cmd-2");

        Assert.True(recovered.IsCompletedSuccessfully);
        Assert.False(next.IsCompleted);
        Assert.Equal(["cmd-1", "cmd-2"], File.ReadAllLines(dir.File("marker")));
    }

    [Fact]
    public void FromEnvironment_WhenTheBoundaryIsUnknown_ShouldRefuseToStart()
    {
        var error = Assert.Throws<ArgumentException>(() => Hook("after-ledger"));

        Assert.Contains("not a crash boundary", error.Message, StringComparison.Ordinal);
    }
}
