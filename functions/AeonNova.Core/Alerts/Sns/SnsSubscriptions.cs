using System.Text.RegularExpressions;

namespace AeonNova.Core.Alerts.Sns;

/// <summary>Port: answers an SNS subscription handshake by visiting its (already validated) SubscribeURL.</summary>
public interface ISnsSubscriptionConfirmer
{
    /// <exception cref="SnsConfirmationException">AWS did not confirm (network error, non-2xx answer).</exception>
    Task ConfirmAsync(Uri subscribeUrl, CancellationToken cancellationToken = default);
}

public sealed class SnsConfirmationException : Exception
{
    public SnsConfirmationException(string message) : base(message) { }
    public SnsConfirmationException() : this("the SNS subscription could not be confirmed") { }
    public SnsConfirmationException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>What intake does with one SubscriptionConfirmation: visit the URL, or refuse with a 400 and why.</summary>
public sealed record SnsHandshakeDecision(bool Confirm, Uri? SubscribeUrl, string Reason)
{
    public static SnsHandshakeDecision Refuse(string reason) => new(false, null, reason);
}

/// <summary>
/// The decision half of the SNS handshake (docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html): a
/// SubscriptionConfirmation is confirmed only when its TopicArn is in the allowed list and its SubscribeURL is an
/// https URL on <c>sns.&lt;region&gt;.amazonaws.com</c> (or .com.cn) of that topic's region asking
/// Action=ConfirmSubscription for that same topic. Anything else is refused, so a forged body can neither
/// subscribe us to a foreign topic nor make intake fetch an arbitrary URL.
/// </summary>
public sealed partial class SnsSubscriptionPolicy
{
    /// <summary>The Ingest function's environment variable holding the allow-list, comma-separated (the CDK app sets it).</summary>
    public const string EnvironmentVariable = "SNS_ALLOWED_TOPIC_ARNS";

    private readonly HashSet<string> _allowed;
    private readonly string _settingName;

    /// <param name="allowedTopicArns">Topic ARNs whose subscriptions may be confirmed.</param>
    /// <param name="settingName">Where the operator sets that list (named in the refusal).</param>
    public SnsSubscriptionPolicy(IEnumerable<string> allowedTopicArns, string settingName)
    {
        ArgumentNullException.ThrowIfNull(allowedTopicArns);
        ArgumentException.ThrowIfNullOrWhiteSpace(settingName);
        _allowed = allowedTopicArns.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToHashSet(StringComparer.Ordinal);
        _settingName = settingName;
    }

    public SnsHandshakeDecision Decide(SnsSubscriptionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Type, "SubscriptionConfirmation", StringComparison.Ordinal))
        {
            return SnsHandshakeDecision.Refuse($"SNS message type '{JsonRead.Excerpt(request.Type)}' is not a subscription confirmation");
        }
        var topic = TopicArn().Match(request.TopicArn);
        if (!topic.Success)
        {
            return SnsHandshakeDecision.Refuse("$.TopicArn: not an SNS topic ARN");
        }
        if (!_allowed.Contains(request.TopicArn))
        {
            return SnsHandshakeDecision.Refuse(
                $"SNS topic {request.TopicArn} is not allowed to subscribe; add it to {_settingName} to confirm the subscription");
        }
        if (!Uri.TryCreate(request.SubscribeUrl, UriKind.Absolute, out var url))
        {
            return SnsHandshakeDecision.Refuse("$.SubscribeURL: not an absolute URL");
        }
        var region = topic.Groups["region"].Value;
        var problem = CheckUrl(url, region, request.TopicArn);
        return problem is null ? new SnsHandshakeDecision(true, url, "confirmed") : SnsHandshakeDecision.Refuse($"$.SubscribeURL: {problem}");
    }

    /// <summary>Null when <paramref name="url"/> is the confirmation URL AWS would send for the topic; else why not.</summary>
    public static string? CheckUrl(Uri url, string region, string topicArn)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return "must be https";
        }
        if (!string.IsNullOrEmpty(url.UserInfo) || !url.IsDefaultPort)
        {
            return "must not carry credentials or a port";
        }
        var host = url.IdnHost.ToLowerInvariant();
        if (host != $"sns.{region}.amazonaws.com" && host != $"sns.{region}.amazonaws.com.cn")
        {
            return $"host must be sns.{region}.amazonaws.com (the topic's region)";
        }
        if (url.AbsolutePath != "/")
        {
            return "path must be /";
        }
        var query = QueryOf(url);
        if (!query.TryGetValue("Action", out var action) || action != "ConfirmSubscription")
        {
            return "must ask Action=ConfirmSubscription";
        }
        if (!query.TryGetValue("TopicArn", out var arn) || arn != topicArn)
        {
            return "must confirm the same TopicArn as the message";
        }
        return query.ContainsKey("Token") ? null : "has no Token";
    }

    internal static Dictionary<string, string> QueryOf(Uri url)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            // A repeated parameter is ambiguous: keep none of it, so the checks above fail closed.
            if (!result.TryAdd(key, value))
            {
                result[key] = "\u0000";
            }
        }
        return result;
    }

    /// <summary>Whether the text is an SNS topic ARN (what an allow-list entry must be).</summary>
    public static bool IsTopicArn(string? text) => text is not null && TopicArn().IsMatch(text);

    [GeneratedRegex(@"^arn:aws(?:-cn|-us-gov)?:sns:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d):\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicArn();
}

/// <summary>
/// <see cref="ISnsSubscriptionConfirmer"/> over HttpClient: one GET to the SubscribeURL, re-checked here so the adapter
/// never calls anything but an https sns.&lt;region&gt;.amazonaws.com URL even if a caller skipped the policy. Give it an
/// HttpClient over <see cref="NonRedirectingHandler"/>: a 3xx is then a failure instead of a hop to another host.
/// </summary>
public sealed class HttpSnsSubscriptionConfirmer(HttpClient http) : ISnsSubscriptionConfirmer
{
    public static HttpMessageHandler NonRedirectingHandler() => new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10) };

    public async Task ConfirmAsync(Uri subscribeUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscribeUrl);
        var host = subscribeUrl.IdnHost.ToLowerInvariant();
        var region = host.StartsWith("sns.", StringComparison.Ordinal) ? host.Split('.')[1] : "";
        var topicArn = SnsSubscriptionPolicy.QueryOf(subscribeUrl).GetValueOrDefault("TopicArn");
        var problem = region.Length == 0 || topicArn is null
            ? "not an SNS confirmation URL"
            : SnsSubscriptionPolicy.CheckUrl(subscribeUrl, region, topicArn);
        if (problem is not null)
        {
            throw new SnsConfirmationException($"refusing to call the SubscribeURL: {problem}");
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, subscribeUrl);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new SnsConfirmationException($"SNS did not answer the confirmation: {ex.Message}", ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new SnsConfirmationException($"SNS answered the confirmation with HTTP {(int)response.StatusCode}");
            }
        }
    }
}
