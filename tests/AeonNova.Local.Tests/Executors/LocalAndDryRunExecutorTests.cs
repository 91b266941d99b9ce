using AeonNova.Core.Safety;
using AeonNova.Local.Config;
using AeonNova.Local.Executors;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Executors;

[Trait("Category", "Integration")]
public sealed class LocalAndDryRunExecutorTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly SqliteCommandLedger ledger;

    public LocalAndDryRunExecutorTests() => ledger = new SqliteCommandLedger(new SqliteDatabase(dir.Path, new StorageOptions()), TimeProvider.System);

    public void Dispose() => dir.Dispose();

    private ExecutorRouter Router(params ExecutorRule[] rules) => new(rules,
        [new DryRunExecutor(TimeProvider.System), new LocalProcessExecutor(dir.Path, TimeProvider.System)], ledger);

    private static HostCommand Bash(string id, string script, string host = "localhost") =>
        new(id, "ex-1", host, ScriptLanguage.Bash, script);

    [Fact]
    public async Task RunAsync_WhenHostNotMapped_ShouldDryRunAndRecordIt()
    {
        var marker = dir.File("touched");
        var result = await Router(new ExecutorRule { Hosts = "db-*", Type = "local" })
            .RunAsync(Bash("c1", $"touch {marker}", host: "web-1"), CancellationToken.None);

        Assert.Equal("DryRun", result.Status);
        Assert.Contains("web-1", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
        Assert.Equal("DryRun", ledger.Get("c1")!.Status);
    }

    [Fact]
    public async Task RunAsync_WhenSameCommandIdTwice_ShouldRunOnce()
    {
        var counter = dir.File("count");
        var router = Router(new ExecutorRule { Hosts = "localhost", Type = "local", Sandbox = "none" });

        var first = await router.RunAsync(Bash("c1", $"echo run >> {counter}; echo done"), CancellationToken.None);
        var second = await router.RunAsync(Bash("c1", $"echo run >> {counter}; echo done"), CancellationToken.None);

        Assert.Equal("Success", first.Status);
        Assert.Equal(first.Output, second.Output);
        Assert.Single(File.ReadAllLines(counter));
    }

    [Fact]
    public async Task RunAsync_WhenScriptFails_ShouldReportExitCodeAndOutput()
    {
        var result = await Router(new ExecutorRule { Hosts = "localhost", Type = "local" })
            .RunAsync(Bash("c1", "echo to-stdout; echo to-stderr >&2; exit 3"), CancellationToken.None);

        Assert.Equal("Failed", result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("to-stdout", result.Output, StringComparison.Ordinal);
        Assert.Contains("to-stderr", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenTimeoutExpires_ShouldKillWholeProcessGroup()
    {
        var pidFile = dir.File("child.pid");
        var result = await Router(new ExecutorRule { Hosts = "localhost", Type = "local", TimeoutSeconds = 1, Sandbox = "none" })
            .RunAsync(Bash("c1", $"sleep 300 & echo $! > {pidFile}; sleep 300"), CancellationToken.None);

        Assert.Equal("TimedOut", result.Status);
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(200);
        Assert.False(Directory.Exists($"/proc/{child}") && !File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal),
            $"background child {child} survived the timeout");
    }

    [Fact]
    public async Task RunAsync_WhenOutputExceedsCap_ShouldTruncateAndSaySo()
    {
        var result = await Router(new ExecutorRule { Hosts = "localhost", Type = "local", OutputLimitBytes = 100 })
            .RunAsync(Bash("c1", "yes aeonnova | head -n 10000"), CancellationToken.None);

        Assert.True(result.Status == "Success", $"{result.Status} {result.ExitCode} {result.Output}");
        Assert.True(result.Truncated);
        Assert.Equal(100, result.Output.Length);
    }

    [Fact]
    public async Task RunAsync_WhenSandboxed_ShouldKeepFileSystemReadOnlyOutsideWorkDir()
    {
        var executor = new LocalProcessExecutor(dir.Path, TimeProvider.System);
        Assert.True(executor.SandboxAvailable || Environment.GetEnvironmentVariable("CI") != "true", "bubblewrap must be installed in CI");
        if (!executor.SandboxAvailable)
        {
            return;
        }
        // /tmp is a private tmpfs inside the sandbox, so probe a persistent path instead.
        var outside = $"/var/tmp/aeonnova-sandbox-{Guid.NewGuid():N}";

        var result = await Router(new ExecutorRule { Hosts = "localhost", Type = "local", Sandbox = "bwrap" })
            .RunAsync(Bash("c1", $"echo inside > ./inside.txt && cat ./inside.txt; echo x > {outside}"), CancellationToken.None);

        Assert.Contains("inside", result.Output, StringComparison.Ordinal);
        Assert.Equal("Failed", result.Status);
        Assert.Contains("Read-only file system", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(outside));
    }

    [Fact]
    public async Task RunAsync_WhenEnvironmentHasSecrets_ShouldNotPassThemToScript()
    {
        Environment.SetEnvironmentVariable("AEONNOVA_TEST_SECRET", "hunter2");
        var result = await Router(new ExecutorRule { Hosts = "localhost", Type = "local" })
            .RunAsync(Bash("c1", "env"), CancellationToken.None);

        Assert.DoesNotContain("hunter2", result.Output, StringComparison.Ordinal);
        Assert.Contains("AEONNOVA_COMMAND_ID=c1", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web-1", "web-*", true)]
    [InlineData("WEB-1", "web-?", true)]
    [InlineData("db-1", "web-*,db-1", true)]
    [InlineData("web-10", "web-?", false)]
    public void RuleFor_WhenPatternsGiven_ShouldMatchWildcards(string host, string pattern, bool matches)
    {
        var rule = Router(new ExecutorRule { Hosts = pattern, Type = "local" }).RuleFor(host);

        Assert.Equal(matches ? "local" : "dry-run", rule.Type);
    }
}
