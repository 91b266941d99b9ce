using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// Datadog webhook integration: the default payload ($EVENT_MSG, $EVENT_TITLE, $ID, $DATE, $LAST_UPDATED, …) plus the
/// common custom fields ($ALERT_TRANSITION, $HOSTNAME, $TAGS, $PRIORITY, $ALERT_TYPE, $LINK, $ALERT_ID, $ALERT_SCOPE,
/// $AGGREG_KEY). One event per request.
/// </summary>
public sealed class DatadogParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("datadog", time, ids)
{
    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "a Datadog webhook payload");
        var title = JsonRead.Str(root, "title", "$") ?? JsonRead.Str(root, "event_title", "$") ?? JsonRead.Str(root, "alert_title", "$");
        if (string.IsNullOrWhiteSpace(title))
        {
            throw AlertParseException.Shape("$.title", "missing; a Datadog webhook payload needs title ($EVENT_TITLE)");
        }
        var labels = Tags(JsonRead.Str(root, "tags", "$"));
        var transition = JsonRead.Str(root, "alert_transition", "$");
        var alertType = JsonRead.Str(root, "alert_type", "$");
        var host = JsonRead.Str(root, "hostname", "$") ?? JsonRead.Str(root, "host", "$") ?? HostRules.FromLabels(labels);
        var alertId = JsonRead.Str(root, "alert_id", "$");
        var scope = JsonRead.Str(root, "alert_scope", "$");
        var aggregationKey = JsonRead.Str(root, "aggreg_key", "$");
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        LabelMaps.AddIfPresent(annotations, "alert_transition", transition);
        LabelMaps.AddIfPresent(annotations, "alert_type", alertType);
        LabelMaps.AddIfPresent(annotations, "alert_metric", JsonRead.Str(root, "alert_metric", "$"));
        LabelMaps.AddIfPresent(annotations, "alert_query", JsonRead.Str(root, "alert_query", "$"));
        LabelMaps.AddIfPresent(annotations, "alert_scope", scope);
        LabelMaps.AddIfPresent(annotations, "event_type", JsonRead.Str(root, "event_type", "$"));
        LabelMaps.AddIfPresent(annotations, "org", Org(root));
        var cleanTitle = StripTransitionPrefix(title);
        output.Add(new AlertDraft
        {
            SourceId = JsonRead.Str(root, "id", "$") ?? alertId,
            // Recipe: monitor id + scope (one monitor group) — else aggregation key — else title + host.
            Fingerprint = alertId is not null
                ? Fingerprints.Compute("datadog", "monitor", alertId, scope ?? host)
                : aggregationKey is not null
                    ? Fingerprints.Compute("datadog", "aggreg", aggregationKey)
                    : Fingerprints.Compute("datadog", "title", cleanTitle, host),
            Status = IsResolved(transition, alertType, title) ? AlertStatus.Resolved : AlertStatus.Firing,
            Severity = Severity(JsonRead.Str(root, "priority", "$"), labels.GetValueOrDefault("severity"), alertType),
            Title = cleanTitle,
            Description = JsonRead.Str(root, "body", "$") ?? JsonRead.Str(root, "event_msg", "$") ?? "",
            Host = host,
            Service = labels.GetValueOrDefault("service"),
            Labels = labels,
            Annotations = annotations,
            StartedAt = JsonRead.Time(root, "date", "$") ?? JsonRead.Time(root, "last_updated", "$"),
            EndedAt = null,
            Url = JsonRead.Str(root, "link", "$") ?? JsonRead.Str(root, "url", "$"),
        });
    }

    /// <summary>$TAGS is "key:value,key2:value2,bare"; the first colon splits key and value.</summary>
    internal static Dictionary<string, string> Tags(string? tags)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(tags))
        {
            return labels;
        }
        foreach (var tag in tags.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            LabelMaps.AddTag(labels, tag);
        }
        return labels;
    }

    private static bool IsResolved(string? transition, string? alertType, string title)
    {
        if (!string.IsNullOrWhiteSpace(transition))
        {
            return transition.Trim().Equals("Recovered", StringComparison.OrdinalIgnoreCase);
        }
        return string.Equals(alertType, "success", StringComparison.OrdinalIgnoreCase)
            || title.StartsWith("[Recovered", StringComparison.OrdinalIgnoreCase);
    }

    private static AlertSeverity Severity(string? priority, string? severityTag, string? alertType)
    {
        if (SeverityRules.TryMap(priority, out var fromPriority) || SeverityRules.TryMap(severityTag, out fromPriority))
        {
            return fromPriority;
        }
        // $ALERT_TYPE: error | warning | info | success (a recovery keeps no level of its own).
        return string.Equals(alertType, "success", StringComparison.OrdinalIgnoreCase) ? AlertSeverity.Info : SeverityRules.Map(alertType);
    }

    /// <summary>"[Triggered on {host:web-1}] CPU high" and "[P1] [Recovered] CPU high" → "CPU high", so both events share a title.</summary>
    private static string StripTransitionPrefix(string title)
    {
        var span = title.AsSpan().Trim();
        while (span.StartsWith('['))
        {
            var close = span.IndexOf(']');
            if (close < 0)
            {
                break;
            }
            span = span[(close + 1)..].TrimStart();
        }
        return span.IsEmpty ? title.Trim() : span.ToString();
    }

    private static string? Org(JsonElement root)
    {
        var org = JsonRead.Obj(root, "org", "$");
        return org is null ? null : JsonRead.Str(org.Value, "name", "$.org") ?? JsonRead.Str(org.Value, "id", "$.org");
    }
}
