using System.Text;
using AeonNova.Approvals;
using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Http;
using AeonNova.Functions.Adapters;
using AeonNova.Functions.AwsJson;
using AeonNova.Functions.Events;
using AeonNova.Functions.Json;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Observability;

namespace AeonNova.Functions.Handlers;

/// <summary>
/// ApprovalApi: the API Gateway form of GET/HEAD/POST /approvals/{id} (proxy event in, HTML out, same pages and
/// status codes as the local host), and the SNS subscriber on the approval topic that stores the WaitForApproval
/// task token from the message attributes and then, holding the token, delivers: one message per approver, each
/// with only that approver's link (<see cref="IApproverMessages"/>), then posts the approval to the chat apps set up
/// (Slack message, Teams card, in the channel of the approval's current tier). It also serves POST
/// /chat/slack/interactions and /chat/teams/messages through <see cref="ChatApps"/>: the same signature / JWT checks,
/// replay cache port and decision rules as serve's routes. The token is never logged, rendered or returned.
/// </summary>
public sealed class ApprovalApiHandler : StreamFunction<ApprovalApiEvent, ApiGatewayProxyResponse>
{
    private readonly ApprovalService _approvals;
    private readonly IRandomSource _random;
    private readonly IApproverMessages _messages;
    private readonly ChatApps? _chats;

