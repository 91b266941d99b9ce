using System.Diagnostics;
using AeonNova.Testing;

namespace AeonNova.Local.Tests.Support;

/// <summary>`aeonnova serve` as a child process on a free loopback port (the crash tests kill it with SIGKILL).</summary>
public static class ServeProcess
{
    /// <param name="environment">Extra variables for the child (the crash hook); settle windows are always 0.</param>
    /// <param name="workingDirectory">Where serve finds its data folders (a checkout-shaped folder); null = the repository root.</param>
    public static ServeChild Start(string dataDir, out string url, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        url = $"http://127.0.0.1:{LoopbackServer.FreePort()}";
        var cli = Path.Combine(AppContext.BaseDirectory, "aeonnova.dll");
        Assert.True(File.Exists(cli), $"{cli} is missing (the test project references the CLI)");
        var start = new ProcessStartInfo("dotnet", [cli, "serve", "--urls", url, "--data-dir", dataDir])
        {
            WorkingDirectory = workingDirectory ?? RepoFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The tests follow alerts straight to their approvals or runs: no settle window.
        foreach (var severity in new[] { "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO" })
        {
            start.Environment[$"AEONNOVA__WORKFLOW__SETTLESECONDS__{severity}"] = "0";
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return new ServeChild(Process.Start(start)!);
    }

    /// <summary>
    /// Ready: serve has logged that it listens (the line comes after the resumed executions were counted), then
    /// /health/ready answers 200. Waiting for the line rather than polling keeps the probes off a busy start-up.
    /// </summary>
    public static async Task WaitHealthyAsync(HttpClient http, ServeChild child)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(child);
        var process = child.Process;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        await Task.WhenAny(child.Listening, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"aeonnova serve exited with {(process.HasExited ? process.ExitCode : 0)}:\n{child.Tail()}");
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
            await Task.Delay(20);
        }
        throw new TimeoutException("aeonnova serve did not become ready");
    }

    /// <summary>An Alertmanager alert the default policy runs without approval: critical CPU on a Windows host (diagnostics).</summary>
    public static StringContent CpuPayload(string host) => new($$"""
        {"receiver":"aeonnova","status":"firing","version":"4","groupKey":"{}","truncatedAlerts":0,"groupLabels":{},"commonLabels":{},
         "commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[{"status":"firing",
         "labels":{"alertname":"HighCpuLoad","environment":"production","instance":"{{host}}:9182","job":"windows","severity":"critical","service":"sql"},
         "annotations":{"summary":"CPU above 95% on {{host}}","description":"Processor time on {{host}} has been above 95% for 10 minutes."},
         "startsAt":"2026-11-20T08:10:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph"}]}
        """, System.Text.Encoding.UTF8, "application/json");
}

/// <summary>A running `aeonnova serve` child and the last lines it wrote (to explain a failed start).</summary>
public sealed class ServeChild : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> log = new();
    // An unhandled exception's first line scrolls out of the tail behind its stack trace: kept apart.
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServeChild(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        Process = process;
        // Drain the JSON logs so a full pipe never blocks the host.
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>Completes when serve logs that it is listening (after the executions of the data dir were resumed).</summary>
    public Task Listening => listening.Task;

    public string Tail() => string.Join('\n', errors.Concat(log));

    /// <summary>SIGKILL: no shutdown hooks, no flush.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    public void Dispose() => Process.Dispose();

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line.Contains("aeonnova serve listening on", StringComparison.Ordinal))
        {
            listening.TrySetResult();
        }
        if (line.Contains("Unhandled exception", StringComparison.Ordinal) || line.Contains("Exception: ", StringComparison.Ordinal))
        {
            errors.Enqueue(line);
        }
        log.Enqueue(line);
        while (log.Count > 30 && log.TryDequeue(out _))
        {
        }
    }
}
