namespace AeonNova.Core.Auth;

/// <summary>What the verifiers need from an HTTP request: headers (case-insensitive), the raw body, and now.</summary>
public sealed class WebhookRequest
{
    private readonly Dictionary<string, string> _headers;

    public WebhookRequest(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            // Repeated headers arrive joined by a comma, as HTTP allows.
            _headers[name] = _headers.TryGetValue(name, out var existing) ? $"{existing},{value}" : value;
        }
        Body = body;
        Now = now;
    }

    public ReadOnlyMemory<byte> Body { get; }
    public DateTimeOffset Now { get; }

    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;
}
