using System.Text.Json;
using AeonNova.Cli.Tests.Alerts;

namespace AeonNova.Cli.Tests.Plan;

[Trait("Category", "Integration")]
public class PlanCommandTests
{
    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        // Payloads live in one folder per source; samples/alerts/manifest.json describes them and is not a payload.
        foreach (var file in Directory.GetDirectories(Path.Combine(RepoFiles.Root, "samples", "alerts"))
                     .SelectMany(dir => Directory.GetFiles(dir, "*.json")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(Path.GetDirectoryName(file)!), Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Plan_WhenEverySample_ShouldPrintAlertRunbookPlanAndSafetyPerAlert(string source, string file)
    {
        string[] args = source == "generic"
            ? ["plan", "--source", source, "--mapping", CliProcess.Mapping("superops.json"), RepoFiles.Sample(source, file)]
            : ["plan", "--source", source, RepoFiles.Sample(source, file)];

        var result = await CliProcess.RunAsync(args);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            Assert.Contains("no alert to plan", result.Stderr, StringComparison.Ordinal);
            return;
        }
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.Object, root.GetProperty("alert").ValueKind);
            Assert.True(root.GetProperty("runbook").ValueKind is JsonValueKind.Object or JsonValueKind.Null);
            var plan = root.GetProperty("plan");
            Assert.StartsWith("builtin-planner@", plan.GetProperty("model").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(plan.GetProperty("script").GetProperty("body").GetString()));
            var safety = root.GetProperty("safety");
            Assert.NotEqual("block", safety.GetProperty("verdict").GetString());
            Assert.Equal(plan.GetProperty("script").GetProperty("language").GetString(), safety.GetProperty("language").GetString());
        }
    }

    [Fact]
    public async Task Plan_WhenAlertmanagerSample_ShouldPickDiskRunbookForLinuxAndPowerShellForWindows()
    {
        var result = await CliProcess.RunAsync("plan", "--source", "alertmanager", RepoFiles.Sample("alertmanager", "firing.json"));

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var linux = JsonDocument.Parse(lines[0]);
        using var windows = JsonDocument.Parse(lines[1]);
        Assert.Equal("disk-full-linux", linux.RootElement.GetProperty("runbook").GetProperty("id").GetString());
        Assert.Contains("df -h '/var'", linux.RootElement.GetProperty("plan").GetProperty("script").GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal("powershell", windows.RootElement.GetProperty("plan").GetProperty("script").GetProperty("language").GetString());
    }

    [Fact]
    public async Task Plan_WhenFileMissing_ShouldExit2WithMessageAndNoStackTrace()
    {
        var result = await CliProcess.RunAsync("plan", "--source", "alertmanager", "/nonexistent/alert.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("alert.json", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WhenUnknownSource_ShouldExit2()
    {
        var result = await CliProcess.RunAsync("plan", "--source", "nagios", RepoFiles.Sample("alertmanager", "firing.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown source 'nagios'", result.Stderr, StringComparison.Ordinal);
    }
}

[Trait("Category", "Integration")]
public class RunbooksCommandTests
{
    [Fact]
    public async Task Search_WhenQuery_ShouldPrintTopKWithDescendingScores()
    {
        var result = await CliProcess.RunAsync("runbooks", "search", "disk full /var", "--top", "3");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal("disk-full-linux", results[0].GetProperty("id").GetString());
        var scores = results.Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public async Task List_WhenRun_ShouldPrintEveryRunbook()
    {
        var result = await CliProcess.RunAsync("runbooks", "list");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.True(doc.RootElement.GetArrayLength() >= 20);
        Assert.Contains(doc.RootElement.EnumerateArray(), r => r.GetProperty("id").GetString() == "iis-app-pool-stopped");
    }

    [Fact]
    public async Task Search_WhenTopIsZero_ShouldExit2()
    {
        var result = await CliProcess.RunAsync("runbooks", "search", "disk", "--top", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--top must be at least 1", result.Stderr, StringComparison.Ordinal);
    }
}
