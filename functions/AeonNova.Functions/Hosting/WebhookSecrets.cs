using System.Text.Json;
using AeonNova.Core.Auth;

namespace AeonNova.Functions.Hosting;

/// <summary>
/// Per-source webhook authentication from JSON: {"kind":"bearer|basic|shared-secret|pagerduty|grafana|none",
/// "secrets":["…"], "username":…, "header":…, "timestampHeader":…}. On Lambda one SecureString parameter per
/// source under WEBHOOK_SECRETS_PATH (…/webhooks/{source}); secrets never reach logs.
/// </summary>
public static class WebhookSecrets
{
    public static WebhookAuthenticator Parse(string source, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var kind = Text(root, "kind")?.ToLowerInvariant() switch
            {
                "none" => WebhookAuthKind.None,
                "bearer" => WebhookAuthKind.Bearer,
                "basic" => WebhookAuthKind.Basic,
                "shared-secret" or "sharedsecret" or "header" => WebhookAuthKind.SharedSecretHeader,
                "pagerduty" => WebhookAuthKind.PagerDutySignature,
                "grafana" => WebhookAuthKind.GrafanaSignature,
                var other => throw new InvalidOperationException($"webhook auth for '{source}': unknown kind '{other}'"),
            };
            var secrets = root.TryGetProperty("secrets", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Select(s => s.GetString() ?? "").ToList()
                : [];
            return new WebhookAuthenticator(new WebhookAuthOptions
            {
                Kind = kind,
                Secrets = secrets,
                Username = Text(root, "username"),
                Header = Text(root, "header"),
                TimestampHeader = Text(root, "timestampHeader"),
            });
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidOperationException($"webhook auth for '{source}': {ex.Message}", ex);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
