namespace AeonNova.Core.Auth;

/// <summary>How a source proves who it is.</summary>
public enum WebhookAuthKind
{
    /// <summary>No check (only for sources that cannot authenticate and sit behind another control).</summary>
    None,
    /// <summary><c>Authorization: Bearer &lt;token&gt;</c> (Alertmanager http_config, Grafana, Opsgenie).</summary>
    Bearer,
    /// <summary><c>Authorization: Basic base64(user:password)</c> (Alertmanager basic_auth, Grafana, Opsgenie, ServiceNow, Zabbix).</summary>
    Basic,
    /// <summary>A custom header holding a shared secret (Datadog custom headers, Zabbix, generic tools).</summary>
    SharedSecretHeader,
    /// <summary><c>X-PagerDuty-Signature: v1=&lt;hex HMAC-SHA256(body)&gt;[,v1=…]</c>.</summary>
    PagerDutySignature,
    /// <summary><c>X-Grafana-Alerting-Signature: &lt;hex HMAC-SHA256([timestamp ":"] body)&gt;</c>, optional timestamp header.</summary>
    GrafanaSignature,
}

/// <summary>
/// Per-source webhook authentication settings, read once from configuration. <see cref="Secrets"/> holds every
/// currently active secret (token, password or HMAC key) so that rotation needs no downtime.
/// </summary>
public sealed record WebhookAuthOptions
{
    public const string DefaultSharedSecretHeader = "X-Webhook-Secret";
    public const string PagerDutySignatureHeader = "X-PagerDuty-Signature";
    public const string DefaultGrafanaSignatureHeader = "X-Grafana-Alerting-Signature";

    public required WebhookAuthKind Kind { get; init; }
    public IReadOnlyList<string> Secrets { get; init; } = [];
    /// <summary>Basic auth user name.</summary>
    public string? Username { get; init; }
    /// <summary>Header holding the shared secret or the Grafana signature; null takes the default for the kind.</summary>
    public string? Header { get; init; }
    /// <summary>Grafana: the timestamp header configured on the contact point (then HMAC covers "timestamp:body").</summary>
    public string? TimestampHeader { get; init; }
    /// <summary>Grafana with timestamp: how far the timestamp may be from now (replay window).</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The header actually used for the shared secret or signature.</summary>
    public string EffectiveHeader => Header ?? Kind switch
    {
        WebhookAuthKind.SharedSecretHeader => DefaultSharedSecretHeader,
        WebhookAuthKind.PagerDutySignature => PagerDutySignatureHeader,
        WebhookAuthKind.GrafanaSignature => DefaultGrafanaSignatureHeader,
        _ => "Authorization",
    };

    /// <summary>Throws <see cref="ArgumentException"/> for a configuration that could never authenticate anyone.</summary>
    public void Validate()
    {
        if (Kind == WebhookAuthKind.None)
        {
            return;
        }
        if (Secrets.Count == 0 || Secrets.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"{Kind} authentication needs at least one non-empty secret");
        }
        if (Kind == WebhookAuthKind.Basic && string.IsNullOrEmpty(Username))
        {
            throw new ArgumentException("Basic authentication needs a user name");
        }
        if (Tolerance <= TimeSpan.Zero)
        {
            throw new ArgumentException("the timestamp tolerance must be positive");
        }
    }
}