    /// <param name="chats">The chat apps; null where none can be set up (the chat routes then answer 404).</param>
    public ApprovalApiHandler(IFunctionRuntimes runtimes, ApprovalService approvals, IRandomSource random, IApproverMessages messages, ChatApps? chats = null)
        : base(runtimes, "ApprovalApi", FunctionsJsonContext.Default.ApprovalApiEvent, FunctionsJsonContext.Default.ApiGatewayProxyResponse)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(messages);
        _approvals = approvals;
        _random = random;
        _messages = messages;
        _chats = chats;
    }

    protected override Task<ApiGatewayProxyResponse> HandleAsync(ApprovalApiEvent input, Invocation invocation) =>
        input.Records is { Count: > 0 } records ? RegisterAsync(records, invocation) : HttpAsync(input, invocation);

    private async Task<ApiGatewayProxyResponse> RegisterAsync(IReadOnlyList<SnsEventRecord> records, Invocation invocation)
    {
        foreach (var record in records)
        {
            var attributes = record.Sns?.MessageAttributes;
            var approvalId = attributes?.GetValueOrDefault("approvalId")?.Value;
            var taskToken = attributes?.GetValueOrDefault("taskToken")?.Value;
            if (string.IsNullOrEmpty(approvalId) || string.IsNullOrEmpty(taskToken))
            {
                // Some other message on the topic: nothing to register.
                invocation.Log.Warning("SNS message without approvalId/taskToken attributes ignored", ("message_id", record.Sns?.MessageId));
                continue;
            }
            invocation.Log.CorrelationId = approvalId;
            var outcome = await _approvals.RegisterTaskTokenAsync(approvalId, taskToken, CancellationToken.None);
            invocation.Log.Info("approval task token registration", ("approval_id", approvalId), ("outcome", outcome.ToString()));
            // AlreadyRegistered: SNS or Lambda retried after a failed send; delivering again retires the first links.
            if (outcome is not (TokenRegistration.Registered or TokenRegistration.AlreadyRegistered))
            {
                continue;
            }
            var sent = 0;
            foreach (var email in await _approvals.DeliverAsync(approvalId, CancellationToken.None))
            {
                foreach (var approver in email.Links.Select(l => l.Email).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    await _messages.SendAsync(approver, email, CancellationToken.None);
                    sent++;
                }
            }
            invocation.Log.Info("approval messages sent", ("approval_id", approvalId), ("messages", sent));
            await NotifyChatsAsync(approvalId, invocation);
        }
        return new ApiGatewayProxyResponse { StatusCode = 200, Body = "" };
    }

    /// <summary>
    /// How long posting to the chat apps may take in all, inside ApprovalApi's 10 s timeout: the emails are already
    /// out, and a function that timed out or threw would make SNS deliver the registration again, which re-sends
    /// every email and retires the links already sent.
    /// </summary>
    public static readonly TimeSpan ChatPostingBudget = TimeSpan.FromSeconds(4);

    /// <summary>A chat app failing, hanging or misconfigured never fails the registration (logged, not thrown).</summary>
    private async Task NotifyChatsAsync(string approvalId, Invocation invocation)
    {
        if (_chats is null)
        {
            return;
        }
        using var budget = new CancellationTokenSource(ChatPostingBudget);
        try
        {
            var chats = await _chats.NotifiersAsync(budget.Token);
            await ChatNotify.AllAsync(_approvals, chats, approvalId,
                (chat, ex) => invocation.Log.Error("chat notification failed", ex, ("approval_id", approvalId), ("chat", chat)), budget.Token);
            invocation.Log.Info("approval posted to chat", ("approval_id", approvalId), ("chats", chats.Count));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            invocation.Log.Error(budget.IsCancellationRequested
                    ? $"chat posting took longer than {ChatPostingBudget.TotalSeconds:0} s; the approval is not (fully) posted to chat, the emails are out"
                    : "chat settings could not be read; approval not posted to chat",
                ex, ("approval_id", approvalId));
        }
    }

    private async Task<ApiGatewayProxyResponse> HttpAsync(ApprovalApiEvent input, Invocation invocation)
    {
        invocation.Log.CorrelationId = input.RequestContext?.RequestId;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in input.Headers ?? new Dictionary<string, string>())
        {
            headers[name] = value;
        }
        var method = input.HttpMethod ?? input.RequestContext?.Http?.Method ?? "GET";
        var path = input.Path ?? input.RawPath ?? input.RequestContext?.Http?.Path ?? "";
        if (ChatApps.RouteOf(path) is { } route)
        {
            return await ChatAsync(input, path, route, method, headers, invocation);
        }
        var approvalId = input.PathParameters?.GetValueOrDefault("id") ?? LastSegment(path);
        if (BodyOf(input, FormBody.MaxBytes) is not { } body)
        {
            return ToResponse(new ApprovalHttpResponse(413, "", [new("Content-Type", "text/plain; charset=utf-8")]));
        }
        var handler = new ApprovalHttpHandler(_approvals, _random, ex => invocation.Log.Error("approval request failed", ex, ("approval_id", approvalId)));
        var response = await handler.HandleAsync(new ApprovalHttpRequest
        {
            Method = method,
            ApprovalId = approvalId,
            QueryToken = input.QueryStringParameters?.GetValueOrDefault("t"),
            FormBody = input.Body is null ? null : body,
            ContentType = headers.GetValueOrDefault("Content-Type"),
            CsrfCookie = CsrfCookie(input, headers),
            Origin = headers.GetValueOrDefault("Origin"),
            SecFetchSite = headers.GetValueOrDefault("Sec-Fetch-Site"),
            Referer = headers.GetValueOrDefault("Referer"),
            Host = headers.GetValueOrDefault("Host") ?? "",
            // API Gateway endpoints are HTTPS only; the header says so behind a custom domain too.
            IsHttps = !string.Equals(headers.GetValueOrDefault("X-Forwarded-Proto"), "http", StringComparison.OrdinalIgnoreCase),
            Client = ClientOf(input, headers),
        }, CancellationToken.None);
        invocation.Log.Info("approval page", ("method", method), ("status", response.StatusCode));
        // ApprovalsGranted/Rejected are counted once, by RecordOutcome, which knows the decision the workflow acted on.
        return ToResponse(response);
    }

    /// <summary>
    /// POST /chat/…: the body handed on exactly as received, since Slack signs its bytes. A REST API without
    /// binaryMediaTypes passes a form or JSON body through as text; with them it arrives base64-encoded and flagged
    /// (API Gateway developer guide, "Binary media types for REST APIs"). Either way the handler sees the same bytes.
    /// </summary>
    private async Task<ApiGatewayProxyResponse> ChatAsync(ApprovalApiEvent input, string path, string route, string method, Dictionary<string, string> headers, Invocation invocation)
    {
        ChatHttpResponse response;
        if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            response = ChatHttpResponse.Text(405, "Chat endpoints accept POST only.");
        }
        else if (_chats is null)
        {
            response = ChatHttpResponse.Text(404, "Chat approvals are not set up on this deployment.");
        }
        else if (BodyOf(input, ChatHttp.MaxBytes) is not { } body)
        {
            response = ChatHttpResponse.Text(413, "Refused: the request body is over the chat size limit.");
        }
        else
        {
            try
            {
                response = await _chats.HandleAsync(route, new ChatHttpRequest
                {
                    RawBody = body,
                    ContentType = headers.GetValueOrDefault("Content-Type"),
                    Header = name => headers.GetValueOrDefault(name),
                    Client = ClientOf(input, headers),
                }, (chat, ex) => invocation.Log.Error("chat API call failed", ex, ("path", path), ("chat", chat)), CancellationToken.None);
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or AwsServiceException or Amazon.Runtime.AmazonServiceException)
            {
                // Settings unreadable (secret malformed, Secrets Manager or DynamoDB unavailable): nothing was decided.
                invocation.Log.Error("chat request failed", ex, ("path", path));
                response = ChatHttpResponse.Text(503, "The approval service could not check this request; nothing was decided. Try again shortly.");
            }
        }
        invocation.Log.Info("chat request", ("path", path), ("status", response.StatusCode));
        var responseHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Cache-Control"] = "no-store" };
        if (response.Body.Length > 0)
        {
            responseHeaders["Content-Type"] = response.ContentType;
        }
        return new ApiGatewayProxyResponse { StatusCode = response.StatusCode, Headers = responseHeaders, Body = response.Body };
    }

    /// <summary>The request body as UTF-8 text ("" when absent or not valid base64), or null when over <paramref name="maxBytes"/>.</summary>
    private static string? BodyOf(ApprovalApiEvent input, int maxBytes)
    {
        if (input.Body is not { } raw)
        {
            return "";
        }
        // Base64 grows a body by a third; twice the limit in characters is over it in bytes either way.
        if (raw.Length > maxBytes * 2)
        {
            return null;
        }
        string text;
        try
        {
            text = input.IsBase64Encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(raw)) : raw;
        }
        catch (FormatException)
        {
            return "";
        }
        return Encoding.UTF8.GetByteCount(text) > maxBytes ? null : text;
    }

    private static ClientInfo ClientOf(ApprovalApiEvent input, Dictionary<string, string> headers) => new(
        input.RequestContext?.Identity?.SourceIp ?? input.RequestContext?.Http?.SourceIp ?? "",
        input.RequestContext?.Identity?.UserAgent ?? input.RequestContext?.Http?.UserAgent ?? headers.GetValueOrDefault("User-Agent") ?? "");

    private static ApiGatewayProxyResponse ToResponse(ApprovalHttpResponse response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in response.Headers)
        {
            headers[name] = value;
        }
        return new ApiGatewayProxyResponse { StatusCode = response.StatusCode, Headers = headers, Body = response.Body };
    }

    private static string? CsrfCookie(ApprovalApiEvent input, Dictionary<string, string> headers)
    {
        var pairs = input.Cookies ?? (headers.GetValueOrDefault("Cookie") ?? "").Split(';');
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq].Trim() == ApprovalHttpHandler.CsrfCookieName)
            {
                return pair[(eq + 1)..].Trim();
            }
        }
        return null;
    }

    private static string LastSegment(string path) => path.TrimEnd('/').Split('/')[^1];
}
