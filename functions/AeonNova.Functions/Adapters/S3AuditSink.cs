using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AeonNova.Core.Audit;
using AeonNova.Core.Ports;

namespace AeonNova.Functions.Adapters;

/// <summary>
/// Audit documents as hash-chained S3 objects, the same layout as the local host's FileAuditSink:
/// s3://{bucket}/audit/{sequence:D12}.json (AuditChain envelope) and audit/HEAD.json (last sequence and hash, a hint).
/// Concurrent RecordOutcome invocations serialize on S3 conditional writes: each record is written with
/// If-None-Match: * (S3 user guide, "Conditional writes"), so a sequence number is taken once; a writer that loses
/// (412 Precondition Failed, or 409 for a concurrent conditional write) reads the winner's record and appends after it.
/// Object Lock and the bucket policy make written versions undeletable; docs/deploy.md has the verification procedure.
/// </summary>
public sealed class S3AuditSink(IAmazonS3 s3, string bucketName) : IAuditSink
{
    public const string Prefix = "audit/";
    public const string Stream = "aws";
    public const string HeadKey = Prefix + "HEAD.json";

    public async Task<string> WriteAsync(string executionId, DateTimeOffset at, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        var previous = await ReadLinkAsync(HeadKey, cancellationToken) ?? AuditChain.Empty;
        while (true)
        {
            var (bytes, link) = AuditChain.Seal(previous, Stream, executionId, at, utf8Json);
            var key = Key(link.Sequence);
            try
            {
                await PutAsync(key, bytes, ifNoneMatch: true, cancellationToken);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                // Another writer took this sequence number (the head is only a hint): continue after its record.
                previous = await ReadLinkAsync(key, cancellationToken) ?? previous;
                continue;
            }

            await PutAsync(HeadKey, System.Text.Encoding.UTF8.GetBytes(
                $"{{\"sequence\":{link.Sequence.ToString(CultureInfo.InvariantCulture)},\"hash\":\"{link.Hash}\"}}"), ifNoneMatch: false, cancellationToken);
            return $"s3://{bucketName}/{key}";
        }
    }

    public static string Key(long sequence) => $"{Prefix}{sequence.ToString("D12", CultureInfo.InvariantCulture)}.json";

    private async Task PutAsync(string key, byte[] bytes, bool ifNoneMatch, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(bytes, writable: false);
        var request = new PutObjectRequest { BucketName = bucketName, Key = key, InputStream = body, ContentType = "application/json" };
        if (ifNoneMatch)
        {
            request.IfNoneMatch = "*";
        }

        await s3.PutObjectAsync(request, cancellationToken);
    }

    /// <summary>The link (sequence, hash) stored in a record or in the head object; null when the key does not exist.</summary>
    private async Task<AuditLink?> ReadLinkAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucketName, Key = key }, cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return AuditChain.LinkOf(buffer.ToArray());
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
