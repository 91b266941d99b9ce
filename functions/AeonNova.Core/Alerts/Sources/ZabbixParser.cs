using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// Zabbix webhook media type: a flat object whose parameters are filled from macros ({EVENT.ID}, {EVENT.NAME},
/// {EVENT.SEVERITY}, {EVENT.STATUS}, {EVENT.VALUE}, {EVENT.TAGS}/{EVENT.TAGSJSON}, {HOST.NAME}, {TRIGGER.ID}, …).
/// A macro Zabbix could not resolve arrives literally ("{EVENT.RECOVERY.DATE}") and counts as missing.
/// </summary>
public sealed class ZabbixParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("zabbix", time, ids)
{
    /// <summary>
    /// Parameter names per meaning, ours first, then those of published Zabbix webhook integrations (Zabbix's own
    /// templates/media, Alertmanager/Grafana-style bridges, community media types). The first present name wins.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Names = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["eventId"] = ["event_id", "eventid", "event.id", "problem_id", "eventId"],
        ["name"] = ["event_name", "alert_subject", "trigger_name", "trigger", "problem", "subject", "name", "title"],
        ["host"] = ["host_name", "hostname", "host", "host_host", "host.name", "host_ip"],
        ["hostIp"] = ["host_ip", "hostip", "host.ip", "ip"],
        ["nseverity"] = ["event_nseverity", "nseverity", "trigger_nseverity"],
        ["severity"] = ["event_severity", "severity", "trigger_severity", "priority"],
        ["value"] = ["event_value", "value", "trigger_value"],
        ["status"] = ["event_status", "status", "trigger_status"],
        ["triggerId"] = ["trigger_id", "triggerid", "trigger.id"],
        ["message"] = ["alert_message", "message", "trigger_description", "description", "event_opdata"],
        ["tags"] = ["event_tagsjson", "event_tags", "tags"],
        ["url"] = ["event_url", "url", "trigger_url"],
        ["zabbixUrl"] = ["zabbix_url", "zabbixurl"],
        ["date"] = ["event_date", "date"],
        ["time"] = ["event_time", "time"],
        ["source"] = ["event_source", "source"],
        ["updateStatus"] = ["event_update_status", "update_status"],
        ["updateAction"] = ["event_update_action", "update_action"],
        ["recoveryId"] = ["event_recovery_id", "recovery_id"],
        ["itemName"] = ["item_name", "item.name"],
        ["itemKey"] = ["item_key", "item.key"],
        ["itemValue"] = ["item_value", "item_lastvalue", "item.value", "item.lastvalue"],
    };

    /// <summary>{EVENT.SOURCE}: only trigger events (0) are problems; discovery, autoregistration and internal events are not.</summary>
    public static EventTable Sources { get; } = EventTable.Of("$.event_source",
        EventClass.Info("not a trigger event"),
        (["0"], EventClass.Trigger),
        (["1"], EventClass.Info("a network discovery event")),
        (["2"], EventClass.Info("an active agent autoregistration event")),
        (["3"], EventClass.Info("an internal event (item or trigger became unsupported)")),
        (["4"], EventClass.Info("a service status event")));

    /// <summary>
    /// {EVENT.UPDATE.ACTION} words of an update message ({EVENT.UPDATE.STATUS} = 1): acknowledge and severity changes
    /// update the alert; a comment, suppression or manual close request alone is informational (a manual close is
    /// followed by its own recovery message).
    /// </summary>
    public static EventTable UpdateActions { get; } = EventTable.Of("$.event_update_action",
        EventClass.Info("a problem update (comment, suppression or close request)"),
        (["acknowledged", "unacknowledged", "changed severity"], EventClass.Update));

    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "a Zabbix webhook media type payload");
        var eventId = Param(root, "eventId");
        var eventName = Param(root, "name");
        if (eventId is null)
        {
            throw AlertParseException.Shape("$.event_id", "missing; the Zabbix media type must send event_id ({EVENT.ID}; eventid is accepted too)");
        }
        if (Param(root, "source") is { } eventSource && Sources.Classify(eventSource) is { IsInformational: true } notTrigger)
        {
            output.AddInformational($"event_source {eventSource}", notTrigger.Reason, eventId);
            return;
        }
        var updateAction = Param(root, "updateAction");
        var isUpdate = Param(root, "updateStatus") == "1";
        if (isUpdate && UpdateKind(updateAction) is { IsInformational: true } info)
        {
            output.AddInformational(updateAction ?? "update", info.Reason, eventId);
            return;
        }
        if (eventName is null)
        {
            throw AlertParseException.Shape("$.event_name", "missing; the Zabbix media type must send event_name ({EVENT.NAME}; trigger_name, trigger or subject are accepted too)");
        }
        var host = Param(root, "host");
        var triggerId = Param(root, "triggerId");
        var labels = Tags(root);
        LabelMaps.AddIfPresent(labels, "host_ip", Param(root, "hostIp"));
        LabelMaps.AddIfPresent(labels, "trigger_id", triggerId);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        LabelMaps.AddIfPresent(annotations, "event_status", Param(root, "status"));
        LabelMaps.AddIfPresent(annotations, "event_update_status", Param(root, "updateStatus"));
        LabelMaps.AddIfPresent(annotations, "event_update_action", updateAction);
        LabelMaps.AddIfPresent(annotations, "event_opdata", Value(root, "event_opdata"));
        LabelMaps.AddIfPresent(annotations, "event_recovery_id", Param(root, "recoveryId"));
        LabelMaps.AddIfPresent(annotations, "item_name", Param(root, "itemName"));
        LabelMaps.AddIfPresent(annotations, "item_key", Param(root, "itemKey"));
        LabelMaps.AddIfPresent(annotations, "item_value", Param(root, "itemValue"));
        var resolved = IsResolved(Param(root, "value"), Param(root, "status"), Param(root, "recoveryId"));
        var url = Param(root, "url") ?? Url(Param(root, "zabbixUrl"), triggerId, eventId);
        output.Add(new AlertDraft
        {
            SourceId = eventId,
            // Recipe: trigger id + host (one trigger on one host), else the problem event id, which the recovery
            // message also carries as {EVENT.ID}.
            Fingerprint = triggerId is not null
                ? Fingerprints.Compute("zabbix", "trigger", triggerId, HostRules.Normalize(host))
                : Fingerprints.Compute("zabbix", "event", eventId),
            Status = resolved ? AlertStatus.Resolved : AlertStatus.Firing,
            Severity = Severity(Param(root, "nseverity"), Param(root, "severity")),
            Title = eventName,
            Description = Param(root, "message") ?? "",
            Host = host,
            Service = labels.GetValueOrDefault("service") ?? labels.GetValueOrDefault("component") ?? labels.GetValueOrDefault("Application"),
            Labels = labels,
            Annotations = annotations,
            StartedAt = DateAndTime(root, "date", "time"),
            EndedAt = resolved ? DateAndTime(root, "event_recovery_date", "event_recovery_time") : null,
            Url = url,
        });
    }

    private static EventClass UpdateKind(string? action)
    {
        if (action is not null)
        {
            foreach (var (word, kind) in UpdateActions.Entries)
            {
                // "acknowledged" must not match inside "unacknowledged" by accident; both map to Update anyway.
                if (action.Contains(word, StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }
        }
        return UpdateActions.Unknown;
    }

    /// <summary>The first present parameter among the names of one meaning (<see cref="Names"/>), or null.</summary>
    private static string? Param(JsonElement root, string meaning)
    {
        foreach (var name in Names[meaning])
        {
            if (Value(root, name) is { } value)
            {
                return value;
            }
        }
        return null;
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

    /// <summary>
    /// Tags from the first present of event_tagsjson, event_tags, tags: an array of {"tag","value"} objects or of
    /// "k:v" strings, that array as a JSON string ({EVENT.TAGSJSON}), or a "k:v, k2:v2" list ({EVENT.TAGS}).
    /// </summary>
    private static Dictionary<string, string> Tags(JsonElement root)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Names["tags"])
        {
            if (!root.TryGetProperty(name, out var tags) || tags.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            var path = $"$.{name}";
            if (tags.ValueKind == JsonValueKind.Array)
            {
                AddTagItems(tags, path, labels);
                return labels;
            }
            if (Value(root, name) is not { } text)
            {
                continue;
            }
            if (text.StartsWith('['))
            {
                using var document = ParseEmbedded(text, path);
                if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    AddTagItems(document.RootElement, path, labels);
                }
                return labels;
            }
            foreach (var tag in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                LabelMaps.AddTag(labels, tag);
            }
            return labels;
        }
        return labels;
    }

    private static JsonDocument ParseEmbedded(string text, string path)
    {
        try
        {
            return JsonAlertParser.ParseDocument(System.Text.Encoding.UTF8.GetBytes(text));
        }
        catch (AlertParseException ex)
        {
            throw AlertParseException.Shape(path, $"not a JSON array of tags: {ex.Message}");
        }
    }

    private static void AddTagItems(JsonElement array, string arrayPath, Dictionary<string, string> labels)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"{arrayPath}[{index}]";
            if (item.ValueKind == JsonValueKind.String)
            {
                LabelMaps.AddTag(labels, JsonRead.Text(item, path));
                index++;
                continue;
            }
            var tag = JsonRead.Item(item, arrayPath, index++);
            if (JsonRead.Str(tag, "tag", path) is { Length: > 0 } name)
            {
                labels.TryAdd(name, JsonRead.Str(tag, "value", path) ?? "");
            }
        }
    }

    /// <summary>{EVENT.DATE} "yyyy.MM.dd" and {EVENT.TIME} "HH:mm:ss" (Zabbix server time, read as UTC).</summary>
    private static DateTimeOffset? DateAndTime(JsonElement root, string dateName, string timeName)
    {
        var date = Names.ContainsKey(dateName) ? Param(root, dateName) : Value(root, dateName);
        var time = Names.ContainsKey(timeName) ? Param(root, timeName) : Value(root, timeName);
        return date is null ? null : JsonRead.ParseTime(time is null ? date : $"{date} {time}", $"$.{dateName}");
    }

    private static string? Url(string? zabbixUrl, string? triggerId, string eventId) =>
        zabbixUrl is null || triggerId is null
            ? null
            : $"{zabbixUrl.TrimEnd('/')}/tr_events.php?triggerid={Uri.EscapeDataString(triggerId)}&eventid={Uri.EscapeDataString(eventId)}";
}
