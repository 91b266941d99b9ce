using System.Net;
using AeonNova.Local.Config;
using AeonNova.Local.Executors;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;
using AeonNova.Local.Ui;
using AeonNova.Testing;

namespace AeonNova.Local.Tests.Hosting;

/// <summary>
/// Issue #20 through the real local host: an approved remediation edits a file under the sandbox's writable path with
/// the local executor in bubblewrap, its verification fails on purpose, and the approved rollback puts the file back.
/// The runbook is a test one (tests/AeonNova.Local.Tests/Fixtures/Runbooks) served as the host's only runbook.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RollbackServeTests : IDisposable
{
    private static readonly byte[] Original = "# app config\nmax_connections = 100\nlisten = 127.0.0.1:8080\n\u00e9t\u00e9\r\nno final newline"u8.ToArray();

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    public static string RunbooksFolder => Path.Combine(RepoFiles.Root, "tests", "AeonNova.Local.Tests", "Fixtures", "Runbooks");

    /// <summary>Alertmanager alert for the test runbook: the host is mapped to the local executor, the file is a label.</summary>
    public static StringContent DriftPayload(string host, string confFile) => new($$"""
        {"receiver":"aeonnova","status":"firing","version":"4","groupKey":"{}","truncatedAlerts":0,"groupLabels":{},"commonLabels":{},
         "commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[{"status":"firing",
         "labels":{"alertname":"ConfigFileDrift","environment":"production","instance":"{{host}}:9100","job":"node","severity":"critical","conf_file":"{{confFile}}"},
         "annotations":{"summary":"config file drift on {{host}}: the application answers with errors","description":"The application on {{host}} answers with errors since its config file drifted."},
         "startsAt":"2026-11-20T08:10:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph"}]}
        """, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Serve_WhenVerificationFailsAfterASandboxedEdit_ShouldRollBackTheFileByteForByte()
    {
        var sandbox = new LocalProcessExecutor(dir.Path, TimeProvider.System);
        Assert.True(sandbox.SandboxAvailable || Environment.GetEnvironmentVariable("CI") != "true", "bubblewrap must be installed in CI");
        if (!sandbox.SandboxAvailable)
        {
            return;
        }
        var writable = Directory.CreateDirectory(dir.File("writable")).FullName;
        var confFile = Path.Combine(writable, "app.conf");
        await File.WriteAllBytesAsync(confFile, Original);

        await using var host = await RunningHost.StartAsync(
            options => options with
            {
                Executors = [new ExecutorRule { Hosts = "rb-files-*", Type = "local", Sandbox = "bwrap", WritablePaths = [writable], TimeoutSeconds = 60 }],
                Workflow = options.Workflow with { StateRoot = Path.Combine(writable, "state") },
            },
            repoFolders: new Dictionary<string, string> { ["runbooks"] = RunbooksFolder });
        using (var response = await host.Http.PostAsync("/alerts/alertmanager", DriftPayload("rb-files-1", confFile)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var waiting = await host.WaitForAsync(list => list.FirstOrDefault(e => e.Waiting && e.CurrentState == "WaitForApproval")
            ?? list.FirstOrDefault(e => e.Status != "RUNNING"), "the execution to wait for approval", seconds: 60);
        Assert.True(waiting.Waiting, $"{waiting.Name} ended {waiting.Status} in {waiting.CurrentState} before any approval: "
            + System.Text.RegularExpressions.Regex.Match(System.Text.Json.JsonSerializer.Serialize(host.Services.Executions.Find(waiting.Name)!.History.ToList(),
                AeonNova.StepFunctions.Persistence.StepFunctionsJsonContext.Default.ListHistoryEvent), "diagnostics only.{0,600}").Value);
        await ApprovalLink.DecideAsync(host, await host.WaitForApprovalIdAsync(waiting.Name), "approve", "rollback serve test");

        var done = await host.WaitForAsync(list => list.FirstOrDefault(e => e.Name == waiting.Name && e.Status != "RUNNING"), "the approved execution to end", seconds: 90);

        var commands = ApprovalQueries.Commands(host.Services.Database, waiting.Name);
        var detail = string.Join("\n---\n", commands.Select(c => $"{c.Executor} {c.Status} exit {c.ExitCode}: {c.Output}"));
        Assert.True(done.CurrentState == "RolledBack", $"ended {done.Status} in {done.CurrentState}; commands:\n{detail}");
        Assert.Equal("FAILED", done.Status);
        Assert.Equal(2, commands.Count);
        Assert.All(commands, c => Assert.Equal("local", c.Executor));
        Assert.Single(commands, c => c.Status == "Success" && c.Output.Contains("AEONNOVA_VERIFY=failed", StringComparison.Ordinal)
            && c.Output.Contains("max_connections = 500", StringComparison.Ordinal));
        Assert.Single(commands, c => c.Status == "Success" && c.Output.Contains("AEONNOVA_ROLLBACK=ok", StringComparison.Ordinal));
        // The fix really edited the file in the sandbox (its snapshot holds the original), and the rollback restored it.
        var saved = Directory.GetFiles(Path.Combine(writable, "state"), "saved.conf", SearchOption.AllDirectories);
        Assert.Equal(Original, await File.ReadAllBytesAsync(Assert.Single(saved)));
        Assert.Equal(Original, await File.ReadAllBytesAsync(confFile));
        var record = await host.Services.Records.GetAsync(done.ExecutionArn);
        Assert.Equal("rolled-back", record!.Status);
    }

    /// <summary>
    /// kill -9 of `aeonnova serve` while the rollback runs in the sandbox (the test runbook's rollback waits when a
    /// pause file exists), then a restart on the same data dir: the rollback is not run a second time and the
    /// execution ends RolledBack or RollbackFailed, never stuck.
    /// </summary>
    [Fact]
    public async Task Serve_WhenKilledDuringTheRollbackAndRestarted_ShouldNotRunTheRollbackAgainAndShouldEndTheExecution()
    {
        if (!new LocalProcessExecutor(dir.Path, TimeProvider.System).SandboxAvailable)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") != "true", "bubblewrap must be installed in CI");
            return;
        }
        var writable = Directory.CreateDirectory(dir.File("writable")).FullName;
        var confFile = Path.Combine(writable, "app.conf");
        await File.WriteAllBytesAsync(confFile, Original);
        await File.WriteAllTextAsync(confFile + ".rollback-pause", "");
        var started = confFile + ".rollback-started";
        var dataDir = dir.File("data");
        var checkout = CheckoutWithTestRunbooks();
        var environment = new Dictionary<string, string>
        {
            ["AEONNOVA__EXECUTORS__0__HOSTS"] = "rb-files-*",
            ["AEONNOVA__EXECUTORS__0__TYPE"] = "local",
            ["AEONNOVA__EXECUTORS__0__SANDBOX"] = "bwrap",
            ["AEONNOVA__EXECUTORS__0__TIMEOUTSECONDS"] = "120",
            ["AEONNOVA__EXECUTORS__0__WRITABLEPATHS__0"] = writable,
            ["AEONNOVA__WORKFLOW__STATEROOT"] = Path.Combine(writable, "state"),
        };

        var first = ServeProcess.Start(dataDir, out var url, environment, checkout);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            await ServeProcess.WaitHealthyAsync(http, first);
            using (var response = await http.PostAsync("/alerts/alertmanager", DriftPayload("rb-files-2", confFile)))
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
            var link = await UntilAsync(() => ApprovalLinkIn(Path.Combine(dataDir, "outbox")), "the approval email", first);
            await ApprovalLink.DecideAsync(link, url, "approve", "rollback crash test");
            await UntilAsync(() => File.Exists(started) ? started : null, "the rollback to start in the sandbox", first);
            await first.KillAsync(); // SIGKILL while the rollback command is in flight.
        }
        finally
        {
            if (!first.Process.HasExited)
            {
                await first.KillAsync();
            }
            first.Dispose();
        }
        File.Delete(started);

        var second = ServeProcess.Start(dataDir, out var url2, environment, checkout);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url2) };
            await ServeProcess.WaitHealthyAsync(http, second);
            var database = new SqliteDatabase(dataDir, new StorageOptions());
            var store = new SqliteEngineStore(database);
            var execution = await UntilAsync(() => store.List(new ExecutionQuery { Limit = 10 }) is [{ Status: not "RUNNING" } one] ? one : null,
                "the execution to end after the restart", second);

            var commands = ApprovalQueries.Commands(database, execution.Name);
            var detail = string.Join("\n---\n", commands.Select(c => $"{c.Executor} {c.Status} exit {c.ExitCode}: {c.Output}"));
            Assert.True(execution.CurrentState is "RolledBack" or "RollbackFailed", $"ended {execution.Status} in {execution.CurrentState}; commands:\n{detail}");
            Assert.Equal("FAILED", execution.Status);
            Assert.True(commands.Count == 2, $"the fix and one rollback in the ledger; found:\n{detail}");
            using var connection = database.Open();
            foreach (var command in commands)
            {
                using var runs = connection.CreateCommand();
                runs.CommandText = "SELECT COUNT(*) FROM command_runs WHERE command_id = $c";
                runs.Parameters.AddWithValue("$c", command.CommandId);
                Assert.Equal(1L, (long)runs.ExecuteScalar()!);
            }
            Assert.False(File.Exists(started), "the rollback ran a second time after the restart");
            // Cut off mid-run: the ledger keeps the rollback undetermined (never re-run), and the execution says so.
            var rollback = Assert.Single(commands, c => !c.Output.Contains("AEONNOVA_VERIFY=", StringComparison.Ordinal));
            Assert.True(rollback.Status == "Running" && execution.CurrentState == "RollbackFailed", $"rollback {rollback.Status}, ended in {execution.CurrentState}:\n{detail}");
        }
        finally
        {
            await second.KillAsync();
            second.Dispose();
        }
    }

    /// <summary>A checkout-shaped folder for a child serve: the repository's data folders, the test runbooks as runbooks/.</summary>
    private string CheckoutWithTestRunbooks()
    {
        var checkout = Directory.CreateDirectory(dir.File("checkout")).FullName;
        File.WriteAllText(Path.Combine(checkout, RepoFiles.Marker), "");
        foreach (var folder in new[] { "statemachines", "config", "prompts", "samples" })
        {
            Directory.CreateSymbolicLink(Path.Combine(checkout, folder), Path.Combine(RepoFiles.Root, folder));
        }
        Directory.CreateSymbolicLink(Path.Combine(checkout, "runbooks"), RunbooksFolder);
        return checkout;
    }

    private static string? ApprovalLinkIn(string outbox) => !Directory.Exists(outbox) ? null
        : Directory.GetFiles(outbox, "*.eml").Select(f => Outbox.LinkPattern().Match(File.ReadAllText(f))).FirstOrDefault(m => m.Success)?.Value;

    private static async Task<T> UntilAsync<T>(Func<T?> probe, string what, ServeChild child, int seconds = 90)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(child.Process.HasExited, $"serve exited while waiting for {what}:\n{child.Tail()}");
            if (probe() is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"timed out waiting for {what}:\n{child.Tail()}");
    }
}
