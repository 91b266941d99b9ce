using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using AeonNova.Local.Bench;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Hosting;

/// <summary>
/// kill -9 of `aeonnova serve` in the middle of a 500-alert burst, then a restart on the same data dir:
/// every alert answered 202 has exactly one execution and no remediation command ran twice.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Serve_WhenKilledDuringBurstAndRestarted_ShouldKeepEveryAcceptedAlertOnceAndRunNoCommandTwice()
    {
        var dataDir = dir.File("data");
        var accepted = new ConcurrentBag<string>();
        var first = ServeProcess.Start(dataDir, out var url);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            await ServeProcess.WaitHealthyAsync(http, first);
            var next = -1;
            var killAfter = 200;
            var burst = Enumerable.Range(0, 8).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < 500)
                {
                    if (i == killAfter)
                    {
                        first.Process.Kill(); // SIGKILL: no shutdown hooks, no flush, mid-burst.
                    }
                    try
                    {
                        // Odd alerts auto-run diagnostics (critical CPU on Windows), even ones wait for approval.
                        var content = i % 2 == 0 ? ServeBench.Payload($"CrashApproval{i}", $"web-{i}") : ServeProcess.CpuPayload($"WIN-DB-{i}");
                        using var response = await http.PostAsync("/alerts/alertmanager", content);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                            foreach (var id in body["alertIds"]!.AsArray())
                            {
                                accepted.Add(id!.GetValue<string>());
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // The host is dead: this alert was never answered 202.
                    }
                    catch (TaskCanceledException)
                    {
                    }
                }
            });
            await Task.WhenAll(burst);
            await first.Process.WaitForExitAsync();
        }
        finally
        {
            first.Dispose();
        }
        Assert.InRange(accepted.Count, 50, 499);

        using var second = ServeProcess.Start(dataDir, out var url2);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url2) };
            await ServeProcess.WaitHealthyAsync(http, second);
            var database = new SqliteDatabase(dataDir, new StorageOptions());
            var store = new SqliteEngineStore(database);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                var executions = store.List(new ExecutionQuery { Limit = 10_000 });
                var settled = executions.All(e => e.Status != "RUNNING" || e.Waiting) && new SqliteIngestQueue(database, TimeProvider.System, TimeSpan.FromSeconds(60), 5).Depth() == 0;
                var covered = accepted.All(id => executions.Any(e => e.AlertId == id));
                if ((settled && covered) || DateTime.UtcNow > deadline)
                {
                    break;
                }
                await Task.Delay(250);
            }

            var all = store.List(new ExecutionQuery { Limit = 10_000 });
            foreach (var id in accepted)
            {
                Assert.True(all.Count(e => e.AlertId == id) == 1, $"alert {id} answered 202 has {all.Count(e => e.AlertId == id)} executions");
            }
            Assert.Equal(all.Count, all.Select(e => e.Fingerprint).Distinct().Count());
            Assert.All(all, e => Assert.True(e.Status is "SUCCEEDED" || (e.Status == "RUNNING" && e.Waiting), $"{e.Name}: {e.Status} in {e.CurrentState}"));

            using var connection = database.Open();
            using var twice = connection.CreateCommand();
            twice.CommandText = "SELECT count(*) FROM (SELECT command_id FROM command_runs GROUP BY command_id HAVING count(*) > 1)";
            Assert.Equal(0L, (long)twice.ExecuteScalar()!);
            using var ran = connection.CreateCommand();
            ran.CommandText = "SELECT count(*) FROM command_runs";
            Assert.True((long)ran.ExecuteScalar()! > 0, "the burst should have run some diagnostics");
        }
        finally
        {
            await second.KillAsync();
        }
    }
}
