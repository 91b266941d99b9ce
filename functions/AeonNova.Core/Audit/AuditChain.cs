using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.Core.Audit;

/// <summary>The end of a chain: the last record's sequence number and hash (sequence 0 and <see cref="AuditChain.Genesis"/> when empty).</summary>
public sealed record AuditLink(long Sequence, string Hash);

/// <summary>One stored record as the verifier sees it: where it lives (file path, S3 key) and its bytes.</summary>
public sealed record StoredAuditRecord(string Name, ReadOnlyMemory<byte> Content);

/// <summary>The verdict over a chain: OK with the number of records, or the first broken link, naming the record.</summary>
public sealed record AuditVerification(bool Ok, long Records, string? BrokenRecord, string Message)
{
    public static AuditVerification Valid(long records, AuditLink head) =>
        new(true, records, null, $"OK: {records} record(s), chain intact, head sequence {head.Sequence} hash {head.Hash}");

    public static AuditVerification Broken(long records, string record, string why) =>
        new(false, records, record, $"BROKEN at {record}: {why}");
}

/// <summary>
/// Tamper-evident audit trail: every record of a stream is an envelope {stream, sequence, previousHash, executionId,
/// at, record, hash} whose hash is SHA-256 over the canonical JSON of the envelope without "hash", and whose
/// previousHash is the hash of the record before it (the first links to <see cref="Genesis"/>). Editing a record
/// breaks its own hash; deleting one leaves a gap in the sequence; reordering or replacing breaks previousHash; the
/// verifier reports the first such record. Canonical JSON: object keys sorted by ordinal, no whitespace, numbers as
/// written, strings escaped by System.Text.Json's default encoder — the idea of RFC 8785 (JSON Canonicalization
/// Scheme) without its number re-formatting, which only this verifier has to reproduce.
/// </summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static AuditLink Empty { get; } = new(0, Genesis);

    /// <summary>Wraps <paramref name="document"/> (UTF-8 JSON) as the record after <paramref name="previous"/>.</summary>
    public static (byte[] Utf8, AuditLink Link) Seal(AuditLink previous, string stream, string executionId, DateTimeOffset at, ReadOnlyMemory<byte> document)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(executionId);
        JsonNode? record;
        try
        {
            record = JsonNode.Parse(document.Span);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"audit document for {executionId} is not valid JSON: {ex.Message}", nameof(document), ex);
        }

        var envelope = new JsonObject
        {
            ["stream"] = stream,
            ["sequence"] = previous.Sequence + 1,
            ["previousHash"] = previous.Hash,
            ["executionId"] = executionId,
            ["at"] = at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["record"] = record,
        };
        var hash = HashOf(envelope);
        envelope["hash"] = hash;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            envelope.WriteTo(writer);
        }

        return (buffer.ToArray(), new AuditLink(previous.Sequence + 1, hash));
    }

    /// <summary>The link a stored record ends the chain with (its own sequence and stored hash), for appending after it.</summary>
    public static AuditLink LinkOf(ReadOnlyMemory<byte> stored)
    {
        var envelope = JsonNode.Parse(stored.Span) as JsonObject ?? throw new FormatException("audit record is not a JSON object");
        return new AuditLink(ReadSequence(envelope) ?? throw new FormatException("audit record has no sequence"),
            (string?)envelope["hash"] ?? throw new FormatException("audit record has no hash"));
    }

    /// <summary>
    /// Verifies records given in storage order (file or key name order). <paramref name="expectedHead"/>, when known
    /// (the writer's head pointer), also catches deletion of the last records.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<StoredAuditRecord> records, AuditLink? expectedHead = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var previous = Empty;
        string? previousName = null;
        long count = 0;
        foreach (var stored in records)
        {
            count++;
            JsonObject envelope;
            try
            {
                envelope = JsonNode.Parse(stored.Content.Span) as JsonObject ?? throw new FormatException("not a JSON object");
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                return AuditVerification.Broken(count, stored.Name, $"not a readable audit record ({ex.Message}): edited or truncated");
            }

            var storedHash = envelope["hash"] is JsonValue h && h.TryGetValue<string>(out var text) ? text : null;
            var sequence = ReadSequence(envelope);
            if (storedHash is null || sequence is null || envelope["previousHash"] is null)
            {
                return AuditVerification.Broken(count, stored.Name, "missing hash, sequence or previousHash: not a chained audit record");
            }

            var body = envelope.DeepClone().AsObject();
            body.Remove("hash");
            if (!string.Equals(HashOf(body), storedHash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(count, stored.Name, "content does not match its hash: the record was edited");
            }

            if (sequence != previous.Sequence + 1)
            {
                var why = sequence > previous.Sequence + 1
                    ? $"sequence {sequence} follows {previous.Sequence}: record(s) {previous.Sequence + 1}..{sequence - 1} were deleted"
                    : $"sequence {sequence} follows {previous.Sequence}: records were reordered or duplicated";
                return AuditVerification.Broken(count, stored.Name, why + (previousName is null ? string.Empty : $" (previous record {previousName})"));
            }

            if (!string.Equals((string?)envelope["previousHash"], previous.Hash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(count, stored.Name,
                    $"previousHash does not match the hash of {previousName ?? "the chain start"}: the record was moved, replaced or re-sealed");
            }

            previous = new AuditLink(sequence.Value, storedHash);
            previousName = stored.Name;
        }

        if (expectedHead is not null && expectedHead.Sequence > previous.Sequence)
        {
            return AuditVerification.Broken(count, previousName ?? "(start)",
                $"the chain ends at sequence {previous.Sequence} but its head says {expectedHead.Sequence}: the last record(s) were deleted");
        }

        if (expectedHead is not null && expectedHead.Sequence == previous.Sequence && !string.Equals(expectedHead.Hash, previous.Hash, StringComparison.Ordinal))
        {
            return AuditVerification.Broken(count, previousName ?? "(start)", "the last record's hash differs from the head's: the tail was replaced");
        }

        return AuditVerification.Valid(count, previous);
    }

    /// <summary>Lower-case hex SHA-256 of the canonical form of <paramref name="node"/>.</summary>
    public static string HashOf(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, node);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static long? ReadSequence(JsonObject envelope) =>
        envelope["sequence"] is JsonValue v && v.TryGetValue<long>(out var sequence) ? sequence : null;

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
