namespace AeonNova.Core.Ports;

/// <summary>Port: write-once storage for the full audit JSON of an execution (S3 on AWS, files locally).</summary>
public interface IAuditSink
{
    /// <summary>Stores the document and returns where it lives (e.g. s3://bucket/audit/2026/11/23/{id}.json).</summary>
    Task<string> WriteAsync(string executionId, DateTimeOffset at, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default);
}
