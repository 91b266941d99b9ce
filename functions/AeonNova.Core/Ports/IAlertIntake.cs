using AeonNova.Core.Alerts;

namespace AeonNova.Core.Ports;

/// <summary>Port: the alert sources (parsers and webhook authentication) as Ingest and ParseAlerts see them.</summary>
public interface IAlertIntake
{
    bool IsKnownSource(string source);

    /// <summary>Checks the webhook's credentials (shared secret, HMAC signature, …) for this source.</summary>
    WebhookCheck Authenticate(string source, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body);

    /// <summary>Parses a source payload into canonical alerts; throws <see cref="AlertPayloadException"/> with a specific message.</summary>
    IReadOnlyList<CanonicalAlert> Parse(string source, string body, DateTimeOffset receivedAt);

    /// <summary>
    /// The alerts plus the informational events (notes, pings, handshakes, tests) of a payload; intake accepts and
    /// records the latter and never starts anything from them. Same errors as <see cref="Parse"/>.
    /// </summary>
    AlertParseResult ParseEvents(string source, string body, DateTimeOffset receivedAt) => new(Parse(source, body, receivedAt), []);
}

public sealed record WebhookCheck(bool Ok, string Reason)
{
    public static WebhookCheck Passed { get; } = new(true, "");
}

/// <summary>A payload that cannot become canonical alerts (which field, why).</summary>
public sealed class AlertPayloadException : Exception
{
    public AlertPayloadException(string message) : base(message) { }
    public AlertPayloadException() : this("The alert payload is invalid.") { }
    public AlertPayloadException(string message, Exception innerException) : base(message, innerException) { }
}
