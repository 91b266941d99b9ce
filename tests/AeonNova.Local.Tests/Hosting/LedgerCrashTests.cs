using System.Net;
using AeonNova.Local.Config;
using AeonNova.Local.Executors;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Hosting;

/// <summary>
/// Issue #15 item 4: kill -9 of `aeonnova serve` at each boundary of a policy-approved command (before the ledger
/// write, after it but before the send, during the run, after the finish), <see cref="KillsPerBoundary"/> times per
/// boundary, each kill a SIGKILL of a different process holding <see cref="AlertsPerKill"/> executions at the
/// boundary (the AEONNOVA_TEST_CRASH_AT hook stops them exactly there).
/// <para>
/// Each kill is followed by a restart on the same data dir with the same hook: the hook lets the commands it held
/// before go on, so the restarted host first recovers the killed host's executions, which are checked one by one
/// (not lost: exactly one recorded run of their one command; not run twice; not stuck: the execution ends, with
/// the outcome the boundary's recovery defines), and then is itself the next host to be killed. A chain of
/// kills therefore costs one start-up per kill; <see cref="Chains"/> chains run side by side per boundary.
/// </para>
/// </summary>
[Trait("Category", "Integration")]
public sealed class LedgerCrashTests : IDisposable
{
    private const int KillsPerBoundary = 20;
    private const int Chains = 4;
    private const int AlertsPerKill = 2;
    private readonly TempDir dir = TempDir.InMemory();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("before-ledger-write")]
    [InlineData("after-ledger-write")]
    [InlineData("during-run")]
    [InlineData("after-finish")]
    public async Task Serve_WhenKilledAtCommandBoundaryAndRestarted_ShouldRunEveryApprovedCommandExactlyOnceAndEndEveryExecution(string boundary)
    {
        var kills = await Task.WhenAll(Enumerable.Range(0, Chains).Select(chain => KillChainAsync(boundary, chain, KillsPerBoundary / Chains)));

        Assert.Equal(KillsPerBoundary, kills.Sum());
    }

    /// <summary>Start, hold, kill, restart … <paramref name="kills"/> times on one data dir; returns the kills done (each checked).</summary>
    private async Task<int> KillChainAsync(string boundary, int chain, int kills)
    {
        var dataDir = dir.File($"{boundary}-{chain}");
        var marker = dir.File($"{boundary}-{chain}.marker");
        var environment = new Dictionary<string, string>
        {
            [CrashPoints.BoundaryVariable] = boundary,
            [CrashPoints.MarkerVariable] = marker,
        };
        var done = 0;
        (string Where, IReadOnlyList<string> Hosts, IReadOnlyList<string> HeldIds)? killed = null;
        for (var round = 0; round <= kills; round++)
        {
            var child = ServeProcess.Start(dataDir, out var url, environment);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
                await ServeProcess.WaitHealthyAsync(http, child);
                if (killed is { } last)
                {
                    await AssertRecoveredAsync(dataDir, boundary, last.Where, last.Hosts, last.HeldIds);
                }
                if (round == kills)
                {
                    break;
                }

                var where = $"{boundary} chain {chain} kill {round}";
                var hosts = Enumerable.Range(0, AlertsPerKill).Select(i => $"WIN-C{chain}K{round}X{i}").ToList();
                var before = Marked(marker).Count;
                foreach (var host in hosts)
                {
                    using var response = await http.PostAsync("/alerts/alertmanager", ServeProcess.CpuPayload(host));
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }
                var deadline = DateTime.UtcNow.AddSeconds(90);
                while (Marked(marker).Count < before + AlertsPerKill)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"{where}: only {Marked(marker).Count - before} of {AlertsPerKill} commands reached the boundary");
                    Assert.False(child.Process.HasExited, $"{where}: the host exited before the kill:\n{child.Tail()}");
                    await Task.Delay(20);
                }
                Assert.False(child.Process.HasExited, $"{where}: the host exited before the kill:\n{child.Tail()}");
                await child.KillAsync(); // SIGKILL while this round's commands are held at the boundary.
                done++;
                killed = (where, hosts, Marked(marker).Skip(before).ToList());
            }
            finally
            {
                if (!child.Process.HasExited)
                {
                    await child.KillAsync();
                }
                child.Dispose();
            }
        }
        return done;
    }

    /// <summary>Every execution of the killed host's alerts ends, and its one command (the one held) ran exactly once.</summary>
    private static async Task AssertRecoveredAsync(string dataDir, string boundary, string where, IReadOnlyList<string> hosts, IReadOnlyList<string> heldIds)
    {
        var database = new SqliteDatabase(dataDir, new StorageOptions());
        var store = new SqliteEngineStore(database);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        List<ExecutionSummary> executions;
        while (true)
        {
            executions = [.. store.List(new ExecutionQuery { Limit = 1000 }).Where(e => hosts.Contains(e.Host, StringComparer.OrdinalIgnoreCase))];
            if ((executions.Count == hosts.Count && executions.All(e => e.Status != "RUNNING")) || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(50);
        }

        Assert.True(executions.Count == hosts.Count, $"{where}: {executions.Count} executions for {hosts.Count} alerts");
        using var connection = database.Open();
        foreach (var execution in executions)
        {
            var at = $"{where} {execution.Name}";
            Assert.True(execution.Status != "RUNNING", $"{at}: stuck in {execution.CurrentState}");
            var commands = Query(connection, "SELECT command_id, status FROM commands WHERE execution_name = $e", execution.Name);
            Assert.True(commands.Count == 1, $"{at}: {commands.Count} ledger rows");
            var (commandId, status) = commands[0];
            Assert.True(heldIds.Contains(commandId, StringComparer.Ordinal), $"{at}: command {commandId} was not one of those held at {boundary} when the host was killed");
            // command_runs: the executor router's record, written right before it hands the command to an executor.
            var runs = Query(connection, "SELECT command_id, at FROM command_runs WHERE command_id = $e", commandId).Count;
            Assert.True(runs == 1, $"{at}: the approved command ran {runs} times");
            if (boundary == "during-run")
            {
                // Cut off mid-run: never re-run; the execution ends saying the outcome is undetermined.
                Assert.True(status == "Running" && execution.Status == "FAILED", $"{at}: ledger {status}, execution {execution.Status} (expected Running, FAILED)");
            }
            else
            {
                Assert.True(status == "DryRun" && execution.Status == "SUCCEEDED", $"{at}: ledger {status}, execution {execution.Status} (expected DryRun, SUCCEEDED)");
            }
        }
    }

    private static List<string> Marked(string marker) =>
        File.Exists(marker) ? [.. File.ReadAllLines(marker).Where(l => l.Length > 0)] : [];

    private static List<(string, string)> Query(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, string value)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$e", value);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }
        return rows;
    }
}
