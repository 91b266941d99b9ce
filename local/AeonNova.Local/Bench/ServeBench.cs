using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Local.Config;
using AeonNova.Local.Hosting;
using AeonNova.StepFunctions.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace AeonNova.Local.Bench;

public sealed record ServeBenchOptions
{
    /// <summary>Distinct alerts posted for the sustained-accept figure.</summary>
    public int Alerts { get; init; } = 3000;
    /// <summary>Alerts posted (and worked off) before the timed burst, so JIT compilation of the request path is not timed.</summary>
    public int WarmupAlerts { get; init; } = 200;
    public int Concurrency { get; init; } = 16;
    /// <summary>Alerts timed from POST to "waiting for approval" (posted one at a time).</summary>
    public int ApprovalSamples { get; init; } = 200;
    /// <summary>Copies of one alert (same fingerprint) that must yield exactly one execution.</summary>
    public int Duplicates { get; init; } = 10_000;
    public Func<string, string>? FindRepoFolder { get; init; }
}

public sealed record ServeBenchResult
{
    public required int WarmupAlerts { get; init; }
    public required int AcceptedAlerts { get; init; }
    public required double AcceptedPerSecond { get; init; }
    public required double AcceptP50Ms { get; init; }
    public required double AcceptP95Ms { get; init; }
    public required double AcceptP99Ms { get; init; }
    public required double AcceptMaxMs { get; init; }
    /// <summary>From the end of the burst until the queue was empty (every alert dispatched to the engine).</summary>
    public required double BacklogDrainSeconds { get; init; }
    public required int ApprovalSamples { get; init; }
    public required double AlertToAwaitingApprovalP50Ms { get; init; }
    public required double AlertToAwaitingApprovalP99Ms { get; init; }
    public required int DuplicateCopies { get; init; }
    public required double DuplicateSeconds { get; init; }
    public required int ExecutionsForDuplicatedAlert { get; init; }
    public required int ProcessorCount { get; init; }
    /// <summary>CPU time this process (clients + host) used during the burst per second of burst: 2.0 = both cores.</summary>
    public required double BurstCoresUsed { get; init; }

    public JsonObject ToJson() => new()
    {
        ["warmupAlerts"] = WarmupAlerts,
        ["acceptedAlerts"] = AcceptedAlerts,
        ["acceptedPerSecond"] = Math.Round(AcceptedPerSecond, 1),
        ["acceptP50Ms"] = Math.Round(AcceptP50Ms, 2),
        ["acceptP95Ms"] = Math.Round(AcceptP95Ms, 2),
        ["acceptP99Ms"] = Math.Round(AcceptP99Ms, 2),
        ["acceptMaxMs"] = Math.Round(AcceptMaxMs, 2),
        ["backlogDrainSeconds"] = Math.Round(BacklogDrainSeconds, 1),
        ["approvalSamples"] = ApprovalSamples,
        ["alertToAwaitingApprovalP50Ms"] = Math.Round(AlertToAwaitingApprovalP50Ms, 1),
        ["alertToAwaitingApprovalP99Ms"] = Math.Round(AlertToAwaitingApprovalP99Ms, 1),
        ["duplicateCopies"] = DuplicateCopies,
        ["duplicateSeconds"] = Math.Round(DuplicateSeconds, 1),
        ["executionsForDuplicatedAlert"] = ExecutionsForDuplicatedAlert,
        ["processorCount"] = ProcessorCount,
        ["burstCoresUsed"] = Math.Round(BurstCoresUsed, 2),
    };
}

