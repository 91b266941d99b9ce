using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// ServiceNow incident records as an outbound REST message / business rule sends them: the record itself, wrapped
/// like the Table API (<c>{"result": record}</c> or <c>{"result": [records]}</c>) or like the JSONv2 processor
/// (<c>{"records": [records]}</c>). Reference fields may be plain strings, {display_value, value, link} objects
/// (sysparm_display_value=all) or a value with a <c>dv_</c>-prefixed display twin (JSONv2 displayvalue=all); host
/// and service prefer the display value, and a bare 32-hex sys_id is never taken as a host or service name.
/// </summary>
public sealed partial class ServiceNowParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("servicenow", time, ids)
{
    /// <summary>sys_class_name: incidents are alerts; records of other tables a rule may forward are informational.</summary>
    public static EventTable Tables { get; } = EventTable.Of("$.sys_class_name",
        EventClass.Info("not an incident record"),
        (["incident"], EventClass.Trigger),
        (["change_request", "change_task"], EventClass.Info("a change record, not an incident")),
        (["problem", "problem_task"], EventClass.Info("a problem record, not an incident")),
        (["sc_task", "sc_req_item", "sc_request"], EventClass.Info("a service catalog record, not an incident")));

    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "a ServiceNow incident record");
        var wrapper = root.TryGetProperty("result", out var result) ? "result" : root.TryGetProperty("records", out result) ? "records" : null;
        if (wrapper is null)
        {
            ReadRecord(root, "$", output);
            return;
        }
        var wrapperPath = $"$.{wrapper}";
        switch (result.ValueKind)
        {
            case JsonValueKind.Object:
                ReadRecord(result, wrapperPath, output);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in result.EnumerateArray())
                {
                    ReadRecord(JsonRead.Item(item, wrapperPath, index), $"{wrapperPath}[{index}]", output);
                    index++;
                }
                if (index == 0)
                {
                    output.AddInformational(wrapper, "no records in the body");
                }
                break;
            default:
                throw AlertParseException.Shape(wrapperPath, $"expected a record or an array of records but found {JsonRead.Describe(result.ValueKind)}");
        }
    }

    private static void ReadRecord(JsonElement record, string path, AlertOutput output)
    {
        var table = Field(record, "sys_class_name", path, display: false);
        if (table is not null && Tables.Classify(table) is { IsInformational: true } notIncident)
        {
            output.AddInformational(table, notIncident.Reason, Field(record, "number", path, display: true) ?? Field(record, "sys_id", path, display: false));
            return;
        }
        var sysId = Field(record, "sys_id", path, display: false);
        var number = Field(record, "number", path, display: true);
        if (string.IsNullOrWhiteSpace(sysId) && string.IsNullOrWhiteSpace(number))
        {
            throw AlertParseException.Shape($"{path}.sys_id", "missing; an incident record needs sys_id or number");
        }
        var state = Field(record, "state", path, display: false) ?? Field(record, "incident_state", path, display: false);
        var stateDisplay = Field(record, "state", path, display: true) ?? Field(record, "incident_state", path, display: true);
        var resolved = IsResolved(state) || IsResolved(stateDisplay);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in (string[])["category", "subcategory", "assignment_group", "cmdb_ci", "business_service", "impact", "urgency", "priority", "severity", "u_environment", "u_os", "location", "company"])
        {
            LabelMaps.AddIfPresent(labels, name, Field(record, name, path, display: true));
        }
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        LabelMaps.AddIfPresent(annotations, "number", number);
        LabelMaps.AddIfPresent(annotations, "state", stateDisplay ?? state);
        LabelMaps.AddIfPresent(annotations, "close_notes", Field(record, "close_notes", path, display: true));
        LabelMaps.AddIfPresent(annotations, "work_notes", Field(record, "work_notes", path, display: true));
        var host = Name(Field(record, "cmdb_ci", path, display: true)) ?? Name(Field(record, "u_host", path, display: true));
        var resolvedAt = Time(record, "resolved_at", path) ?? Time(record, "closed_at", path);
        output.Add(new AlertDraft
        {
            SourceId = number ?? sysId,
            // Recipe: sys_id (stable for the record's whole life), else the incident number.
            Fingerprint = Fingerprints.Compute("servicenow", string.IsNullOrWhiteSpace(sysId) ? number : sysId),
            Status = resolved ? AlertStatus.Resolved : AlertStatus.Firing,
            Severity = Severity(Field(record, "priority", path, display: true), Field(record, "severity", path, display: true),
                Field(record, "impact", path, display: true)),
            Title = Field(record, "short_description", path, display: true) ?? number,
            Description = Field(record, "description", path, display: true) ?? "",
            Host = host,
            Service = Name(Field(record, "business_service", path, display: true)) ?? Name(Field(record, "u_service", path, display: true)),
            Environment = Field(record, "u_environment", path, display: false),
            Os = Field(record, "u_os", path, display: true) is { } os && OsRules.FromName(os) != OsFamily.Unknown ? OsRules.FromName(os) : null,
            Labels = labels,
            Annotations = annotations,
            StartedAt = Time(record, "opened_at", path) ?? Time(record, "sys_created_on", path),
            EndedAt = resolved ? resolvedAt : null,
            Url = Field(record, "u_url", path, display: true) ?? Field(record, "url", path, display: true),
        });
    }

    /// <summary>A reference that only carries a sys_id (no display value was sent) names nothing a human or a host knows.</summary>
    private static string? Name(string? value) => value is null || SysId().IsMatch(value) ? null : value;

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{32}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SysId();

    /// <summary>A field that is a plain value, a {display_value, value, link} object, or a value with a dv_ display twin.</summary>
    private static string? Field(JsonElement record, string name, string path, bool display)
    {
        if (display && record.TryGetProperty("dv_" + name, out var displayTwin)
            && JsonRead.Text(displayTwin, JsonRead.Join(path, "dv_" + name)) is { } twin && !string.IsNullOrWhiteSpace(twin))
        {
            return twin;
        }
        if (!record.TryGetProperty(name, out var value))
        {
            return null;
        }
        string? text;
        if (value.ValueKind == JsonValueKind.Object)
        {
            var fieldPath = JsonRead.Join(path, name);
            text = display
                ? JsonRead.Str(value, "display_value", fieldPath) ?? JsonRead.Str(value, "value", fieldPath)
                : JsonRead.Str(value, "value", fieldPath) ?? JsonRead.Str(value, "display_value", fieldPath);
        }
        else
        {
            text = JsonRead.Text(value, JsonRead.Join(path, name));
        }
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static DateTimeOffset? Time(JsonElement record, string name, string path) =>
        JsonRead.ParseTime(Field(record, name, path, display: false), JsonRead.Join(path, name));

    /// <summary>Incident states 6 Resolved, 7 Closed, 8 Canceled (numbers or their labels).</summary>
    private static bool IsResolved(string? state) =>
        state is not null && (state.Trim() is "6" or "7" or "8" || (StatusRules.TryMap(state, out var status) && status == AlertStatus.Resolved));

    /// <summary>
    /// priority "1 - Critical".."5 - Planning" first, then severity "1 - High".."3 - Low", then impact "1 - High".."3 - Low";
    /// bare numbers follow the same scales.
    /// </summary>
    private static AlertSeverity Severity(string? priority, string? severity, string? impact)
    {
        if (Level(priority) is { } p)
        {
            return p switch
            {
                '1' => AlertSeverity.Critical,
                '2' => AlertSeverity.High,
                '3' => AlertSeverity.Medium,
                '4' => AlertSeverity.Low,
                _ => AlertSeverity.Info,
            };
        }
        foreach (var scale in (ReadOnlySpan<string?>)[severity, impact])
        {
            if (Level(scale) is { } s)
            {
                return s switch
                {
                    '1' => AlertSeverity.High,
                    '2' => AlertSeverity.Medium,
                    _ => AlertSeverity.Low,
                };
            }
        }
        return SeverityRules.First(WordOf(priority), WordOf(severity), WordOf(impact));
    }

    private static char? Level(string? value)
    {
        var text = value?.TrimStart();
        return text is { Length: > 0 } && text[0] is >= '1' and <= '5' && (text.Length == 1 || !char.IsAsciiDigit(text[1])) ? text[0] : null;
    }

    private static string? WordOf(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        return dash >= 0 ? value[(dash + 1)..].Trim() : value.Trim();
    }
}
