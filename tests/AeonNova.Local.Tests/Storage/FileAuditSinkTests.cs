using System.Text;
using AeonNova.Core.Audit;
using AeonNova.Local.Storage;

namespace AeonNova.Local.Tests.Storage;

public sealed class FileAuditSinkTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("aeonnova-audit-sink-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task WriteAsync_WhenTwoWritersShareADataDir_ShouldKeepOneUnbrokenChain()
    {
        var first = new FileAuditSink(_dataDir);
        var second = new FileAuditSink(_dataDir);
        for (var i = 0; i < 6; i++)
        {
            // Each writer caches its own head: the other's appends make its next sequence number collide.
            await (i % 2 == 0 ? first : second).WriteAsync($"exec-{i}", At, Encoding.UTF8.GetBytes($$"""{"n":{{i}}}"""));
        }

        var verification = FileAuditSink.Verify(_dataDir);
        Assert.True(verification.Ok, verification.Message);
        Assert.Equal(6, verification.Records);
    }

    [Fact]
    public async Task WriteAsync_WhenARecordIsWritten_ShouldWrapTheDocumentAndLinkItToThePreviousHash()
    {
        var sink = new FileAuditSink(_dataDir);
        var one = await sink.WriteAsync("exec-1", At, "{\"a\":1}"u8.ToArray());
        var two = await sink.WriteAsync("exec/2", At, "{\"a\":2}"u8.ToArray());
        Assert.Contains("\"executionId\":\"exec/2\"", File.ReadAllText(two), StringComparison.Ordinal);

        Assert.EndsWith("000000000001.json", one, StringComparison.Ordinal);
        Assert.EndsWith("000000000002.json", two, StringComparison.Ordinal);
        var link = AuditChain.LinkOf(File.ReadAllBytes(one));
        Assert.Contains($"\"previousHash\":\"{link.Hash}\"", File.ReadAllText(two), StringComparison.Ordinal);
        Assert.Equal(new AuditLink(2, AuditChain.LinkOf(File.ReadAllBytes(two)).Hash), FileAuditSink.ReadHead(sink.Directory));
    }

    [Fact]
    public async Task Verify_WhenTheNewestRecordIsDeleted_ShouldReportTheTruncationAgainstTheHead()
    {
        var sink = new FileAuditSink(_dataDir);
        var one = await sink.WriteAsync("exec-1", At, "{}"u8.ToArray());
        File.Delete(await sink.WriteAsync("exec-2", At, "{}"u8.ToArray()));

        var verification = FileAuditSink.Verify(_dataDir);

        Assert.False(verification.Ok);
        Assert.Equal(one, verification.BrokenRecord);
        Assert.Contains("the last record(s) were deleted", verification.Message, StringComparison.Ordinal);
    }
}
