using System.Globalization;
using System.Text.RegularExpressions;
using AeonNova.Core.Audit;
using AeonNova.Core.Ports;

namespace AeonNova.Local.Storage;

/// <summary>
/// The S3 audit bucket of the local host: one hash-chained record per file, &lt;data-dir&gt;/audit/{sequence:D12}.json
/// (AuditChain envelope around the audit document, which names the execution), plus audit/HEAD.json with the last sequence and hash so that
/// deleting the newest records is detected too. Files are created with CreateNew: a second writer on the same data
/// directory cannot overwrite a sequence number, it re-reads the chain end and appends after it.
/// `aeonnova audit verify --data-dir DIR` checks the chain.
/// </summary>
public sealed partial class FileAuditSink(string dataDir) : IAuditSink
{
    public const string Stream = "local";
    public const string HeadFile = "HEAD.json";

    private readonly Lock _gate = new();
    private AuditLink? _head;

    public string Directory => Path.Combine(dataDir, "audit");

    public Task<string> WriteAsync(string executionId, DateTimeOffset at, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            System.IO.Directory.CreateDirectory(Directory);
            var previous = _head ?? LastLink();
            while (true)
            {
                var (bytes, link) = AuditChain.Seal(previous, Stream, executionId, at, utf8Json);
                var path = Path.Combine(Directory, link.Sequence.ToString("D12", CultureInfo.InvariantCulture) + ".json");
                try
                {
                    using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    {
                        file.Write(bytes);
                        file.Flush(flushToDisk: true);
                    }
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another writer took this sequence number: continue after the real end of the chain.
                    previous = LastLink();
                    continue;
                }

                _head = link;
                WriteHead(link);
                return Task.FromResult(Path.GetFullPath(path));
            }
        }
    }

    /// <summary>The chained record files of an audit directory in chain order (file name = zero-padded sequence).</summary>
    public static IReadOnlyList<string> RecordFiles(string auditDirectory) =>
        System.IO.Directory.Exists(auditDirectory)
            ? [.. System.IO.Directory.EnumerateFiles(auditDirectory, "*.json").Where(f => RecordName().IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The head pointer (last sequence and hash) the writer keeps, or null when none was written.</summary>
    public static AuditLink? ReadHead(string auditDirectory)
    {
        var path = Path.Combine(auditDirectory, HeadFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var head = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path));
        return new AuditLink(head!["sequence"]!.GetValue<long>(), head["hash"]!.GetValue<string>());
    }

    /// <summary>Checks every record of the data directory's chain against its hash, its sequence and its predecessor.</summary>
    public static AuditVerification Verify(string dataDir)
    {
        var directory = Path.Combine(dataDir, "audit");
        var records = RecordFiles(directory).Select(f => new StoredAuditRecord(f, File.ReadAllBytes(f)));
        return AuditChain.Verify(records, ReadHead(directory));
    }

    private AuditLink LastLink()
    {
        var last = RecordFiles(Directory).LastOrDefault();
        return last is null ? AuditChain.Empty : AuditChain.LinkOf(File.ReadAllBytes(last));
    }

    private void WriteHead(AuditLink link)
    {
        var path = Path.Combine(Directory, HeadFile);
        var temp = path + ".tmp";
        File.WriteAllText(temp, $"{{\"sequence\":{link.Sequence.ToString(CultureInfo.InvariantCulture)},\"hash\":\"{link.Hash}\"}}");
        File.Move(temp, path, overwrite: true);
    }

    [GeneratedRegex("^[0-9]{12}\\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordName();
}
