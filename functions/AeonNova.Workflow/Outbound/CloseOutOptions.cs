namespace AeonNova.Workflow.Outbound;

/// <summary>Which outbound systems CloseOut updates; each is optional (null = off).</summary>
public sealed record CloseOutOptions
{
    public ServiceNowOptions? ServiceNow { get; init; }
    public PagerDutyOptions? PagerDuty { get; init; }
    public OpsgenieOptions? Opsgenie { get; init; }
    public WebhookOptions? Webhook { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>ServiceNow Table API: PATCH {InstanceUrl}/api/now/table/incident/{sys_id} with basic auth.</summary>
public sealed record ServiceNowOptions
{
    public required Uri InstanceUrl { get; init; }
    public required string User { get; init; }
    public required string Password { get; init; }
    public string CloseCode { get; init; } = "Solved (Permanently)";
}

/// <summary>PagerDuty Events API v2: resolve by dedup_key.</summary>
public sealed record PagerDutyOptions
{
    public required string RoutingKey { get; init; }
    public Uri EventsUrl { get; init; } = new("https://events.pagerduty.com/v2/enqueue");
}

/// <summary>Opsgenie Alert API: POST /v2/alerts/{identifier}/close with "GenieKey" auth.</summary>
public sealed record OpsgenieOptions
{
    public required string ApiKey { get; init; }
    public Uri ApiUrl { get; init; } = new("https://api.opsgenie.com");
}

/// <summary>Generic JSON webhook, signed: X-AeonNova-Signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{body}")).</summary>
public sealed record WebhookOptions
{
    public required Uri Url { get; init; }
    public required string Secret { get; init; }
}

public static class CloseOutStatus
{
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}
