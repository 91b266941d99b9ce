using System.Text.Json;
using System.Text.RegularExpressions;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// Datadog webhook integration: the default payload ($EVENT_MSG, $EVENT_TITLE, $ID, $DATE, $LAST_UPDATED, …) plus the
/// common custom fields ($ALERT_TRANSITION, $HOSTNAME, $TAGS, $PRIORITY, $ALERT_TYPE, $LINK, $ALERT_ID, $ALERT_SCOPE,
/// $AGGREG_KEY). One event per request.
/// </summary>
public sealed partial class DatadogParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("datadog", time, ids)
{
    /// <summary>$ALERT_TRANSITION values (docs.datadoghq.com/integrations/webhooks/#variables).</summary>
    public static EventTable Transitions { get; } = EventTable.Of("$.alert_transition",
        EventClass.Info("transition not known to carry an alert"),
        (["Triggered", "Re-Triggered", "Warn", "Re-Warn", "Renotify", "Re-Notify"], EventClass.Trigger),
        (["Recovered"], EventClass.Resolve),
        (["No Data", "Re-No Data"], EventClass.NoData));

    /// <summary>Monitor priority ($ALERT_PRIORITY, or a P-level in $PRIORITY / the title's "[P1]" prefix) → severity.</summary>
    private static readonly Dictionary<string, AlertSeverity> Priorities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["P1"] = AlertSeverity.Critical, ["P2"] = AlertSeverity.High, ["P3"] = AlertSeverity.Medium,
        ["P4"] = AlertSeverity.Low, ["P5"] = AlertSeverity.Info,
    };

    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "a Datadog webhook payload");
        var title = JsonRead.Str(root, "title", "$") ?? JsonRead.Str(root, "event_title", "$") ?? JsonRead.Str(root, "alert_title", "$");
        if (string.IsNullOrWhiteSpace(title))
        {
            throw AlertParseException.Shape("$.title", "missing; a Datadog webhook payload needs title ($EVENT_TITLE)");
        }
        var labels = Tags(JsonRead.Str(root, "tags", "$"));
        var transition = NonBlank(JsonRead.Str(root, "alert_transition", "$"));
        var alertId = NonBlank(JsonRead.Str(root, "alert_id", "$"));
        if (TestPrefix().IsMatch(Head(title)))
        {
            output.AddInformational("test", "a Datadog test notification ([TEST] title)", alertId ?? JsonRead.Str(root, "id", "$"));
            return;
        }
        var kind = transition is null ? null : Transitions.Classify(transition);
        if (kind is { IsInformational: true })
        {
            output.AddInformational(transition!, kind.Reason, alertId ?? JsonRead.Str(root, "id", "$"));
            return;
        }
        var alertType = JsonRead.Str(root, "alert_type", "$");
        // $HOSTNAME, then a host tag, then the scope in the standard title prefix "[Triggered on {host:i-3b93aafb}]".
        var host = NonBlank(JsonRead.Str(root, "hostname", "$")) ?? NonBlank(JsonRead.Str(root, "host", "$"))
            ?? HostRules.FromLabels(labels) ?? HostFromTitle(title);
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
            Status = kind?.Status ?? (IsResolved(alertType, title) ? AlertStatus.Resolved : AlertStatus.Firing),
            Severity = Severity(root, title, labels.GetValueOrDefault("severity"), alertType),
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

    /// <summary>Without $ALERT_TRANSITION: $ALERT_TYPE success or a "[Recovered…]" title prefix.</summary>
    private static bool IsResolved(string? alertType, string title)
    {
        return string.Equals(alertType, "success", StringComparison.OrdinalIgnoreCase)
            || title.StartsWith("[Recovered", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The monitor priority first ($ALERT_PRIORITY; $PRIORITY only when it holds a P-level, since for events it is the
    /// event priority "normal"/"low"; else the title's "[P1]" prefix), then a severity tag, then $ALERT_TYPE.
    /// </summary>
    private static AlertSeverity Severity(JsonElement root, string title, string? severityTag, string? alertType)
    {
        foreach (var candidate in (ReadOnlySpan<string?>)[JsonRead.Str(root, "alert_priority", "$"), JsonRead.Str(root, "priority", "$"), PriorityFromTitle(title)])
        {
            if (candidate is not null && Priorities.TryGetValue(candidate.Trim(), out var fromPriority))
            {
                return fromPriority;
            }
        }
        if (SeverityRules.TryMap(severityTag, out var fromTag))
        {
            return fromTag;
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

    /// <summary>The prefixes sit at the start: the title-prefix patterns only ever see its first 512 characters.</summary>
    private static string Head(string title) => title.Length > 512 ? title[..512] : title;

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? HostFromTitle(string title) =>
        TitleHost().Match(Head(title)) is { Success: true } match ? match.Groups["host"].Value : null;

    private static string? PriorityFromTitle(string title) =>
        TitlePriority().Match(Head(title)) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>"[Triggered on {host:i-3b93aafb}]" or "[Recovered on {device:/dev/sda,host:web-1}]" (leading brackets only).</summary>
    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*?\[[^\]{]*\{(?:[^}\]]*,)?\s*host:(?<host>[^,}\]\s]+)", RegexOptions.CultureInvariant)]
    private static partial Regex TitleHost();

    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*?\[(P[1-5])\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TitlePriority();

    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*?\[TEST\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TestPrefix();

    private static string? Org(JsonElement root)
    {
        var org = JsonRead.Obj(root, "org", "$");
        return org is null ? null : JsonRead.Str(org.Value, "name", "$.org") ?? JsonRead.Str(org.Value, "id", "$.org");
    }
}
