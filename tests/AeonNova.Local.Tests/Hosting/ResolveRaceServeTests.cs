using System.Net;
using System.Text;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;
using AeonNova.Testing;

namespace AeonNova.Local.Tests.Hosting;

/// <summary>
/// Issue #15 acceptance 1 through the real local host: an alert that needs approval fires and resolves
/// <c>delay</c> ms later (or while a slow model is still analysing), 50 distinct alerts at once per case. Every
/// execution must end AutoResolved: none left waiting for approval, no script run.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ResolveRaceServeTests
{
    private const int Alerts = 50;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(50)]
    [InlineData(500)]
    public async Task Serve_WhenAlertResolvesShortlyAfterFiring_ShouldAutoResolveEveryExecutionAndRunNothing(int delayMs)
    {
        await using var host = await RunningHost.StartAsync();

        await FireAndResolveAsync(host, $"RaceD{delayMs}", delayMs);

        await AssertAllAutoResolvedAsync(host, $"RaceD{delayMs}");
    }

    [Fact]
    public async Task Serve_WhenAlertResolvesDuringASlowAnalysis_ShouldAutoResolveEveryExecutionAndRunNothing()
    {
        // A model endpoint that takes 2 s and then fails: the workflow falls back to the built-in planner afterwards.
        await using var model = SlowModel.Start(TimeSpan.FromSeconds(2));
        await using var host = await RunningHost.StartAsync(o => o with { Model = new ModelOptions { Endpoint = model.Url + "v1", Model = "slow-model" } });

        await FireAndResolveAsync(host, "RaceSlow", 1000);

        await AssertAllAutoResolvedAsync(host, "RaceSlow");
        Assert.True(model.Requests >= 1, "the slow model was never called: the test did not exercise a slow analysis");
    }

    private static async Task FireAndResolveAsync(RunningHost host, string prefix, int delayMs)
    {
        await Task.WhenAll(Enumerable.Range(0, Alerts).Select(async i =>
        {
            using (var firing = await host.Http.PostAsync("/alerts/alertmanager", Payload(prefix, i, "firing")))
            {
                Assert.Equal(HttpStatusCode.Accepted, firing.StatusCode);
            }
            if (delayMs > 0)
            {
                await Task.Delay(delayMs);
            }
            using var resolved = await host.Http.PostAsync("/alerts/alertmanager", Payload(prefix, i, "resolved"));
            Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);
        }));
    }

    private static async Task AssertAllAutoResolvedAsync(RunningHost host, string prefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        List<ExecutionSummary> mine;
        while (true)
        {
            mine = host.Services.Executions.List(new ExecutionQuery { Limit = 10_000 })
                .Where(e => e.Title.StartsWith(prefix + "x", StringComparison.Ordinal)).ToList();
            var settled = mine.Count == Alerts && mine.All(e => e.Status != "RUNNING");
            if (settled || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(100);
        }

        var names = string.Join("\n", mine.Where(e => e.CurrentState != "AutoResolved").Select(e => $"{e.Name}: {e.Status} in {e.CurrentState}{(e.Waiting ? " (waiting)" : "")}"));
        Assert.True(mine.Count == Alerts, $"{mine.Count} executions for {Alerts} alerts");
        Assert.True(mine.All(e => e.Status == "SUCCEEDED" && e.CurrentState == "AutoResolved"), $"not AutoResolved:\n{names}");
        Assert.Equal(Alerts, mine.Select(e => e.Title).Distinct(StringComparer.Ordinal).Count());
        using var connection = host.Services.Database.Open();
        using var runs = connection.CreateCommand();
        runs.CommandText = "SELECT count(*) FROM command_runs";
        Assert.Equal(0L, (long)runs.ExecuteScalar()!);
    }

    // An nginx-down alert on a Linux host: the default policy asks a human, so without the resolve it would wait for approval.
    private static StringContent Payload(string prefix, int i, string status) => new($$"""
        {"receiver":"aeonnova","status":"{{status}}","version":"4","groupKey":"{}","truncatedAlerts":0,
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",
         "alerts":[{"status":"{{status}}","labels":{"alertname":"NginxDown","instance":"web-{{prefix.ToLowerInvariant()}}-{{i}}:9100","severity":"warning","env":"production","os":"linux","service":"nginx"},
           "annotations":{"summary":"{{prefix}}x{{i}}: nginx is down","description":"systemd unit nginx.service is inactive."},
           "startsAt":"2026-11-23T05:00:00Z","endsAt":"{{(status == "resolved" ? "2026-11-23T05:01:00Z" : "0001-01-01T00:00:00Z")}}","generatorURL":"http://prometheus:9090/graph"}]}
        """, Encoding.UTF8, "application/json");

    /// <summary>An OpenAI-compatible endpoint that answers every request after a delay, concurrently, with a 400.</summary>
    private sealed class SlowModel : IAsyncDisposable
    {
        private readonly HttpListener listener = new();
        private readonly TimeSpan delay;
        private readonly Task loop;
        private int requests;

        private SlowModel(TimeSpan delay)
        {
            this.delay = delay;
            Url = $"http://127.0.0.1:{LoopbackServer.FreePort()}/";
            listener.Prefixes.Add(Url);
            listener.Start();
            loop = Task.Run(AcceptAsync);
        }

        public string Url { get; }
        public int Requests => Volatile.Read(ref requests);

        public static SlowModel Start(TimeSpan delay) => new(delay);

        private async Task AcceptAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                _ = Task.Run(() => AnswerAsync(context));
            }
        }

        private async Task AnswerAsync(HttpListenerContext context)
        {
            Interlocked.Increment(ref requests);
            await Task.Delay(delay);
            var bytes = Encoding.UTF8.GetBytes("""{"error":{"message":"slow and useless"}}""");
            try
            {
                context.Response.StatusCode = 400;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            listener.Close();
            await loop;
        }
    }
}
