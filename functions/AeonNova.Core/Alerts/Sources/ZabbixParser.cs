using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// Zabbix webhook media type: a flat object whose parameters are filled from macros ({EVENT.ID}, {EVENT.NAME},
/// {EVENT.SEVERITY}, {EVENT.STATUS}, {EVENT.VALUE}, {EVENT.TAGS}/{EVENT.TAGSJSON}, {HOST.NAME}, {TRIGGER.ID}, …).
/// A macro Zabbix could not resolve arrives literally ("{EVENT.RECOVERY.DATE}") and counts as missing.
/// </summary>
public sealed class ZabbixParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("zabbix", time, ids)
{
    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "a Zabbix webhook media type payload");
        var eventId = Value(root, "event_id");
        var eventName = Value(root, "event_name") ?? Value(root, "alert_subject") ?? Value(root, "trigger_name");
        if (eventId is null)
        {
            throw AlertParseException.Shape("$.event_id", "missing; the Zabbix media type must send event_id ({EVENT.ID})");
        }
        if (eventName is null)
        {
            throw AlertParseException.Shape("$.event_name", "missing; the Zabbix media type must send event_name ({EVENT.NAME})");
        }
        var host = Value(root, "host_name") ?? Value(root, "host_host") ?? Value(root, "hostname") ?? Value(root, "host_ip");
        var triggerId = Value(root, "trigger_id");
        var labels = Tags(root);
        LabelMaps.AddIfPresent(labels, "host_ip", Value(root, "host_ip"));
        LabelMaps.AddIfPresent(labels, "trigger_id", triggerId);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        LabelMaps.AddIfPresent(annotations, "event_status", Value(root, "event_status"));
        LabelMaps.AddIfPresent(annotations, "event_update_status", Value(root, "event_update_status"));
        LabelMaps.AddIfPresent(annotations, "event_opdata", Value(root, "event_opdata"));
        LabelMaps.AddIfPresent(annotations, "event_recovery_id", Value(root, "event_recovery_id"));
        var resolved = IsResolved(Value(root, "event_value"), Value(root, "event_status"), Value(root, "event_recovery_id"));
        var url = Value(root, "event_url") ?? Url(Value(root, "zabbix_url"), triggerId, eventId);
        output.Add(new AlertDraft
        {
            SourceId = eventId,
            // Recipe: trigger id + host (one trigger on one host), else the problem event id, which the recovery
            // message also carries as {EVENT.ID}.
            Fingerprint = triggerId is not null
                ? Fingerprints.Compute("zabbix", "trigger", triggerId, HostRules.Normalize(host))
                : Fingerprints.Compute("zabbix", "event", eventId),
            Status = resolved ? AlertStatus.Resolved : AlertStatus.Firing,
            Severity = Severity(Value(root, "event_nseverity"), Value(root, "event_severity")),
            Title = eventName,
            Description = Value(root, "alert_message") ?? Value(root, "trigger_description") ?? "",
            Host = host,
            Service = labels.GetValueOrDefault("service") ?? labels.GetValueOrDefault("component") ?? labels.GetValueOrDefault("Application"),
            Labels = labels,
            Annotations = annotations,
            StartedAt = DateAndTime(root, "event_date", "event_time"),
            EndedAt = resolved ? DateAndTime(root, "event_recovery_date", "event_recovery_time") : null,
            Url = url,
        });
    }

    /// <summary>A parameter's value, or null when absent, empty, or an unresolved macro such as "{EVENT.RECOVERY.ID}".</summary>
    private static string? Value(JsonElement root, string name)
    {
        var value = JsonRead.Str(root, name, "$");
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.AsSpan().Trim();
        return trimmed.Length > 2 && trimmed[0] == '{' && trimmed[^1] == '}' && !trimmed.Contains(' ') && !trimmed.Contains('"')
            ? null
            : value.Trim();
    }

    private static bool IsResolved(string? eventValue, string? eventStatus, string? recoveryId)
    {
        if (eventValue is "0")
        {
            return true;
        }
        if (eventValue is "1")
        {
            return false;
        }
        if (eventStatus is not null)
        {
            return StatusRules.TryMap(eventStatus, out var status) && status == AlertStatus.Resolved;
        }
        return recoveryId is not null;
    }

    /// <summary>{EVENT.NSEVERITY} 0..5 = Not classified, Information, Warning, Average, High, Disaster; else the name.</summary>
    private static AlertSeverity Severity(string? numeric, string? name) => numeric switch
    {
        "5" => AlertSeverity.Critical,
        "4" => AlertSeverity.High,
        "3" or "2" => AlertSeverity.Medium,
        "1" or "0" => AlertSeverity.Info,
        _ => SeverityRules.Map(name),
    };

    /// <summary>Tags from event_tagsjson ([{"tag","value"}], as string or array) or event_tags ("k:v, k2:v2").</summary>
    private static Dictionary<string, string> Tags(JsonElement root)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("event_tagsjson", out var tagsJson))
        {
            if (tagsJson.ValueKind == JsonValueKind.Array)
            {
                AddTagObjects(tagsJson, labels);
                return labels;
            }
            if (tagsJson.ValueKind == JsonValueKind.String && Value(root, "event_tagsjson") is { } text && text.StartsWith('['))
            {
                using var document = ParseEmbedded(text);
                if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    AddTagObjects(document.RootElement, labels);
                    return labels;
                }
            }
        }
        if (Value(root, "event_tags") is { } tags)
        {
            foreach (var tag in tags.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                LabelMaps.AddTag(labels, tag);
            }
        }
        return labels;
    }

    private static JsonDocument ParseEmbedded(string text)
    {
        try
        {
            return JsonAlertParser.ParseDocument(System.Text.Encoding.UTF8.GetBytes(text));
        }
        catch (AlertParseException ex)
        {
            throw AlertParseException.Shape("$.event_tagsjson", $"not a JSON array of tags: {ex.Message}");
        }
    }

    private static void AddTagObjects(JsonElement array, Dictionary<string, string> labels)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var tag = JsonRead.Item(item, "$.event_tagsjson", index);
            var path = $"$.event_tagsjson[{index++}]";
            if (JsonRead.Str(tag, "tag", path) is { Length: > 0 } name)
            {
                labels.TryAdd(name, JsonRead.Str(tag, "value", path) ?? "");
            }
        }
    }

    /// <summary>{EVENT.DATE} "yyyy.MM.dd" and {EVENT.TIME} "HH:mm:ss" (Zabbix server time, read as UTC).</summary>
    private static DateTimeOffset? DateAndTime(JsonElement root, string dateName, string timeName)
    {
        var date = Value(root, dateName);
        var time = Value(root, timeName);
        return date is null ? null : JsonRead.ParseTime(time is null ? date : $"{date} {time}", $"$.{dateName}");
    }

    private static string? Url(string? zabbixUrl, string? triggerId, string eventId) =>
        zabbixUrl is null || triggerId is null
            ? null
            : $"{zabbixUrl.TrimEnd('/')}/tr_events.php?triggerid={Uri.EscapeDataString(triggerId)}&eventid={Uri.EscapeDataString(eventId)}";
}
