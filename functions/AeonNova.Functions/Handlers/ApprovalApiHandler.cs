using System.Text;
using AeonNova.Approvals;
using AeonNova.Approvals.Http;
using AeonNova.Functions.Adapters;
using AeonNova.Functions.Events;
using AeonNova.Functions.Json;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Observability;

namespace AeonNova.Functions.Handlers;

/// <summary>
/// ApprovalApi: the API Gateway form of GET/HEAD/POST /approvals/{id} (proxy event in, HTML out, same pages and
/// status codes as the local host), and the SNS subscriber on the approval topic that stores the WaitForApproval
/// task token from the message attributes and then, holding the token, delivers: one message per approver, each
/// with only that approver's link (<see cref="IApproverMessages"/>). The token is never logged, rendered or returned.
/// </summary>
public sealed class ApprovalApiHandler : StreamFunction<ApprovalApiEvent, ApiGatewayProxyResponse>
{
    private readonly ApprovalService _approvals;
    private readonly IRandomSource _random;
    private readonly IApproverMessages _messages;

    public ApprovalApiHandler(IFunctionRuntimes runtimes, ApprovalService approvals, IRandomSource random, IApproverMessages messages)
        : base(runtimes, "ApprovalApi", FunctionsJsonContext.Default.ApprovalApiEvent, FunctionsJsonContext.Default.ApiGatewayProxyResponse)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(messages);
        _approvals = approvals;
        _random = random;
        _messages = messages;
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
        }
        return new ApiGatewayProxyResponse { StatusCode = 200, Body = "" };
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
        var approvalId = input.PathParameters?.GetValueOrDefault("id") ?? LastSegment(input.Path ?? input.RawPath ?? "");
        string? body = null;
        if (input.Body is { } raw)
        {
            // Base64 grows a body by a third; anything this long is over the form limit either way.
            if (raw.Length > FormBody.MaxBytes * 2)
            {
                return ToResponse(new ApprovalHttpResponse(413, "", [new("Content-Type", "text/plain; charset=utf-8")]));
            }
            try
            {
                body = input.IsBase64Encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(raw)) : raw;
            }
            catch (FormatException)
            {
                body = "";
            }
        }
        var handler = new ApprovalHttpHandler(_approvals, _random, ex => invocation.Log.Error("approval request failed", ex, ("approval_id", approvalId)));
        var response = await handler.HandleAsync(new ApprovalHttpRequest
        {
            Method = method,
            ApprovalId = approvalId,
            QueryToken = input.QueryStringParameters?.GetValueOrDefault("t"),
            FormBody = body,
            ContentType = headers.GetValueOrDefault("Content-Type"),
            CsrfCookie = CsrfCookie(input, headers),
            Origin = headers.GetValueOrDefault("Origin"),
            SecFetchSite = headers.GetValueOrDefault("Sec-Fetch-Site"),
            Referer = headers.GetValueOrDefault("Referer"),
            Host = headers.GetValueOrDefault("Host") ?? "",
            // API Gateway endpoints are HTTPS only; the header says so behind a custom domain too.
            IsHttps = !string.Equals(headers.GetValueOrDefault("X-Forwarded-Proto"), "http", StringComparison.OrdinalIgnoreCase),
            Client = new ClientInfo(
                input.RequestContext?.Identity?.SourceIp ?? input.RequestContext?.Http?.SourceIp ?? "",
                input.RequestContext?.Identity?.UserAgent ?? input.RequestContext?.Http?.UserAgent ?? headers.GetValueOrDefault("User-Agent") ?? ""),
        }, CancellationToken.None);
        invocation.Log.Info("approval page", ("method", method), ("status", response.StatusCode));
        // ApprovalsGranted/Rejected are counted once, by RecordOutcome, which knows the decision the workflow acted on.
        return ToResponse(response);
    }

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
