namespace AeonNova.Core.Auth;

/// <summary>Checks one source's webhook requests against its <see cref="WebhookAuthOptions"/> (ingest Lambda and local host).</summary>
public sealed class WebhookAuthenticator
{
    private readonly WebhookAuthOptions _options;

    public WebhookAuthenticator(WebhookAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public WebhookAuthResult Authenticate(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = _options;
        return o.Kind switch
        {
            WebhookAuthKind.None => WebhookAuthResult.Ok("source is configured without authentication"),
            WebhookAuthKind.Bearer => WebhookVerifiers.Bearer(request.Header("Authorization"), o.Secrets),
            WebhookAuthKind.Basic => WebhookVerifiers.Basic(request.Header("Authorization"), o.Username!, o.Secrets),
            WebhookAuthKind.SharedSecretHeader => WebhookVerifiers.SharedSecret(o.EffectiveHeader, request.Header(o.EffectiveHeader), o.Secrets),
            WebhookAuthKind.PagerDutySignature => WebhookVerifiers.PagerDutySignature(request.Header(o.EffectiveHeader), request.Body.Span, o.Secrets),
            WebhookAuthKind.GrafanaSignature => WebhookVerifiers.GrafanaSignature(o.EffectiveHeader, request.Header(o.EffectiveHeader),
                o.TimestampHeader, o.TimestampHeader is null ? null : request.Header(o.TimestampHeader), request.Body.Span, o.Secrets,
                request.Now, o.Tolerance),
            _ => WebhookAuthResult.Invalid($"authentication kind {o.Kind} is not supported"),
        };
    }
}
