using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using AeonNova.Local.Bench;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Config;
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
        var first = StartServe(dataDir, out var url);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            await WaitHealthyAsync(http, first);
            var next = -1;
            var killAfter = 200;
            var burst = Enumerable.Range(0, 8).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < 500)
                {
                    if (i == killAfter)
                    {
                        first.Kill(); // SIGKILL: no shutdown hooks, no flush, mid-burst.
                    }
                    try
                    {
                        // Odd alerts auto-run diagnostics (critical CPU on Windows), even ones wait for approval.
                        var content = i % 2 == 0 ? ServeBench.Payload($"CrashApproval{i}", $"web-{i}") : CpuPayload(i);
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
            await first.WaitForExitAsync();
        }
        finally
        {
            first.Dispose();
        }
        Assert.InRange(accepted.Count, 50, 499);

        using var second = StartServe(dataDir, out var url2);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url2) };
            await WaitHealthyAsync(http, second);
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
            second.Kill();
            await second.WaitForExitAsync();
        }
    }

    private static StringContent CpuPayload(int i) => new($$"""
        {"receiver":"aeonnova","status":"firing","version":"4","groupKey":"{}","truncatedAlerts":0,"groupLabels":{},"commonLabels":{},
         "commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[{"status":"firing",
         "labels":{"alertname":"HighCpuLoad","environment":"production","instance":"WIN-DB-{{i}}:9182","job":"windows","severity":"critical","service":"sql"},
         "annotations":{"summary":"CPU above 95% on WIN-DB-{{i}}","description":"Processor time on WIN-DB-{{i}} has been above 95% for 10 minutes."},
         "startsAt":"2026-11-20T08:10:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph"}]}
        """, System.Text.Encoding.UTF8, "application/json");

    private static Process StartServe(string dataDir, out string url)
    {
        url = $"http://127.0.0.1:{RunningHost.FreePort()}";
        var cli = Path.Combine(AppContext.BaseDirectory, "aeonnova.dll");
        Assert.True(File.Exists(cli), $"{cli} is missing (the test project references the CLI)");
        var start = new ProcessStartInfo("dotnet", [cli, "serve", "--urls", url, "--data-dir", dataDir])
        {
            WorkingDirectory = RepoFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test follows alerts straight to their approvals: no settle window.
        foreach (var severity in new[] { "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO" })
        {
            start.Environment[$"AEONNOVA__WORKFLOW__SETTLESECONDS__{severity}"] = "0";
        }
        var process = Process.Start(start)!;
        // Drain the JSON logs so a full pipe never blocks the host.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"aeonnova serve exited with {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("aeonnova serve did not become ready");
    }
}
