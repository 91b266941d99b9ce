using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace AeonNova.Functions.AwsJson;

/// <summary>
/// A minimal AWS JSON-protocol client (awsJson1_0): POST / with X-Amz-Target and
/// Content-Type application/x-amz-json-1.0 (or 1.1 for services on awsJson1_1, e.g. Secrets Manager), signed with AWSSDK.Core's public <see cref="AWSSigV4Signer"/>
/// and the SDK credential chain. For services whose SDK package is not available here.
/// </summary>
public sealed class AwsJsonClient
{
    public const string ContentType = "application/x-amz-json-1.0";
    public const string ContentType11 = "application/x-amz-json-1.1";

    private readonly HttpClient _http;
    private readonly AWSCredentials _credentials;
    private readonly RegionEndpoint _region;
    private readonly string _service;
    private readonly Uri _endpoint;
    private readonly Func<DateTime?> _signedAt;
    private readonly string _contentType;

    /// <param name="service">Signing name, e.g. "states".</param>
    /// <param name="endpoint">e.g. https://states.eu-west-1.amazonaws.com/.</param>
    /// <param name="signedAt">Fixed signing time (tests); null → the signer's clock-skew-corrected now.</param>
    /// <param name="contentType">The protocol's content type: <see cref="ContentType"/> (awsJson1_0) or <see cref="ContentType11"/>.</param>
    public AwsJsonClient(HttpClient http, AWSCredentials credentials, RegionEndpoint region, string service, Uri endpoint, Func<DateTime?>? signedAt = null, string contentType = ContentType)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _credentials = credentials;
        _region = region;
        _service = service;
        _endpoint = endpoint;
        _signedAt = signedAt ?? (static () => null);
        _contentType = contentType;
    }

    /// <summary>Sends one operation; returns the response JSON (an empty object when the body is empty). Throws <see cref="AwsServiceException"/> on an error response.</summary>
    /// <param name="target">X-Amz-Target, e.g. "AWSStepFunctions.StartExecution".</param>
    public async Task<JsonDocument> SendAsync(string target, byte[] body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(body);
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Post,
            RequestUri = _endpoint,
            Content = body,
        };
        signingRequest.Headers["Content-Type"] = _contentType;
        signingRequest.Headers["X-Amz-Target"] = target;
        var parameters = new AWSSigV4Parameters
        {
            Credentials = _credentials,
            Region = _region,
            Service = _service,
            SignedAt = _signedAt(),
        };
        var signature = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(_contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        foreach (var (name, value) in signature.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw AwsServiceException.FromResponse((int)response.StatusCode, target, payload);
        }
        return payload.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(payload);
    }

    /// <summary>A request body: one JSON object whose members <paramref name="write"/> writes.</summary>
    internal static byte[] Body(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>An AWS JSON-protocol error: {"__type": "…#ExecutionAlreadyExists", "message": "…"}.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string errorCode, string message, int statusCode) : base($"{errorCode}: {message}")
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    public AwsServiceException() : this("Unknown", "", 0) { }

    public AwsServiceException(string message) : this("Unknown", message, 0) { }

    public AwsServiceException(string message, Exception innerException) : base(message, innerException) => ErrorCode = "Unknown";

    /// <summary>The error name without namespace, e.g. "ExecutionAlreadyExists", "TaskTimedOut".</summary>
    public string ErrorCode { get; }

    public int StatusCode { get; }

    internal static AwsServiceException FromResponse(int status, string target, byte[] payload)
    {
        var code = $"HTTP{status}";
        var message = "";
        try
        {
            using var doc = JsonDocument.Parse(payload);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("__type", out var type) && type.GetString() is { } t)
                {
                    code = t[(t.LastIndexOf('#') + 1)..];
                }
                if ((doc.RootElement.TryGetProperty("message", out var m) || doc.RootElement.TryGetProperty("Message", out m)) && m.ValueKind == JsonValueKind.String)
                {
                    message = m.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            message = "non-JSON error body";
        }
        return new AwsServiceException(code, $"{target} failed with HTTP {status}{(message.Length > 0 ? ": " + message : "")}", status);
    }
}
