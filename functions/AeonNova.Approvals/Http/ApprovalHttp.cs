namespace AeonNova.Approvals.Http;

/// <summary>A transport-neutral request for GET/HEAD/POST /approvals/{id} (Kestrel and API Gateway map to this).</summary>
public sealed record ApprovalHttpRequest
{
    public required string Method { get; init; }
    public required string ApprovalId { get; init; }
    /// <summary>The "t" query parameter (GET/HEAD only; POST reads the token from the form).</summary>
    public string? QueryToken { get; init; }
    /// <summary>Raw application/x-www-form-urlencoded body (POST), already size-limited by the transport.</summary>
    public string? FormBody { get; init; }
    public string? ContentType { get; init; }
    /// <summary>Value of the CSRF cookie, if the browser sent one.</summary>
    public string? CsrfCookie { get; init; }
    public string? Origin { get; init; }
    public string? SecFetchSite { get; init; }
    /// <summary>Referer header; only its origin is used (when a browser sent no Origin).</summary>
    public string? Referer { get; init; }
    /// <summary>Host header (authority) the request was addressed to.</summary>
    public string Host { get; init; } = "";
    public bool IsHttps { get; init; }
    public ClientInfo Client { get; init; } = ClientInfo.Unknown;
}

public sealed record ApprovalHttpResponse(int StatusCode, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public string ContentType => Headers.FirstOrDefault(h => h.Key == "Content-Type").Value ?? "text/html; charset=utf-8";
}
