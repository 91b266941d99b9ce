using AeonNova.Local.Config;
using Microsoft.Net.Http.Headers;

namespace AeonNova.Local.Ingest;

/// <summary>
/// Two guards for the webhook path. Media type: a browser can send a cross-site "simple" POST (text/plain or a
/// form type) from any web page without a CORS preflight, so only application/json is accepted, plus a source's
/// own documented type when that source authenticates its sender. Exposure: serve refuses to listen beyond
/// loopback while any enabled source would accept unauthenticated posts.
/// </summary>
public static class WebhookExposure
{
    /// <summary>
    /// Documented non-JSON types: Amazon SNS HTTP(S) deliveries (the CloudWatch alarm path) are sent as
    /// text/plain; charset=UTF-8 (AWS SNS Developer Guide, "Parsing message formats", HTTP/HTTPS headers).
    /// </summary>
    private static readonly Dictionary<string, string[]> DocumentedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cloudwatch"] = ["text/plain"],
    };

    /// <summary>Null when the request's Content-Type may carry an alert for this source, else why not (→ 415).</summary>
    public static string? MediaTypeRefusal(AeonNovaOptions options, string source, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return "Content-Type must be application/json";
        }
        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var configured = options.Sources.GetValueOrDefault(source);
        var authenticated = configured is { Auth: not "none" };
        var allowed = (authenticated ? DocumentedTypes.GetValueOrDefault(source) ?? [] : []).Concat(configured?.ContentTypes ?? []);
        return allowed.Contains(mediaType, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"Content-Type {mediaType} is not accepted for source '{source}': send application/json";
    }

    /// <summary>Throws <see cref="ConfigException"/> naming every open source when serve would listen beyond loopback.</summary>
    public static void EnsureSafeToExpose(AeonNovaOptions options, IEnumerable<string> enabledSources, bool loopbackOnly)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(enabledSources);
        if (loopbackOnly)
        {
            return;
        }
        var open = enabledSources
            .Where(name => options.Sources.GetValueOrDefault(name) is not { } s || (s.Auth == "none" && !s.AllowUnauthenticated))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (open.Count > 0)
        {
            throw new ConfigException(
                $"urls: '{options.Urls}' listens beyond loopback, but these enabled sources accept alerts without authentication: {string.Join(", ", open)}. " +
                $"For each, set sources.<name>.auth and secrets (run 'aeonnova init' for generated secrets), or sources.<name>.enabled = false; " +
                $"only \"auth\": \"none\" with \"allowUnauthenticated\": true keeps a source open (e.g. sources.{open[0]}.allowUnauthenticated).");
        }
    }
}
