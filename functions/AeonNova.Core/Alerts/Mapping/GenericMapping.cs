using System.Text.Json;

namespace AeonNova.Core.Alerts.Mapping;

/// <summary>One source of a mapping file: where the alerts are, where each canonical field comes from, value maps.</summary>
public sealed record GenericMapping
{
    /// <summary>Canonical fields a mapping may fill (labels/annotations take an object or an array of "k:v" strings).</summary>
    public static readonly IReadOnlyList<string> FieldNames =
    [
        "sourceId", "title", "description", "severity", "status", "host", "service", "environment", "os",
        "startedAt", "endedAt", "url", "labels", "annotations",
    ];

    public required string Name { get; init; }
    /// <summary>Path to an array of alerts (or one alert object); null means the body is one alert.</summary>
    public MappingPath? Alerts { get; init; }
    public required IReadOnlyDictionary<string, MappingPath> Fields { get; init; }
    /// <summary>Paths whose values identify the alert; empty means sourceId, else title + host.</summary>
    public IReadOnlyList<MappingPath> Fingerprint { get; init; } = [];
    public IReadOnlyDictionary<string, AlertSeverity> SeverityMap { get; init; } = new Dictionary<string, AlertSeverity>();
    public IReadOnlyDictionary<string, AlertStatus> StatusMap { get; init; } = new Dictionary<string, AlertStatus>();
    /// <summary>Source status values the statusMap maps to "informational": accepted and recorded, never an alert.</summary>
    public IReadOnlySet<string> InformationalStatuses { get; init; } = new HashSet<string>();
}

/// <summary>A loaded mapping file: <c>{"sources": {"name": {alerts, fields, fingerprint, severityMap, statusMap}}}</c>.</summary>
public sealed class GenericMappingSet
{
    private GenericMappingSet(IReadOnlyList<GenericMapping> mappings) => Mappings = mappings;

    public IReadOnlyList<GenericMapping> Mappings { get; }

    /// <summary>Reads and checks a mapping file; every problem is an <see cref="AlertMappingException"/> naming the path.</summary>
    public static GenericMappingSet Load(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new AlertMappingException($"malformed JSON at line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sources", out var sources) || sources.ValueKind != JsonValueKind.Object)
            {
                throw new AlertMappingException("$.sources: missing; a mapping file is {\"sources\": {\"<name>\": {…}}}");
            }
            var mappings = new List<GenericMapping>();
            foreach (var source in sources.EnumerateObject())
            {
                mappings.Add(ReadMapping(source.Name, source.Value));
            }
            if (mappings.Count == 0)
            {
                throw new AlertMappingException("$.sources: defines no source");
            }
            return new GenericMappingSet(mappings);
        }
    }

    private static GenericMapping ReadMapping(string name, JsonElement element)
    {
        var where = $"$.sources.{name}";
        if (name.Length == 0 || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new AlertMappingException($"{where}: source names use letters, digits, '-' and '_' (at most 64)");
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new AlertMappingException($"{where}: expected an object");
        }
        MappingPath? alerts = null;
        if (element.TryGetProperty("alerts", out var alertsElement))
        {
            alerts = MappingPath.Parse(StringOf(alertsElement, $"{where}.alerts"), $"{where}.alerts");
        }
        if (!element.TryGetProperty("fields", out var fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Object)
        {
            throw new AlertMappingException($"{where}.fields: missing; map canonical fields to JSON paths");
        }
        var fields = new Dictionary<string, MappingPath>(StringComparer.Ordinal);
        foreach (var field in fieldsElement.EnumerateObject())
        {
            if (!GenericMapping.FieldNames.Contains(field.Name))
            {
                throw new AlertMappingException($"{where}.fields.{field.Name}: not a canonical field; use one of {string.Join(", ", GenericMapping.FieldNames)}");
            }
            fields[field.Name] = MappingPath.Parse(StringOf(field.Value, $"{where}.fields.{field.Name}"), $"{where}.fields.{field.Name}");
        }
        if (!fields.ContainsKey("title"))
        {
            throw new AlertMappingException($"{where}.fields.title: missing; every mapping needs a title path");
        }
        var fingerprint = new List<MappingPath>();
        if (element.TryGetProperty("fingerprint", out var fingerprintElement))
        {
            if (fingerprintElement.ValueKind != JsonValueKind.Array)
            {
                throw new AlertMappingException($"{where}.fingerprint: expected an array of JSON paths");
            }
            var i = 0;
            foreach (var item in fingerprintElement.EnumerateArray())
            {
                var at = $"{where}.fingerprint[{i++}]";
                fingerprint.Add(MappingPath.Parse(StringOf(item, at), at));
            }
        }
        // "informational" is kept as a null status: such events are recorded, never alerts.
        var statusMap = ReadValueMap<StatusChoice>(element, "statusMap", where, v => v switch
        {
            "firing" => new StatusChoice(AlertStatus.Firing),
            "resolved" => new StatusChoice(AlertStatus.Resolved),
            "insufficient_data" => new StatusChoice(AlertStatus.InsufficientData),
            "informational" => new StatusChoice(null),
            _ => (StatusChoice?)null,
        }, "firing, resolved, insufficient_data or informational");
        return new GenericMapping
        {
            Name = name,
            Alerts = alerts,
            Fields = fields,
            Fingerprint = fingerprint,
            SeverityMap = ReadValueMap<AlertSeverity>(element, "severityMap", where, v => SeverityRules.TryMap(v, out var s) ? s : null,
                "critical, high, medium, low or info"),
            StatusMap = statusMap.Where(p => p.Value.Value is not null).ToDictionary(p => p.Key, p => p.Value.Value!.Value, StringComparer.OrdinalIgnoreCase),
            InformationalStatuses = statusMap.Where(p => p.Value.Value is null).Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase),
        };
    }

    private static Dictionary<string, T> ReadValueMap<T>(JsonElement element, string name, string where, Func<string, T?> map, string allowed)
        where T : struct
    {
        var result = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        if (!element.TryGetProperty(name, out var mapElement))
        {
            return result;
        }
        if (mapElement.ValueKind != JsonValueKind.Object)
        {
            throw new AlertMappingException($"{where}.{name}: expected an object of source value → canonical value");
        }
        foreach (var entry in mapElement.EnumerateObject())
        {
            var value = StringOf(entry.Value, $"{where}.{name}.{entry.Name}");
            result[entry.Name] = map(value) ?? throw new AlertMappingException($"{where}.{name}.{entry.Name}: '{value}' is not {allowed}");
        }
        return result;
    }

    private readonly record struct StatusChoice(AlertStatus? Value);

    private static string StringOf(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new AlertMappingException($"{where}: expected a string");
}
