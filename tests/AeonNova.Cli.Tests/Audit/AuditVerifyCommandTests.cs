using System.Text;
using AeonNova.Cli.Tests.Alerts;
using AeonNova.Local.Storage;

namespace AeonNova.Cli.Tests.Audit;

/// <summary>`aeonnova audit verify --data-dir DIR` over a chain written by the local host's FileAuditSink.</summary>
[Trait("Category", "Integration")]
public sealed class AuditVerifyCommandTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("aeonnova-audit-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Verify_WhenTheChainIsIntact_ShouldPrintOkAndExitZero()
    {
        await WriteRecordsAsync(3);
        var result = await CliProcess.RunAsync("audit", "verify", "--data-dir", _dataDir);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("OK: 3 record(s)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WhenARecordFileIsEdited_ShouldNameItAndExitOne()
    {
        var files = await WriteRecordsAsync(3);
        File.WriteAllText(files[1], File.ReadAllText(files[1]).Replace("SUCCEEDED", "FAILED", StringComparison.Ordinal));

        var result = await CliProcess.RunAsync("audit", "verify", "--data-dir", _dataDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"BROKEN at {files[1]}: content does not match its hash", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WhenARecordFileIsDeleted_ShouldNameTheNextAndExitOne()
    {
        var files = await WriteRecordsAsync(3);
        File.Delete(files[1]);

        var result = await CliProcess.RunAsync("audit", "verify", "--data-dir", _dataDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"BROKEN at {files[2]}: sequence 3 follows 1: record(s) 2..2 were deleted", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WhenTwoRecordFilesSwapContents_ShouldNameTheFirstAndExitOne()
    {
        var files = await WriteRecordsAsync(3);
        var (first, second) = (File.ReadAllBytes(files[0]), File.ReadAllBytes(files[1]));
        File.WriteAllBytes(files[0], second);
        File.WriteAllBytes(files[1], first);

        var result = await CliProcess.RunAsync("audit", "verify", "--data-dir", _dataDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"BROKEN at {files[0]}: sequence 2 follows 0", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WhenTheDataDirectoryDoesNotExist_ShouldExitTwoWithTheReason()
    {
        var missing = Path.Combine(_dataDir, "nope");
        var result = await CliProcess.RunAsync("audit", "verify", "--data-dir", missing);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such data directory", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> WriteRecordsAsync(int count)
    {
        var sink = new FileAuditSink(_dataDir);
        var files = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            files.Add(await sink.WriteAsync($"arn:aws:states:local:0:execution:remediation:exec-{i}", At.AddMinutes(i),
                Encoding.UTF8.GetBytes($$"""{"execution":"exec-{{i}}","outcome":"SUCCEEDED"}""")));
        }

        return files;
    }
}
