namespace AeonNova.Core.Auth;

public enum WebhookAuthOutcome
{
    Ok,
    /// <summary>The credential or signature is absent: HTTP 401 with a challenge.</summary>
    Missing,
    /// <summary>Present but wrong, malformed or stale: HTTP 401.</summary>
    Invalid,
}

/// <summary>Outcome of a webhook check. <see cref="Reason"/> is safe to log: it never contains a secret or the credential sent.</summary>
public sealed record WebhookAuthResult(WebhookAuthOutcome Outcome, string Reason)
{
    public bool IsOk => Outcome == WebhookAuthOutcome.Ok;

    public static WebhookAuthResult Ok(string reason = "authenticated") => new(WebhookAuthOutcome.Ok, reason);
    public static WebhookAuthResult Missing(string reason) => new(WebhookAuthOutcome.Missing, reason);
    public static WebhookAuthResult Invalid(string reason) => new(WebhookAuthOutcome.Invalid, reason);
}
