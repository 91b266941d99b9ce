using System.Text;
using AeonNova.Core.Alerts;
using AeonNova.Core.Auth;
using AeonNova.Core.Ports;
using AeonNova.Core.Redaction;

namespace AeonNova.Core.Workflow;

/// <summary>
/// <see cref="IAlertIntake"/> over the alert parsers and per-source webhook authenticators. A source without an
/// authenticator is refused (401): no authentication must be configured explicitly (kind None). Every parsed alert
/// is redacted with the shared catalogue (plus the deployment's patterns when a redactor is given) before anyone
/// sees it, so the alert each host stores (SQLite, DynamoDB) and everything derived from it holds no secret.
/// </summary>
public sealed class AlertSources(AlertParserRegistry parsers, IReadOnlyDictionary<string, WebhookAuthenticator> authenticators, TimeProvider clock,
    AlertRedactor? redactor = null) : IAlertIntake
{
    private readonly AlertRedactor _redactor = redactor ?? new AlertRedactor();

    public bool IsKnownSource(string source) => parsers.IsKnownSource(source);

    public WebhookCheck Authenticate(string source, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body)
    {
        if (!authenticators.TryGetValue(source, out var authenticator))
        {
            return new WebhookCheck(false, $"no webhook authentication is configured for source '{source}'");
        }
        var result = authenticator.Authenticate(new WebhookRequest(headers, body.ToArray(), clock.GetUtcNow()));
        return result.IsOk ? WebhookCheck.Passed : new WebhookCheck(false, result.Reason);
    }

    public IReadOnlyList<CanonicalAlert> Parse(string source, string body, DateTimeOffset receivedAt) => ParseEvents(source, body, receivedAt).Alerts;

    public AlertParseResult ParseEvents(string source, string body, DateTimeOffset receivedAt)
    {
        try
        {
            var parsed = parsers.ParseEvents(source, Encoding.UTF8.GetBytes(body ?? ""));
            return parsed with { Alerts = [.. parsed.Alerts.Select(_redactor.Redact)] };
        }
        catch (AlertParseException ex)
        {
            throw new AlertPayloadException($"{source}: {ex.Message}", ex);
        }
    }
}
