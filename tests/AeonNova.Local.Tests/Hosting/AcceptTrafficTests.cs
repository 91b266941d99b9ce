using AeonNova.Local.Hosting;

namespace AeonNova.Local.Tests.Hosting;

public sealed class AcceptTrafficTests
{
    [Fact]
    public async Task WaitForLullAsync_WhenAcceptsEndWhileWaiting_ShouldReturnThenNotAtTheLimit()
    {
        var traffic = new AcceptTraffic();
        traffic.Begin();
        var started = TimeProvider.System.GetTimestamp();

        var wait = traffic.WaitForLullAsync(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);
        traffic.End();
        await wait;

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
        Assert.Equal(0, traffic.InFlight);
    }

    [Fact]
    public async Task WaitForLullAsync_WhenAcceptsNeverStop_ShouldGiveUpAfterTheLimitSoTheBacklogMoves()
    {
        var traffic = new AcceptTraffic();
        traffic.Begin();
        var started = TimeProvider.System.GetTimestamp();

        await traffic.WaitForLullAsync(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);

        var waited = TimeProvider.System.GetElapsedTime(started);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(95), TimeSpan.FromSeconds(10));
        Assert.Equal(1, traffic.InFlight);
    }

    [Fact]
    public async Task WaitForLullAsync_WhenNoAcceptInFlight_ShouldNotWait()
    {
        var wait = new AcceptTraffic().WaitForLullAsync(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);

        Assert.True(wait.IsCompleted);
        await wait;
    }
}