/// <summary>
/// `aeonnova bench serve`: a real host on 127.0.0.1 (temp data dir, built-in planner, dry-run executor) driven
/// over HTTP. Measures sustained accepted alerts/s with accept latency percentiles, the time from POST to the
/// execution waiting for approval, and that N copies of one alert start one execution.
/// </summary>
public static class ServeBench
{
    public static async Task<ServeBenchResult> RunAsync(ServeBenchOptions bench, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(progress);
        var dataDir = Path.Combine(Path.GetTempPath(), "aeonnova-bench-" + Guid.NewGuid().ToString("N"));
        var url = $"http://127.0.0.1:{FreePort()}";
        var app = LocalHost.Build(new LocalHostSettings
        {
            // No settle window (#15): the bench times accepting and reaching the approval wait, not the 300 s a
            // warning-severity alert would otherwise wait to settle before analysis.
            Options = new AeonNovaOptions
            {
                Urls = url,
                DataDir = dataDir,
                Workflow = new WorkflowOptions
                {
                    SettleSeconds = new(StringComparer.OrdinalIgnoreCase) { ["critical"] = 0, ["high"] = 0, ["medium"] = 0, ["low"] = 0, ["info"] = 0 },
                },
            },
            MinimumLogLevel = LogLevel.Warning,
            FindRepoFolder = bench.FindRepoFolder,
        });
        var services = (HostServices)app.Services.GetService(typeof(HostServices))!;
        var waiting = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        services.Executions.Saved += snapshot =>
        {
            if (snapshot.Checkpoint is { TaskToken: not null, StateName: "WaitForApproval" } && AlertTitle(snapshot) is { } title)
            {
                waiting.TryAdd(title, Stopwatch.GetTimestamp());
            }
        };
        await app.StartAsync(cancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await progress.WriteLineAsync($"bench: host on {url}, data in {dataDir}");

            // 0. Warm-up (not timed): the same requests, then the backlog is worked off so the burst starts from an idle host.
            await PostDistinctAsync(http, "BenchWarmup", bench.WarmupAlerts, bench.Concurrency, null, cancellationToken);
            await DrainAsync(services, cancellationToken);

            // 1. Sustained accepts: distinct alerts, fixed concurrency; the rate is over the whole burst.
            var latencies = new ConcurrentBag<double>();
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var total = Stopwatch.StartNew();
            await PostDistinctAsync(http, "BenchAccept", bench.Alerts, bench.Concurrency, latencies, cancellationToken);
            var acceptSeconds = total.Elapsed.TotalSeconds;
            self.Refresh();
            var burstCores = (self.TotalProcessorTime - cpuBefore).TotalSeconds / acceptSeconds;
            await progress.WriteLineAsync($"bench: {bench.Alerts} alerts accepted in {acceptSeconds:F2}s");
            var drain = Stopwatch.StartNew();
            await DrainAsync(services, cancellationToken);
            var drainSeconds = drain.Elapsed.TotalSeconds;
            await progress.WriteLineAsync($"bench: backlog worked off {drainSeconds:F1}s after the burst");

            // 2. Alert -> awaiting approval, one alert at a time on a quiet host.
            var approval = new List<double>();
            for (var i = 0; i < bench.ApprovalSamples; i++)
            {
                var title = $"BenchApproval{i}";
                var posted = Stopwatch.GetTimestamp();
                using (var response = await http.PostAsync("/alerts/alertmanager", Payload(title, $"apr-{i}"), cancellationToken))
                {
                    EnsureAccepted(response);
                }
                var deadline = DateTime.UtcNow.AddSeconds(10);
                long reached;
                while (!waiting.TryGetValue(title, out reached))
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"alert {title} did not reach WaitForApproval within 10 s");
                    }
                    await Task.Delay(1, cancellationToken);
                }
                approval.Add(Stopwatch.GetElapsedTime(posted, reached).TotalMilliseconds);
            }
            await progress.WriteLineAsync($"bench: {bench.ApprovalSamples} alerts timed to WaitForApproval");

            // 3. N copies of one alert: one execution.
            var copies = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, bench.Concurrency).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) < bench.Duplicates)
                {
                    using var response = await http.PostAsync("/alerts/alertmanager", Payload("BenchDuplicate", "dup"), cancellationToken);
                    EnsureAccepted(response);
                }
            }));
            var duplicateSeconds = copies.Elapsed.TotalSeconds;
            await DrainAsync(services, cancellationToken);
            var executions = services.Executions.List(new Storage.ExecutionQuery { Text = "BenchDuplicate", Limit = 100_000 }).Count;
            await progress.WriteLineAsync($"bench: {bench.Duplicates} copies in {duplicateSeconds:F1}s -> {executions} execution(s)");

            var sorted = latencies.Order().ToArray();
            var approvalSorted = approval.Order().ToArray();
            return new ServeBenchResult
            {
                WarmupAlerts = bench.WarmupAlerts,
                AcceptedAlerts = bench.Alerts,
                AcceptedPerSecond = bench.Alerts / acceptSeconds,
                AcceptP50Ms = Percentile(sorted, 0.50),
                AcceptP95Ms = Percentile(sorted, 0.95),
                AcceptP99Ms = Percentile(sorted, 0.99),
                AcceptMaxMs = sorted.Length == 0 ? 0 : sorted[^1],
                BacklogDrainSeconds = drainSeconds,
                ApprovalSamples = bench.ApprovalSamples,
                AlertToAwaitingApprovalP50Ms = Percentile(approvalSorted, 0.50),
                AlertToAwaitingApprovalP99Ms = Percentile(approvalSorted, 0.99),
                DuplicateCopies = bench.Duplicates,
                DuplicateSeconds = duplicateSeconds,
                ExecutionsForDuplicatedAlert = executions,
                ProcessorCount = Environment.ProcessorCount,
                BurstCoresUsed = burstCores,
            };
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }

    /// <summary>Posts count distinct alerts from concurrency clients; each 202's latency goes into latencies when given.</summary>
    private static async Task PostDistinctAsync(HttpClient http, string prefix, int count, int concurrency, ConcurrentBag<double>? latencies, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/alerts/alertmanager", Payload($"{prefix}{i}", $"{prefix}-{i}"), cancellationToken);
                latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                EnsureAccepted(response);
            }
        }));
    }

    /// <summary>A one-alert Alertmanager webhook; the alert name makes the fingerprint (and title) distinct.</summary>
    public static StringContent Payload(string alertName, string instance)
    {
        var json = $$"""
            {"receiver":"aeonnova","status":"firing","version":"4","groupKey":"{}","truncatedAlerts":0,
             "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",
             "alerts":[{"status":"firing","labels":{"alertname":"{{alertName}}","instance":"{{instance}}:9100","severity":"warning","env":"production","os":"linux","service":"nginx"},
               "annotations":{"summary":"{{alertName}}: nginx is down on {{instance}}","description":"systemd unit nginx.service is inactive on {{instance}}."},
               "startsAt":"2026-11-23T05:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph"}]}
            """;
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    private static void EnsureAccepted(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /alerts answered {(int)response.StatusCode}");
        }
    }

    private static async Task DrainAsync(HostServices services, CancellationToken cancellationToken)
    {
        while (services.Queue.Depth() > 0)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private static string? AlertTitle(ExecutionSnapshot snapshot)
    {
        try
        {
            return JsonNode.Parse(snapshot.Input)?["alert"]?["labels"]?["alertname"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
