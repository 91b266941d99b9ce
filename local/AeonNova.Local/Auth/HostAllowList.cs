using System.Net;
using AeonNova.Approvals.Http;
using AeonNova.Local.Config;

namespace AeonNova.Local.Auth;

/// <summary>
/// The names this server answers to, from <c>urls</c>, <c>publicBaseUrl</c> and <c>auth.allowedHosts</c>. A request
/// whose Host header names anything else is refused before routing: a page on a rebound DNS name (the attacker's
/// name pointing at 127.0.0.1) then reaches nothing, even though its Origin and Host agree with each other.
/// </summary>
public sealed class HostAllowList
{
    private static readonly string[] LoopbackNames = ["127.0.0.1", "localhost", "[::1]"];
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _anyPort = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _origins = [];

    public HostAllowList(AeonNovaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listen = Urls(options.Urls).ToList();
        AllLoopback = listen.Count > 0 && listen.All(u => IsLoopback(u.Host));
        foreach (var url in options.PublicBaseUrl.Length > 0 ? [new Uri(options.PublicBaseUrl)] : listen)
        {
            foreach (var host in IsLoopback(url.Host) ? LoopbackNames : [url.Host])
            {
                if (!IsWildcard(host))
                {
                    _exact.Add($"{host}:{url.Port}");
                    _origins.Add($"{url.Scheme}://{host}:{url.Port}");
                }
            }
        }
        if (options.PublicBaseUrl.Length > 0)
        {
            // The listen addresses still answer (the reverse proxy may forward its own Host), but pages are not
            // accepted as origins for them: only the public origin decides.
            foreach (var url in listen.Where(u => !IsWildcard(u.Host)))
            {
                _exact.Add($"{url.Host}:{url.Port}");
            }
        }
        var scheme = (options.PublicBaseUrl.Length > 0 ? new Uri(options.PublicBaseUrl) : listen.FirstOrDefault())?.Scheme ?? "http";
        foreach (var entry in options.Auth.AllowedHosts.Select(h => h.Trim()).Where(h => h.Length > 0))
        {
            if (Uri.TryCreate($"{scheme}://{entry}", UriKind.Absolute, out var parsed) && entry.Contains(':', StringComparison.Ordinal) && !entry.EndsWith(']'))
            {
                _exact.Add($"{parsed.Host}:{parsed.Port}");
                _origins.Add($"{scheme}://{parsed.Host}:{parsed.Port}");
            }
            else
            {
                _anyPort.Add(entry);
            }
        }
    }

    /// <summary>True when every listen address is loopback (development: links may be printed, open sources allowed).</summary>
    public bool AllLoopback { get; }

    /// <summary>Origins (scheme://host:port) a state-changing browser request may come from.</summary>
    public IReadOnlyList<string> Origins => _origins;

    public RequestOrigin RequestOrigins() => new(_origins.Count > 0 ? _origins : ["http://127.0.0.1:5080"]);

    /// <summary>Whether the Host header (authority, with or without port) is one of ours.</summary>
    public bool Allows(string? hostHeader, bool https)
    {
        if (string.IsNullOrEmpty(hostHeader) || !Uri.TryCreate($"{(https ? "https" : "http")}://{hostHeader}", UriKind.Absolute, out var uri)
            || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0)
        {
            return false;
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.DnsSafeHost}]" : uri.Host;
        return _exact.Contains($"{host}:{uri.Port}") || _anyPort.Contains(host);
    }

    public static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        return bare.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip));
    }

    public static IEnumerable<Uri> Urls(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>();

    private static bool IsWildcard(string host) => host is "0.0.0.0" or "[::]" or "::";
}
