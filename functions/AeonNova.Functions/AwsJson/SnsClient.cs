using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace AeonNova.Functions.AwsJson;

/// <summary>
/// A minimal SNS client over the Query API (AWSSDK.SimpleNotificationService is not available here): POST / with
/// an application/x-www-form-urlencoded body <c>Action=Publish&amp;Version=2010-03-31&amp;TopicArn=…&amp;Message=…</c>
/// and string message attributes as <c>MessageAttributes.entry.N.Name</c> / <c>.Value.DataType</c> /
/// <c>.Value.StringValue</c> (SNS API Reference, "Publish" and "Query API request parameters"), signed with
/// AWSSDK.Core's SigV4 signer like <see cref="AwsJsonClient"/>. The answer is XML (PublishResponse/PublishResult/MessageId,
/// or ErrorResponse/Error/Code).
/// </summary>
public sealed class SnsClient
{
    public const string SigningName = "sns";
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";
    /// <summary>SNS refuses a Subject longer than this (ASCII, no line breaks).</summary>
    public const int MaxSubjectLength = 100;

    private readonly HttpClient _http;
    private readonly AWSCredentials _credentials;
    private readonly RegionEndpoint _region;
    private readonly Uri _endpoint;
    private readonly Func<DateTime?> _signedAt;

    /// <param name="endpoint">e.g. https://sns.eu-west-1.amazonaws.com/.</param>
    /// <param name="signedAt">Fixed signing time (tests); null → the signer's clock-skew-corrected now.</param>
    public SnsClient(HttpClient http, AWSCredentials credentials, RegionEndpoint region, Uri endpoint, Func<DateTime?>? signedAt = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _credentials = credentials;
        _region = region;
        _endpoint = endpoint;
        _signedAt = signedAt ?? (static () => null);
    }

    public static SnsClient Create(HttpClient http, AWSCredentials credentials, RegionEndpoint region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return new SnsClient(http, credentials, region, new Uri($"https://sns.{region.SystemName}.amazonaws.com/"));
    }

    /// <summary>Publishes one message; returns its MessageId. Throws <see cref="AwsServiceException"/> on an error response.</summary>
    /// <param name="attributes">String message attributes (subscription filter policies match on them).</param>
    public async Task<string> PublishAsync(string topicArn, string subject, string message, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(message);
        ArgumentNullException.ThrowIfNull(attributes);
        var body = Encoding.UTF8.GetBytes(PublishBody(topicArn, subject, message, attributes));
        var signingRequest = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = _endpoint, Content = body };
        signingRequest.Headers["Content-Type"] = ContentType;
        var signature = await AWSSigV4Signer.SignAsync(signingRequest, new AWSSigV4Parameters
        {
            Credentials = _credentials,
            Region = _region,
            Service = SigningName,
            SignedAt = _signedAt(),
        }, cancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        foreach (var (name, value) in signature.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        var payload = await response.Content.ReadAsStringAsync(cancellationToken);
        var xml = TryParse(payload);
        if (!response.IsSuccessStatusCode)
        {
            var error = xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            throw new AwsServiceException(
                Child(error, "Code") ?? $"HTTP{(int)response.StatusCode}", Child(error, "Message") ?? "SNS Publish failed", (int)response.StatusCode);
        }
        return xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == "MessageId")?.Value
            ?? throw new AwsServiceException("InvalidResponse", "SNS Publish answered without a MessageId", (int)response.StatusCode);
    }

    /// <summary>The Query API form body of Publish (RFC 3986 percent-encoding, as SigV4 canonicalisation expects).</summary>
    public static string PublishBody(string topicArn, string subject, string message, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var fields = new List<(string, string)> { ("Action", "Publish"), ("Version", "2010-03-31"), ("TopicArn", topicArn), ("Message", message) };
        if (SafeSubject(subject) is { Length: > 0 } clean)
        {
            fields.Add(("Subject", clean));
        }
        var n = 0;
        foreach (var (name, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            n++;
            fields.Add(($"MessageAttributes.entry.{n}.Name", name));
            fields.Add(($"MessageAttributes.entry.{n}.Value.DataType", "String"));
            fields.Add(($"MessageAttributes.entry.{n}.Value.StringValue", value));
        }
        return string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(f.Item2)}"));
    }

    /// <summary>SNS subjects are printable ASCII without line breaks and at most 100 characters.</summary>
    public static string SafeSubject(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var chars = subject.Select(c => c is >= ' ' and <= '~' ? c : ' ').ToArray();
        var text = new string(chars).Trim();
        return text.Length <= MaxSubjectLength ? text : text[..(MaxSubjectLength - 1)] + "~";
    }

    private static XDocument? TryParse(string payload)
    {
        try
        {
            return payload.Length == 0 ? null : XDocument.Parse(payload);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static string? Child(XElement? element, string name) => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
