using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Mapping;
using AeonNova.Core.Auth;
using AeonNova.Core.Ports;
using AeonNova.Core.Redaction;
using AeonNova.Core.Workflow;
using AeonNova.Local.Config;

namespace AeonNova.Local.Ingest;

/// <summary>
/// The alert sources as aeonnova.json configures them: built-in parsers plus generic mappings, one webhook
/// authenticator per source (a known source that is not listed authenticates as "none", fine on loopback),
/// and sources disabled in config answer 404.
/// </summary>
public sealed class SourceIntake : IAlertIntake
{
    private readonly AlertParserRegistry parsers;
    private readonly AlertSources sources;
    private readonly HashSet<string> disabled = new(StringComparer.OrdinalIgnoreCase);

    public SourceIntake(AeonNovaOptions options, TimeProvider clock, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        GenericMappingSet? mappings = null;
        if (options.MappingFile.Length > 0)
        {
            var path = Path.IsPathRooted(options.MappingFile) ? options.MappingFile : Path.Combine(configDirectory, options.MappingFile);
            try
            {
                mappings = GenericMappingSet.Load(File.ReadAllBytes(path));
            }
            catch (Exception ex) when (ex is AlertMappingException or IOException)
            {
                throw new ConfigException($"mappingFile {path}: {ex.Message}");
            }
        }
        try
        {
            Redactor = new AlertRedactor(options.Redaction.ExtraPatterns);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException($"redaction.extraPatterns: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
        parsers = new AlertParserRegistry(clock, null, mappings);
        var authenticators = new Dictionary<string, WebhookAuthenticator>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in parsers.Sources)
        {
            authenticators[name] = new WebhookAuthenticator(new WebhookAuthOptions { Kind = WebhookAuthKind.None });
        }
        foreach (var (name, source) in options.Sources)
        {
            if (!source.Enabled)
            {
                disabled.Add(name);
                continue;
            }
            try
            {
                authenticators[name] = new WebhookAuthenticator(ToAuthOptions(source));
            }
            catch (ArgumentException ex)
            {
                throw new ConfigException($"sources.{name}: {ex.Message}");
            }
        }
        sources = new AlertSources(parsers, authenticators, clock, Redactor);
    }

    /// <summary>The shared catalogue plus <c>redaction.extraPatterns</c> (also applied to dead letters).</summary>
    public AlertRedactor Redactor { get; }

    public IReadOnlyCollection<string> Sources => parsers.Sources.Where(s => !disabled.Contains(s)).ToArray();

    public bool IsKnownSource(string source) => !disabled.Contains(source) && sources.IsKnownSource(source);

    public WebhookCheck Authenticate(string source, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body) =>
        sources.Authenticate(source, headers, body);

    /// <summary>Parsed alerts with secrets redacted by <see cref="AlertSources"/> (docs/security.md): what is stored is already clean.</summary>
    public IReadOnlyList<CanonicalAlert> Parse(string source, string body, DateTimeOffset receivedAt) =>
        sources.Parse(source, body, receivedAt);

    public AlertParseResult ParseEvents(string source, string body, DateTimeOffset receivedAt) =>
        sources.ParseEvents(source, body, receivedAt);

    private static WebhookAuthOptions ToAuthOptions(SourceOptions source) => new()
    {
        Kind = source.Auth switch
        {
            "bearer" => WebhookAuthKind.Bearer,
            "basic" => WebhookAuthKind.Basic,
            "header" => WebhookAuthKind.SharedSecretHeader,
            "pagerduty" => WebhookAuthKind.PagerDutySignature,
            "grafana" => WebhookAuthKind.GrafanaSignature,
            _ => WebhookAuthKind.None,
        },
        Secrets = source.Secrets,
        Username = source.User.Length > 0 ? source.User : null,
        Header = source.Header.Length > 0 ? source.Header : null,
        TimestampHeader = source.TimestampHeader.Length > 0 ? source.TimestampHeader : null,
    };
}
