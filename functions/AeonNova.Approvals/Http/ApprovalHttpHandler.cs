using System.Globalization;
using AeonNova.Approvals.Links;
using AeonNova.Approvals.Pages;

namespace AeonNova.Approvals.Http;

/// <summary>
/// GET/HEAD/POST /approvals/{id}, independent of the web server. GET and HEAD only render (a mail scanner
/// prefetching the link changes nothing); POST needs the link token in the form, a matching double-submit
/// CSRF cookie and a same-origin request, then lets <see cref="ApprovalService"/> decide once.
/// </summary>
public sealed class ApprovalHttpHandler
{
    public const string CsrfCookieName = "aeonnova_csrf";
    private readonly ApprovalService _service;
    private readonly IRandomSource _random;
    private readonly Action<Exception> _onError;
    private readonly RequestOrigin _origins;

    /// <param name="onError">Where internal faults go (the host's logger); the page itself never shows them.</param>
    /// <param name="origins">Who may POST a decision; null = the origin of the service's public base URL only.</param>
    public ApprovalHttpHandler(ApprovalService service, IRandomSource random, Action<Exception> onError, RequestOrigin? origins = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(onError);
        _service = service;
        _random = random;
        _onError = onError;
        _origins = origins ?? new RequestOrigin([service.BaseUrl]);
    }

    public async Task<ApprovalHttpResponse> HandleAsync(ApprovalHttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return request.Method.ToUpperInvariant() switch
            {
                "GET" => await ViewAsync(request, head: false, cancellationToken).ConfigureAwait(false),
                "HEAD" => await ViewAsync(request, head: true, cancellationToken).ConfigureAwait(false),
                "POST" => await DecideAsync(request, cancellationToken).ConfigureAwait(false),
                _ => Respond(ApprovalPageRenderer.MethodNotAllowed(), head: false, extra: [new("Allow", "GET, HEAD, POST")]),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _onError(ex);
            return Respond(ApprovalPageRenderer.InternalError(), head: false);
        }
    }

    private async Task<ApprovalHttpResponse> ViewAsync(ApprovalHttpRequest request, bool head, CancellationToken cancellationToken)
    {
        var result = await _service.ViewAsync(request.ApprovalId, request.QueryToken, request.Client, head, cancellationToken).ConfigureAwait(false);
        if (result is { Outcome: ApprovalOutcome.Confirm, Record: { } record, Approver: { } approver })
        {
            var csrf = IsWellFormedCsrf(request.CsrfCookie) ? request.CsrfCookie! : NewCsrf();
            var page = ApprovalPageRenderer.Confirm(record, approver, request.QueryToken!, csrf);
            return Respond(page, head, [new("Set-Cookie", CsrfCookie(csrf, request.IsHttps))]);
        }
        return Respond(ApprovalPageRenderer.Result(result), head);
    }

    private async Task<ApprovalHttpResponse> DecideAsync(ApprovalHttpRequest request, CancellationToken cancellationToken)
    {
        if (!_origins.IsTrustedPost(request.Origin, request.SecFetchSite, request.Referer))
        {
            return Respond(ApprovalPageRenderer.Forbidden(), head: false);
        }
        if (request.ContentType is null || !request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Respond(ApprovalPageRenderer.BadRequest("The form must be sent as application/x-www-form-urlencoded."), head: false);
        }
        var form = FormBody.Parse(request.FormBody);
        form.TryGetValue("csrf", out var csrf);
        if (!IsWellFormedCsrf(csrf) || !LinkTokens.FixedTimeEquals(csrf, request.CsrfCookie))
        {
            return Respond(ApprovalPageRenderer.Forbidden(), head: false);
        }
        var decision = form.GetValueOrDefault("decision") switch
        {
            "approve" => DecisionOutcome.Approved,
            "reject" => DecisionOutcome.Rejected,
            _ => (DecisionOutcome?)null,
        };
        if (decision is null)
        {
            return Respond(ApprovalPageRenderer.BadRequest("The form must say approve or reject."), head: false);
        }
        var scriptHash = form.GetValueOrDefault("scriptSha256") ?? "";
        if (scriptHash.Length != 64 || !scriptHash.All(char.IsAsciiHexDigit))
        {
            return Respond(ApprovalPageRenderer.BadRequest("The form lacks the script hash that was shown."), head: false);
        }
        var comment = form.GetValueOrDefault("comment") ?? "";
        var result = await _service.DecideAsync(request.ApprovalId, new DecisionRequest
        {
            Token = form.GetValueOrDefault("t") ?? "",
            Decision = decision.Value,
            ScriptSha256 = scriptHash,
            Comment = comment,
        }, request.Client, cancellationToken).ConfigureAwait(false);
        var page = ApprovalPageRenderer.Result(result);
        return result.Outcome == ApprovalOutcome.NotReady
            ? Respond(page, head: false, [new("Retry-After", "5")])
            : Respond(page, head: false);
    }

    private string NewCsrf()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static bool IsWellFormedCsrf(string? value) => value is { Length: 32 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static string CsrfCookie(string value, bool https) =>
        $"{CsrfCookieName}={value}; Path=/; HttpOnly; SameSite=Strict{(https ? "; Secure" : "")}";

    private static ApprovalHttpResponse Respond(ApprovalPage page, bool head, IReadOnlyList<KeyValuePair<string, string>>? extra = null)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "text/html; charset=utf-8"),
            // The URL carries a secret: never cache, never send it to another site as a Referer, never frame.
            // "same-origin" (not "no-referrer") so the form's own POST carries a real Origin, not "null".
            new("Cache-Control", "no-store"),
            new("Referrer-Policy", "same-origin"),
            new("X-Content-Type-Options", "nosniff"),
            new("X-Frame-Options", "DENY"),
            new("Content-Security-Policy", ApprovalPageRenderer.ContentSecurityPolicy),
        };
        if (extra is not null)
        {
            headers.AddRange(extra);
        }
        var body = head ? "" : page.Html;
        if (head)
        {
            headers.Add(new("Content-Length", System.Text.Encoding.UTF8.GetByteCount(page.Html).ToString(CultureInfo.InvariantCulture)));
        }
        return new ApprovalHttpResponse(page.StatusCode, body, headers);
    }
}
