using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Core.Audit;

namespace AeonNova.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_WhenRecordsAreUntouched_ShouldReportOkWithTheCount()
    {
        var verification = AuditChain.Verify(Chain(4));
        Assert.True(verification.Ok, verification.Message);
        Assert.Equal(4, verification.Records);
        Assert.StartsWith("OK: 4 record(s)", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenARecordsContentIsEdited_ShouldNameThatRecord()
    {
        var chain = Chain(4);
        var edited = JsonNode.Parse(chain[1].Content.Span)!;
        edited["record"]!["outcome"] = "SUCCEEDED-but-edited";
        chain[1] = chain[1] with { Content = Encoding.UTF8.GetBytes(edited.ToJsonString()) };

        var verification = AuditChain.Verify(chain);

        Assert.False(verification.Ok);
        Assert.Equal("r2", verification.BrokenRecord);
        Assert.Contains("edited", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenAnEditIsResealedWithANewHash_ShouldNameTheRecordAfterIt()
    {
        var chain = Chain(3);
        var edited = JsonNode.Parse(chain[1].Content.Span)!.AsObject();
        edited["record"]!["outcome"] = "forged";
        edited.Remove("hash");
        edited["hash"] = AuditChain.HashOf(edited);
        chain[1] = chain[1] with { Content = Encoding.UTF8.GetBytes(edited.ToJsonString()) };

        var verification = AuditChain.Verify(chain);

        Assert.Equal("r3", verification.BrokenRecord);
        Assert.Contains("previousHash does not match the hash of r2", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenAMiddleRecordIsDeleted_ShouldNameTheRecordAfterTheGapAndTheMissingSequence()
    {
        var chain = Chain(4);
        chain.RemoveAt(1);

        var verification = AuditChain.Verify(chain);

        Assert.Equal("r3", verification.BrokenRecord);
        Assert.Contains("record(s) 2..2 were deleted", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenTheLastRecordIsDeleted_ShouldReportItAgainstTheHead()
    {
        var chain = Chain(3);
        var head = AuditChain.LinkOf(chain[^1].Content);
        chain.RemoveAt(2);

        var verification = AuditChain.Verify(chain, head);

        Assert.False(verification.Ok);
        Assert.Equal("r2", verification.BrokenRecord);
        Assert.Contains("head says 3", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenTwoRecordsAreSwapped_ShouldNameTheFirstOutOfPlace()
    {
        var chain = Chain(4);
        (chain[1], chain[2]) = (chain[2], chain[1]);

        var verification = AuditChain.Verify(chain);

        Assert.Equal("r3", verification.BrokenRecord);
        Assert.Contains("sequence 3 follows 1", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenARecordIsNotJson_ShouldNameIt()
    {
        var chain = Chain(2);
        chain[0] = chain[0] with { Content = Encoding.UTF8.GetBytes("{\"truncated\":") };
        Assert.Equal("r1", AuditChain.Verify(chain).BrokenRecord);
    }

    [Fact]
    public void HashOf_WhenKeysAreReorderedOrWhitespaceChanges_ShouldStayTheSame()
    {
        Assert.Equal(
            AuditChain.HashOf(JsonNode.Parse("""{"b":[1,2.50,{"y":true,"x":null}],"a":"é\u0022"}""")!),
            AuditChain.HashOf(JsonNode.Parse("""{ "a" : "é\"", "b" : [ 1, 2.50, { "x" : null, "y" : true } ] }""")!));
        Assert.NotEqual(AuditChain.HashOf(JsonNode.Parse("""{"a":1}""")!), AuditChain.HashOf(JsonNode.Parse("""{"a":2}""")!));
    }

    [Fact]
    public void Seal_WhenTheDocumentIsNotJson_ShouldRefuseNamingTheExecution()
    {
        var ex = Assert.Throws<ArgumentException>(() => AuditChain.Seal(AuditChain.Empty, "s", "exec-9", At, "not json"u8.ToArray()));
        Assert.Contains("exec-9", ex.Message, StringComparison.Ordinal);
    }

    private static List<StoredAuditRecord> Chain(int count)
    {
        var records = new List<StoredAuditRecord>();
        var link = AuditChain.Empty;
        for (var i = 1; i <= count; i++)
        {
            var (bytes, next) = AuditChain.Seal(link, "test", $"exec-{i}", At.AddMinutes(i), Encoding.UTF8.GetBytes($$"""{"executionId":"exec-{{i}}","outcome":"SUCCEEDED"}"""));
            Assert.Equal(i, next.Sequence);
            records.Add(new StoredAuditRecord($"r{i}", bytes));
            link = next;
        }

        return records;
    }
}
