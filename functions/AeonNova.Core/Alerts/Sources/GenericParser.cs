using System.Text.Json;
using AeonNova.Core.Alerts.Mapping;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>A source described by a mapping file instead of code (SuperOps, in-house tools): paths per canonical field.</summary>
public sealed class GenericParser : JsonAlertParser
{
    private readonly GenericMapping _mapping;

    public GenericParser(GenericMapping mapping, TimeProvider time, IAlertIdGenerator ids)
        : base(mapping?.Name ?? throw new ArgumentNullException(nameof(mapping)), time, ids) => _mapping = mapping;

    protected override void Read(JsonElement root, AlertOutput output)
    {
        if (_mapping.Alerts is null)
        {
            ReadAlert(JsonRead.RootObject(root, $"a '{Source}' alert"), "$", output);
            return;
        }
        var alerts = _mapping.Alerts.Evaluate(root)
            ?? throw AlertParseException.Shape(_mapping.Alerts.Text, $"missing; the '{Source}' mapping reads its alerts from here");
        if (alerts.ValueKind == JsonValueKind.Object)
        {
            ReadAlert(alerts, _mapping.Alerts.Text, output);
            return;
        }
        if (alerts.ValueKind != JsonValueKind.Array)
        {
            throw AlertParseException.Shape(_mapping.Alerts.Text, $"expected an array of alerts but found {JsonRead.Describe(alerts.ValueKind)}");
        }
        var index = 0;
        foreach (var item in alerts.EnumerateArray())
        {
            ReadAlert(JsonRead.Item(item, _mapping.Alerts.Text, index), $"{_mapping.Alerts.Text}[{index}]", output);
            index++;
        }
    }

    private void ReadAlert(JsonElement alert, string path, AlertOutput output)
    {
        var title = Text(alert, "title", path);
        if (string.IsNullOrWhiteSpace(title))
        {
            throw AlertParseException.Shape(Where("title", path), $"missing; the '{Source}' mapping takes the title from here");
        }
        var labels = Map(alert, "labels", path);
        var annotations = Map(alert, "annotations", path);
        var sourceId = Text(alert, "sourceId", path);
        var host = Text(alert, "host", path) ?? HostRules.FromLabels(labels);
        var severityWord = Text(alert, "severity", path);
        var statusWord = Text(alert, "status", path);
        if (statusWord is not null && _mapping.InformationalStatuses.Contains(statusWord.Trim()))
        {
            output.AddInformational(statusWord.Trim(), $"status mapped to informational by the '{Source}' mapping", Text(alert, "sourceId", path));
            return;
        }
        var osName = Text(alert, "os", path);
        output.Add(new AlertDraft
        {
            SourceId = sourceId,
            Fingerprint = Fingerprint(alert, path, sourceId, title, host),
            Status = Status(statusWord, path),
            Severity = severityWord is not null && _mapping.SeverityMap.TryGetValue(severityWord.Trim(), out var mapped)
                ? mapped
                : SeverityRules.Map(severityWord),
            Title = title,
            Description = Text(alert, "description", path) ?? "",
            Host = host,
            Service = Text(alert, "service", path),
            Environment = Text(alert, "environment", path),
            Os = OsRules.FromName(osName) is var os && os != OsFamily.Unknown ? os : null,
            Labels = labels,
            Annotations = annotations,
            StartedAt = Time(alert, "startedAt", path),
            EndedAt = Time(alert, "endedAt", path),
            Url = Text(alert, "url", path),
        });
    }

    /// <summary>Recipe: the mapping's fingerprint paths; without them sourceId, else title + host.</summary>
    private string Fingerprint(JsonElement alert, string path, string? sourceId, string title, string? host)
    {
        if (_mapping.Fingerprint.Count == 0)
        {
            return sourceId is not null
                ? Fingerprints.Compute(Source, "id", sourceId)
                : Fingerprints.Compute(Source, "title", title, HostRules.Normalize(host));
        }
        var parts = new string?[_mapping.Fingerprint.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var value = _mapping.Fingerprint[i].Evaluate(alert);
            parts[i] = value is null ? null : JsonRead.Text(value.Value, $"{path}:{_mapping.Fingerprint[i].Text}");
        }
        return Fingerprints.Compute(Source, parts);
    }

    private AlertStatus Status(string? word, string path)
    {
        if (word is null)
        {
            return AlertStatus.Firing;
        }
        if (_mapping.StatusMap.TryGetValue(word.Trim(), out var mapped) || StatusRules.TryMap(word, out mapped))
        {
            return mapped;
        }
        throw AlertParseException.Shape(Where("status", path),
            $"'{JsonRead.Excerpt(word)}' is not a known status; add it to statusMap of the '{Source}' mapping");
    }

    private string? Text(JsonElement alert, string field, string path)
    {
        if (!_mapping.Fields.TryGetValue(field, out var mappingPath) || mappingPath.Evaluate(alert) is not { } value)
        {
            return null;
        }
        var text = JsonRead.Text(value, Where(field, path));
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private DateTimeOffset? Time(JsonElement alert, string field, string path)
    {
        if (!_mapping.Fields.TryGetValue(field, out var mappingPath) || mappingPath.Evaluate(alert) is not { } value)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var epoch)
            ? JsonRead.ParseTime(epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), Where(field, path))
            : JsonRead.ParseTime(JsonRead.Text(value, Where(field, path)), Where(field, path));
    }

    /// <summary>Labels / annotations from an object, or from an array of "key:value" strings.</summary>
    private Dictionary<string, string> Map(JsonElement alert, string field, string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!_mapping.Fields.TryGetValue(field, out var mappingPath) || mappingPath.Evaluate(alert) is not { } value)
        {
            return map;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return JsonRead.MapOf(value, Where(field, path));
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    LabelMaps.AddTag(map, JsonRead.Text(item, $"{Where(field, path)}[{index++}]"));
                }
                return map;
            default:
                throw AlertParseException.Shape(Where(field, path), $"expected an object or an array of \"key:value\" strings but found {JsonRead.Describe(value.ValueKind)}");
        }
    }

    private string Where(string field, string path) =>
        _mapping.Fields.TryGetValue(field, out var mappingPath) ? $"{path} {mappingPath.Text} ({field})" : $"{path} ({field})";
}
