namespace AeonNova.Approvals.Http;

/// <summary>
/// Which origins may send a deciding POST. A browser names the page that sent a form in Origin (and in
/// Sec-Fetch-Site); only the public origin of the approval pages (scheme, host and port all equal) may decide.
/// DNS rebinding (a foreign name resolving to this server), <c>Origin: null</c> (sandboxed frames, data: URLs),
/// an http page posting to the https origin and foreign pages without Origin are all refused.
/// </summary>
public sealed class RequestOrigin
{
    private readonly HashSet<string> _allowed;

    /// <param name="allowedOrigins">Origins or URLs (e.g. the public base URL); path and query are ignored.</param>
    public RequestOrigin(IEnumerable<string> allowedOrigins)
    {
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        _allowed = new HashSet<string>(allowedOrigins.Select(Normalize).OfType<string>(), StringComparer.Ordinal);
        if (_allowed.Count == 0)
        {
            throw new ArgumentException("at least one allowed origin (scheme://host:port) is required", nameof(allowedOrigins));
        }
    }

    public IReadOnlyCollection<string> Allowed => _allowed;

    /// <summary>"scheme://host:port" (lowercase, explicit port) of an absolute http(s) URL, else null.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            return null;
        }
        return $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}:{uri.Port}";
    }

    public bool IsAllowed(string? origin) => Normalize(origin) is { } normalized && _allowed.Contains(normalized);

    /// <summary>
    /// True when a state-changing request demonstrably comes from one of our own pages: an allowed Origin; or, when
    /// the browser sent no Origin, <c>Sec-Fetch-Site: same-origin|none</c> or a Referer on an allowed origin.
    /// </summary>
    public bool IsTrustedPost(string? origin, string? secFetchSite, string? referer)
    {
        if (secFetchSite is { Length: > 0 } site && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!string.IsNullOrEmpty(origin))
        {
            // "null" is never ours: it is what sandboxed frames, file: and data: pages send.
            return IsAllowed(origin);
        }
        if (secFetchSite is { Length: > 0 })
        {
            return true;
        }
        return IsAllowed(referer);
    }
}
