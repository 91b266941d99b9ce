using System.Net;
using AeonNova.Local.Config;
using AeonNova.Local.Executors;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Hosting;

/// <summary>
/// Issue #15 item 4: kill -9 of `aeonnova serve` at each boundary of a policy-approved command (before the ledger
/// write, after it but before the send, during the run, after the finish), then a restart on the same data dir.
/// The child blocks at the boundary through the AEONNOVA_TEST_CRASH_AT hook, so every kill lands exactly there.
/// Per boundary: <see cref="Rounds"/> kills in parallel, <see cref="AlertsPerRound"/> executions blocked at the
/// boundary in each, so 20 executions per boundary. Checked for each: not lost (exactly one recorded run of its one
/// command), not run twice, not stuck (the execution ends).
/// </summary>
[Trait("Category", "Integration")]
public sealed class LedgerCrashTests : IDisposable
{
    private const int Rounds = 5;
    private const int AlertsPerRound = 4;
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("before-ledger-write")]
    [InlineData("after-ledger-write")]
    [InlineData("during-run")]
    [InlineData("after-finish")]
    public async Task Serve_WhenKilledAtCommandBoundaryAndRestarted_ShouldRunEveryApprovedCommandExactlyOnceAndEndEveryExecution(string boundary)
    {
        await Task.WhenAll(Enumerable.Range(0, Rounds).Select(round => KillAndRecoverAsync(boundary, round)));
    }

    private async Task KillAndRecoverAsync(string boundary, int round)
    {
        var dataDir = dir.File($"{boundary}-{round}");
        var marker = dir.File($"{boundary}-{round}.marker");
        var hosts = Enumerable.Range(0, AlertsPerRound).Select(i => $"WIN-K{round}X{i}").ToList();
        var first = ServeProcess.Start(dataDir, out var url, new Dictionary<string, string>
        {
            [CrashPoints.BoundaryVariable] = boundary,
            [CrashPoints.MarkerVariable] = marker,
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            await ServeProcess.WaitHealthyAsync(http, first);
            foreach (var host in hosts)
            {
                using var response = await http.PostAsync("/alerts/alertmanager", ServeProcess.CpuPayload(host));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (MarkedCount(marker) < AlertsPerRound)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{boundary} round {round}: only {MarkedCount(marker)} of {AlertsPerRound} commands reached the boundary");
                Assert.False(first.Process.HasExited, $"the host exited before the kill:\n{first.Tail()}");
                await Task.Delay(50);
            }
            await first.KillAsync(); // SIGKILL while every command is held at the boundary.
        }
        finally
        {
            if (!first.Process.HasExited)
            {
                await first.KillAsync();
            }
            first.Dispose();
        }

        var second = ServeProcess.Start(dataDir, out var url2);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url2) };
            await ServeProcess.WaitHealthyAsync(http, second);
            var database = new SqliteDatabase(dataDir, new StorageOptions());
            var store = new SqliteEngineStore(database);
            var deadline = DateTime.UtcNow.AddSeconds(120);
            IReadOnlyList<ExecutionSummary> executions;
            while (true)
            {
                executions = store.List(new ExecutionQuery { Limit = 100 });
                if ((executions.Count == AlertsPerRound && executions.All(e => e.Status != "RUNNING")) || DateTime.UtcNow > deadline)
                {
                    break;
                }
                await Task.Delay(250);
            }

            Assert.Equal(AlertsPerRound, executions.Count);
            using var connection = database.Open();
            foreach (var execution in executions)
            {
                var where = $"{boundary} round {round} {execution.Name}";
                Assert.True(execution.Status != "RUNNING", $"{where}: stuck in {execution.CurrentState}");
                var commands = Query(connection, "SELECT command_id, status FROM commands WHERE execution_name = $e", execution.Name);
                Assert.True(commands.Count == 1, $"{where}: {commands.Count} ledger rows");
                var (commandId, status) = commands[0];
                var runs = Query(connection, "SELECT command_id, at FROM command_runs WHERE command_id = $e", commandId).Count;
                Assert.True(runs == 1, $"{where}: the approved command ran {runs} times");
                if (boundary == "during-run")
                {
                    // Cut off mid-run: never re-run; the execution ends saying the outcome is undetermined.
                    Assert.Equal("Running", status);
                    Assert.Equal("FAILED", execution.Status);
                }
                else
                {
                    Assert.Equal("DryRun", status);
                    Assert.Equal("SUCCEEDED", execution.Status);
                }
            }
        }
        finally
        {
            await second.KillAsync();
            second.Dispose();
        }
    }

    private static int MarkedCount(string marker) =>
        File.Exists(marker) ? File.ReadAllLines(marker).Count(l => l.Length > 0) : 0;

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
