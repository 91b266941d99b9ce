using Amazon.S3;
using Amazon.S3.Model;
using AeonNova.Core.Ports;

namespace AeonNova.Functions.Adapters;

/// <summary>Audit documents as S3 objects: s3://{bucket}/audit/yyyy/MM/dd/{execution name}.json (bucket default encryption).</summary>
public sealed class S3AuditSink(IAmazonS3 s3, string bucketName) : IAuditSink
{
    public const string Prefix = "audit/";

    public async Task<string> WriteAsync(string executionId, DateTimeOffset at, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
    {
        var key = Key(executionId, at);
        using var body = new MemoryStream(utf8Json.ToArray(), writable: false);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucketName,
            Key = key,
            InputStream = body,
            ContentType = "application/json",
        }, cancellationToken);
        return $"s3://{bucketName}/{key}";
    }

    /// <summary>The execution ARN's last segment (the name) keeps keys short and readable; ':' never appears in keys.</summary>
    public static string Key(string executionId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        var name = executionId[(executionId.LastIndexOf(':') + 1)..];
        return $"{Prefix}{at.UtcDateTime:yyyy'/'MM'/'dd}/{name}.json";
    }
}
