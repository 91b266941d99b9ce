using AeonNova.Core.Ports;

namespace AeonNova.Core.Workflow;

/// <summary>
/// Ingest's domain (HTTP contract: 202 | 400 | 401 | 404 | 413): known source, size, authentication, JSON and
/// parse checks, a duplicate hint from the alert store, then the envelope onto the queue. Order matters: the
/// size check comes before authentication (no HMAC over huge bodies); parse errors only reach authenticated callers.
/// </summary>
public sealed class IngestService(IAlertIntake intake, IAlertStore alerts, IAlertQueue queue, TimeProvider clock)
{
    public const int MaxBodyBytes = 256 * 1024;

    public async Task<IngestResult> AcceptAsync(string source, IReadOnlyDictionary<string, string> headers, byte[] body, string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        source = (source ?? "").Trim().ToLowerInvariant();
        if (!intake.IsKnownSource(source))
        {
            return IngestResult.Fail(404, "unknown_source", $"unknown alert source '{source}'");
        }
        if (body.Length > MaxBodyBytes)
        {
            return IngestResult.Fail(413, "payload_too_large", $"body is {body.Length} bytes; the limit is {MaxBodyBytes} bytes (256 KiB)");
        }
        var auth = intake.Authenticate(source, headers, body);
        if (!auth.Ok)
        {
            return IngestResult.Fail(401, "unauthorized", auth.Reason);
        }
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, true).GetString(body);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            return IngestResult.Fail(400, "invalid_body", $"body is not UTF-8 at byte {ex.Index}");
        }
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(body);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return IngestResult.Fail(400, "invalid_json", $"body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {ex.BytePositionInLine ?? 0}): {ex.Message}");
        }
        var receivedAt = clock.GetUtcNow();
        IReadOnlyList<Alerts.CanonicalAlert> parsed;
        try
        {
            parsed = intake.Parse(source, text, receivedAt);
        }
        catch (AlertPayloadException ex)
        {
            return IngestResult.Fail(400, "invalid_payload", ex.Message);
        }
        var duplicates = 0;
        foreach (var alert in parsed)
        {
            if (await alerts.GetAsync(alert.Fingerprint, cancellationToken) is { } state && state.CooldownUntil > receivedAt && alert.Status == Alerts.AlertStatus.Firing)
            {
                duplicates++;
            }
        }
        var ids = parsed.Select(a => a.Id).ToList();
        if (parsed.Count > 0)
        {
            await queue.SendAsync(new AlertEnvelope { Source = source, ReceivedAt = receivedAt, RequestId = requestId, AlertIds = ids, Body = text }.ToJson(), cancellationToken);
        }
        return new IngestResult(202, null, null, parsed.Count, ids, duplicates);
    }
}

public sealed record IngestResult(int StatusCode, string? Error, string? Message, int Accepted, IReadOnlyList<string> AlertIds, int Duplicates)
{
    public static IngestResult Fail(int status, string error, string message) => new(status, error, message, 0, [], 0);
}
