using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// ServiceNow incident records as an outbound REST message / business rule sends them: the record itself, or wrapped
/// like the Table API (<c>{"result": record}</c> or <c>{"result": [records]}</c>). Reference fields may be plain
/// strings or {display_value, value, link} objects (sysparm_display_value=all).
/// </summary>
public sealed class ServiceNowParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("servicenow", time, ids)
{
    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "a ServiceNow incident record");
        if (!root.TryGetProperty("result", out var result))
        {
            ReadRecord(root, "$", output);
            return;
        }
        switch (result.ValueKind)
        {
            case JsonValueKind.Object:
                ReadRecord(result, "$.result", output);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in result.EnumerateArray())
                {
                    ReadRecord(JsonRead.Item(item, "$.result", index), $"$.result[{index}]", output);
                    index++;
                }
                break;
            default:
                throw AlertParseException.Shape("$.result", $"expected a record or an array of records but found {JsonRead.Describe(result.ValueKind)}");
        }
    }

    private static void ReadRecord(JsonElement record, string path, AlertOutput output)
    {
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
        var host = Field(record, "cmdb_ci", path, display: true) ?? Field(record, "u_host", path, display: true);
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
            Service = Field(record, "business_service", path, display: true) ?? Field(record, "u_service", path, display: true),
            Environment = Field(record, "u_environment", path, display: false),
            Os = Field(record, "u_os", path, display: true) is { } os && OsRules.FromName(os) != OsFamily.Unknown ? OsRules.FromName(os) : null,
            Labels = labels,
            Annotations = annotations,
            StartedAt = Time(record, "opened_at", path) ?? Time(record, "sys_created_on", path),
            EndedAt = resolved ? resolvedAt : null,
            Url = Field(record, "u_url", path, display: true) ?? Field(record, "url", path, display: true),
        });
    }

    /// <summary>A field that is either a plain value or a {display_value, value, link} object.</summary>
    private static string? Field(JsonElement record, string name, string path, bool display)
    {
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
