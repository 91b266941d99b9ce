using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Sns;
using AeonNova.Core.Ports;

namespace AeonNova.Core.Workflow;

/// <summary>
/// Ingest's domain (HTTP contract: 202 | 400 | 401 | 404 | 413): known source, size, authentication, JSON and
/// parse checks, a duplicate hint from the alert store, then the envelope onto the queue. Order matters: the
/// size check comes before authentication (no HMAC over huge bodies); parse errors only reach authenticated callers.
/// Informational events (notes, pings, tests) are accepted (202, so senders do not retry), listed in the answer and
/// never queued; an SNS SubscriptionConfirmation is confirmed or refused by <see cref="SnsHandshake"/>.
/// </summary>
public sealed class IngestService(IAlertIntake intake, IAlertStore alerts, IAlertQueue queue, TimeProvider clock, SnsHandshake? sns = null)
{
    private readonly SnsHandshake _sns = sns ?? SnsHandshake.Disabled;

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
        AlertParseResult result;
        try
        {
            result = intake.ParseEvents(source, text, receivedAt);
        }
        catch (AlertPayloadException ex)
        {
            return IngestResult.Fail(400, "invalid_payload", ex.Message);
        }
        var informational = new List<IngestedEvent>(result.Informational.Count);
        foreach (var info in result.Informational)
        {
            var outcome = info.Reason;
            if (info.Handshake is { } handshake)
            {
                var answer = await _sns.AnswerAsync(handshake, cancellationToken);
                if (!answer.Ok)
                {
                    return IngestResult.Fail(answer.Status, answer.Error, answer.Message);
                }
                outcome = answer.Message;
            }
            informational.Add(new IngestedEvent(info.Event, outcome, info.SourceId));
        }
        var parsed = result.Alerts;
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
        return new IngestResult(202, null, null, parsed.Count, ids, duplicates) { Informational = informational };
    }
}

public sealed record IngestResult(int StatusCode, string? Error, string? Message, int Accepted, IReadOnlyList<string> AlertIds, int Duplicates)
{
    /// <summary>Events accepted and recorded that carry no alert (event name and why nothing starts).</summary>
    public IReadOnlyList<IngestedEvent> Informational { get; init; } = [];

    public static IngestResult Fail(int status, string error, string message) => new(status, error, message, 0, [], 0);
}

/// <summary>One informational event as the 202 answer lists it.</summary>
public sealed record IngestedEvent(string Event, string Reason, string? SourceId);

/// <summary>
/// Answers SNS subscription handshakes: the <see cref="SnsSubscriptionPolicy"/> decides, the confirmer visits the
/// SubscribeURL. Refusals are 400 with the policy's reason (it names the allow-list setting); a failed visit is 502,
/// so SNS sends the confirmation again.
/// </summary>
public sealed class SnsHandshake(SnsSubscriptionPolicy policy, ISnsSubscriptionConfirmer? confirmer)
{
    public static SnsHandshake Disabled { get; } = new(new SnsSubscriptionPolicy([], "the cloudwatch source's SNS topic allow-list"), null);

    public async Task<HandshakeAnswer> AnswerAsync(SnsSubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = policy.Decide(request);
        if (!decision.Confirm)
        {
            return new HandshakeAnswer(false, 400, "sns_subscription_refused", decision.Reason);
        }
        if (confirmer is null)
        {
            return new HandshakeAnswer(false, 400, "sns_subscription_refused", "this host cannot confirm SNS subscriptions (no confirmer configured)");
        }
        try
        {
            await confirmer.ConfirmAsync(decision.SubscribeUrl!, cancellationToken);
        }
        catch (SnsConfirmationException ex)
        {
            return new HandshakeAnswer(false, 502, "sns_confirmation_failed", ex.Message);
        }
        return new HandshakeAnswer(true, 202, "", $"SNS subscription to {request.TopicArn} confirmed");
    }
}

public sealed record HandshakeAnswer(bool Ok, int Status, string Error, string Message);
