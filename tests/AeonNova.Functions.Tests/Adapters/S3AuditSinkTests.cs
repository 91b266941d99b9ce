using System.Net;
using System.Text;
using AeonNova.Core.Audit;
using AeonNova.Functions.Adapters;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace AeonNova.Functions.Tests.Adapters;

public sealed class S3AuditSinkTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_WhenRecordsAreAppended_ShouldFormAChainTheVerifierAccepts()
    {
        using var s3 = new FakeS3();
        var sink = new S3AuditSink(s3, "audit-bucket");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal($"s3://audit-bucket/audit/00000000000{i}.json", await sink.WriteAsync($"arn:x:execution:m:e{i}", At, "{\"ok\":true}"u8.ToArray()));
        }

        var verification = AuditChain.Verify(s3.Records(), AuditChain.LinkOf(s3.Objects[S3AuditSink.HeadKey]));
        Assert.True(verification.Ok, verification.Message);
        Assert.Equal(3, verification.Records);
    }

    [Fact]
    public async Task WriteAsync_WhenAnotherWriterTookTheSequence_ShouldAppendAfterItWithoutOverwriting()
    {
        using var s3 = new FakeS3();
        // A concurrent writer stored record 1 but has not moved the head yet.
        var (winner, _) = AuditChain.Seal(AuditChain.Empty, S3AuditSink.Stream, "other", At, "{}"u8.ToArray());
        s3.Objects[S3AuditSink.Key(1)] = winner;

        var location = await new S3AuditSink(s3, "b").WriteAsync("mine", At, "{}"u8.ToArray());

        Assert.Equal("s3://b/audit/000000000002.json", location);
        Assert.Equal(winner, s3.Objects[S3AuditSink.Key(1)]);
        Assert.True(AuditChain.Verify(s3.Records()).Ok);
        Assert.Equal(1, s3.PreconditionFailures);
    }

    /// <summary>An in-memory bucket honouring If-None-Match: * like S3 conditional writes.</summary>
    private sealed class FakeS3() : AmazonS3Client(new AnonymousAWSCredentials(), RegionEndpoint.USEast1)
    {
        public Dictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

        public int PreconditionFailures { get; private set; }

        public IEnumerable<StoredAuditRecord> Records() =>
            Objects.Where(o => o.Key != S3AuditSink.HeadKey).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new StoredAuditRecord(o.Key, o.Value));

        public override async Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken = default)
        {
            if (request.IfNoneMatch == "*" && Objects.ContainsKey(request.Key))
            {
                PreconditionFailures++;
                throw new AmazonS3Exception("At least one of the pre-conditions you specified did not hold") { StatusCode = HttpStatusCode.PreconditionFailed };
            }

            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer, cancellationToken);
            Objects[request.Key] = buffer.ToArray();
            return new PutObjectResponse();
        }

        public override Task<GetObjectResponse> GetObjectAsync(GetObjectRequest request, CancellationToken cancellationToken = default) =>
            Objects.TryGetValue(request.Key, out var bytes)
                ? Task.FromResult(new GetObjectResponse { ResponseStream = new MemoryStream(bytes) })
                : throw new AmazonS3Exception("The specified key does not exist.") { StatusCode = HttpStatusCode.NotFound };
    }
}
