using AeonNova.Core.Alerts.Mapping;
using AeonNova.Core.Alerts.Sources;

namespace AeonNova.Core.Alerts;

/// <summary>
/// All parsers by source name: the eight built-in sources plus one per mapping of a generic mapping file.
/// "generic" names the single mapping when the file defines exactly one.
/// </summary>
public sealed class AlertParserRegistry
{
    public const string GenericSource = "generic";

    private readonly Dictionary<string, IAlertParser> _parsers = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _genericProblem;

    public AlertParserRegistry(TimeProvider time, IAlertIdGenerator? ids = null, GenericMappingSet? mappings = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ids ??= new UuidV7AlertIdGenerator(time);
        IAlertParser[] builtIn =
        [
            new AlertmanagerParser(time, ids),
            new GrafanaParser(time, ids),
            new DatadogParser(time, ids),
            new CloudWatchParser(time, ids),
            new PagerDutyParser(time, ids),
            new OpsgenieParser(time, ids),
            new ServiceNowParser(time, ids),
            new ZabbixParser(time, ids),
        ];
        foreach (var parser in builtIn)
        {
            _parsers.Add(parser.Source, parser);
        }
        var mapped = mappings?.Mappings ?? [];
        foreach (var mapping in mapped)
        {
            if (_parsers.ContainsKey(mapping.Name) || string.Equals(mapping.Name, GenericSource, StringComparison.OrdinalIgnoreCase))
            {
                throw new AlertMappingException($"sources.{mapping.Name}: the name is taken by a built-in source; choose another name");
            }
            _parsers.Add(mapping.Name, new GenericParser(mapping, time, ids));
        }
        if (mapped.Count == 1)
        {
            _parsers.Add(GenericSource, _parsers[mapped[0].Name]);
        }
        else
        {
            _genericProblem = mapped.Count == 0
                ? "source 'generic' needs a mapping file (--mapping FILE, see docs/alert-sources.md)"
                : $"the mapping file defines several sources ({string.Join(", ", mapped.Select(m => m.Name))}); name one of them as the source instead of 'generic'";
        }
        Sources = _parsers.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyCollection<string> Sources { get; }

    public bool IsKnownSource(string source) => source is not null && _parsers.ContainsKey(source);

    /// <summary>The parser for a source, or an UnknownSource <see cref="AlertParseException"/>.</summary>
    public IAlertParser Get(string source)
    {
        if (source is not null && _parsers.TryGetValue(source, out var parser))
        {
            return parser;
        }
        if (_genericProblem is not null && string.Equals(source, GenericSource, StringComparison.OrdinalIgnoreCase))
        {
            throw new AlertParseException(AlertParseErrorKind.UnknownSource, _genericProblem);
        }
        throw new AlertParseException(AlertParseErrorKind.UnknownSource,
            $"unknown source '{JsonRead.Excerpt(source ?? "")}'; known sources: {string.Join(", ", Sources)}");
    }

    public IReadOnlyList<CanonicalAlert> Parse(string source, ReadOnlySpan<byte> utf8Body) => Get(source).Parse(utf8Body);

    /// <summary>Alerts and informational events of one body (see <see cref="AlertEventKind"/>).</summary>
    public AlertParseResult ParseEvents(string source, ReadOnlySpan<byte> utf8Body) => Get(source).ParseEvents(utf8Body);
}
