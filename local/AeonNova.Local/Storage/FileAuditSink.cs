using AeonNova.Core.Ports;

namespace AeonNova.Local.Storage;

/// <summary>The S3 audit bucket of the local host: write-once JSON files under &lt;data-dir&gt;/audit/yyyy/MM/dd/.</summary>
public sealed class FileAuditSink(string dataDir) : IAuditSink
{
    public async Task<string> WriteAsync(string executionId, DateTimeOffset at, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        var safe = string.Concat(executionId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var dir = Path.Combine(dataDir, "audit", at.UtcDateTime.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, safe + ".json");
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, utf8Json.ToArray(), cancellationToken);
        File.Move(temp, path, overwrite: true);
        return Path.GetFullPath(path);
    }
}
