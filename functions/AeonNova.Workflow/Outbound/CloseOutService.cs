using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AeonNova.Core.Alerts;
using AeonNova.Core.Workflow;

namespace AeonNova.Workflow.Outbound;

/// <summary>
/// Tells the outside world how an execution ended. Resolving/closing (ServiceNow resolve, PagerDuty resolve,
/// Opsgenie close) happens only for successful outcomes; other outcomes add a ServiceNow work note and go to the
/// webhook. A failing target never fails the workflow: it is reported per target.
/// </summary>
public sealed class CloseOutService(HttpClient http, CloseOutOptions options, TimeProvider clock)
{
    public const string SignatureHeader = "X-AeonNova-Signature";
    public const string TimestampHeader = "X-AeonNova-Timestamp";

    public async Task<CloseOutResult> CloseAsync(CanonicalAlert alert, OutcomeStep outcome, ExecutionRef? execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(outcome);
        var success = WorkflowOutcomes.IsSuccess(outcome.Status);
        var note = $"AeonNova: {outcome.Status} ({outcome.Reason}) for '{alert.Title}' on {(alert.Host.Length > 0 ? alert.Host : "unknown host")}, execution {execution?.ExecutionName ?? "?"}.";
        var results = new List<CloseOutTargetResult>(4);
        if (options.ServiceNow is { } snow)
        {
            results.Add(await ServiceNowAsync(snow, alert, success, note, cancellationToken));
        }
        if (options.PagerDuty is { } pd)
        {
            results.Add(await PagerDutyAsync(pd, alert, success, cancellationToken));
        }
        if (options.Opsgenie is { } og)
        {
            results.Add(await OpsgenieAsync(og, alert, success, note, cancellationToken));
        }
        if (options.Webhook is { } hook)
        {
            results.Add(await WebhookAsync(hook, alert, outcome, execution, cancellationToken));
        }
        return new CloseOutResult { Targets = results };
    }

    private async Task<CloseOutTargetResult> ServiceNowAsync(ServiceNowOptions snow, CanonicalAlert alert, bool success, string note, CancellationToken ct)
    {
        var sysId = alert.Source == "servicenow" && alert.SourceId.Length > 0 ? alert.SourceId : Label(alert, "servicenow_sys_id", "snow_sys_id");
        if (sysId is null)
        {
            return Skipped("servicenow", "no incident sys_id on the alert");
        }
        var body = Json(w =>
        {
            w.WriteString("work_notes", note);
            if (success)
            {
                w.WriteString("state", "6");
                w.WriteString("close_code", snow.CloseCode);
                w.WriteString("close_notes", note);
            }
        });
        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(snow.InstanceUrl, $"/api/now/table/incident/{Uri.EscapeDataString(sysId)}"))
        {
            Content = JsonContent(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{snow.User}:{snow.Password}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await SendAsync("servicenow", request, ct);
    }

    private async Task<CloseOutTargetResult> PagerDutyAsync(PagerDutyOptions pd, CanonicalAlert alert, bool success, CancellationToken ct)
    {
        if (!success)
        {
            return Skipped("pagerduty", "outcome is not a resolution");
        }
        var dedupKey = Label(alert, "dedup_key", "pagerduty_dedup_key") ?? (alert.Source == "pagerduty" && alert.SourceId.Length > 0 ? alert.SourceId : null);
        if (dedupKey is null)
        {
            return Skipped("pagerduty", "no dedup_key on the alert");
        }
        var body = Json(w =>
        {
            w.WriteString("routing_key", pd.RoutingKey);
            w.WriteString("event_action", "resolve");
            w.WriteString("dedup_key", dedupKey);
        });
        return await SendAsync("pagerduty", new HttpRequestMessage(HttpMethod.Post, pd.EventsUrl) { Content = JsonContent(body) }, ct);
    }

    private async Task<CloseOutTargetResult> OpsgenieAsync(OpsgenieOptions og, CanonicalAlert alert, bool success, string note, CancellationToken ct)
    {
        if (!success)
        {
            return Skipped("opsgenie", "outcome is not a resolution");
        }
        string identifier;
        string identifierType;
        if (alert.Source == "opsgenie" && alert.SourceId.Length > 0)
        {
            (identifier, identifierType) = (alert.SourceId, "id");
        }
        else if (Label(alert, "opsgenie_alias", "alias") is { } alias)
        {
            (identifier, identifierType) = (alias, "alias");
        }
        else
        {
            return Skipped("opsgenie", "no Opsgenie alert id or alias on the alert");
        }
        var body = Json(w =>
        {
            w.WriteString("user", "AeonNova");
            w.WriteString("source", "AeonNova");
            w.WriteString("note", note);
        });
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(og.ApiUrl, $"/v2/alerts/{Uri.EscapeDataString(identifier)}/close?identifierType={identifierType}"))
        {
            Content = JsonContent(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("GenieKey", og.ApiKey);
        return await SendAsync("opsgenie", request, ct);
    }

    private async Task<CloseOutTargetResult> WebhookAsync(WebhookOptions hook, CanonicalAlert alert, OutcomeStep outcome, ExecutionRef? execution, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var body = Json(w =>
        {
            w.WriteString("event", "remediation.closed");
            w.WriteString("executionId", execution?.ExecutionId ?? "");
            w.WriteString("executionName", execution?.ExecutionName ?? "");
            w.WriteStartObject("alert");
            w.WriteString("id", alert.Id);
            w.WriteString("fingerprint", alert.Fingerprint);
            w.WriteString("source", alert.Source);
            w.WriteString("title", alert.Title);
            w.WriteString("host", alert.Host);
            w.WriteString("severity", alert.Severity.ToString().ToLowerInvariant());
            w.WriteEndObject();
            w.WriteStartObject("outcome");
            w.WriteString("status", outcome.Status);
            w.WriteString("reason", outcome.Reason);
            w.WriteEndObject();
            w.WriteString("at", now);
        });
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = JsonContent(body) };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(hook.Secret, timestamp, body));
        return await SendAsync("webhook", request, ct);
    }

    /// <summary>"sha256=" + lowercase hex HMAC-SHA256(secret, "{timestamp}.{body}"): receivers recompute and compare in constant time.</summary>
    public static string Sign(string secret, string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message, prefix.Length);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    private async Task<CloseOutTargetResult> SendAsync(string target, HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                using var response = await http.SendAsync(request, timeout.Token);
                return response.IsSuccessStatusCode
                    ? new CloseOutTargetResult { Target = target, Status = CloseOutStatus.Sent, Detail = $"HTTP {(int)response.StatusCode}" }
                    : new CloseOutTargetResult { Target = target, Status = CloseOutStatus.Failed, Detail = $"HTTP {(int)response.StatusCode} from {request.RequestUri?.Host}" };
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                return new CloseOutTargetResult { Target = target, Status = CloseOutStatus.Failed, Detail = $"{ex.GetType().Name}: {ex.Message}" };
            }
        }
    }

    private static CloseOutTargetResult Skipped(string target, string why) => new() { Target = target, Status = CloseOutStatus.Skipped, Detail = why };

    private static string? Label(CanonicalAlert alert, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (alert.Labels.TryGetValue(key, out var value) && value.Length > 0)
            {
                return value;
            }
        }
        return null;
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
