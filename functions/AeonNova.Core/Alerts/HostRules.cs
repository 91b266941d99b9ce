namespace AeonNova.Core.Alerts;

/// <summary>Host names as the canonical alert carries them: the machine name without scheme, port or path.</summary>
public static class HostRules
{
    /// <summary>Label / tag keys that name the host, in order of preference.</summary>
    public static readonly IReadOnlyList<string> HostKeys = ["host", "hostname", "instance", "nodename", "node", "server"];

    /// <summary>"web-1:9100" → "web-1", "http://web-1:8080/metrics" → "web-1", "[::1]:9100" → "::1"; bare IPv6 stays.</summary>
    public static string Normalize(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return "";
        }
        var span = host.AsSpan().Trim();
        var scheme = span.IndexOf("://");
        if (scheme >= 0)
        {
            span = span[(scheme + 3)..];
            var slash = span.IndexOfAny('/', '?', '#');
            if (slash >= 0)
            {
                span = span[..slash];
            }
            var at = span.LastIndexOf('@');
            if (at >= 0)
            {
                span = span[(at + 1)..];
            }
        }
        if (span.StartsWith('['))
        {
            var close = span.IndexOf(']');
            return close > 1 ? span[1..close].ToString() : span.ToString();
        }
        var colon = span.IndexOf(':');
        if (colon > 0 && colon == span.LastIndexOf(':') && IsPort(span[(colon + 1)..]))
        {
            span = span[..colon];
        }
        return span.Length == host.Length ? host : span.ToString();
    }

    /// <summary>The first host-like label in <see cref="HostKeys"/> order, or null.</summary>
    public static string? FromLabels(IReadOnlyDictionary<string, string> labels) => LabelLookup.First(labels, HostKeys);

    private static bool IsPort(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > 5)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
