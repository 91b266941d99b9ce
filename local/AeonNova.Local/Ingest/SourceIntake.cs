using System.Text;
using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Mapping;
using AeonNova.Core.Auth;
using AeonNova.Core.Ports;
using AeonNova.Local.Config;

namespace AeonNova.Local.Ingest;

/// <summary>
/// The alert sources as the local host configures them: the built-in parsers plus generic mappings, and per
/// source webhook authentication (<see cref="WebhookAuthenticator"/>). A source disabled in config is unknown (404).
/// </summary>
public sealed class SourceIntake : IAlertIntake
{
    private readonly AlertParserRegistry parsers;
    private readonly Dictionary<string, WebhookAuthenticator> authenticators = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> disabled = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider clock;

    public SourceIntake(AeonNovaOptions options, TimeProvider clock, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.clock = clock;
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
        parsers = new AlertParserRegistry(clock, null, mappings);
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
    }

    public IReadOnlyCollection<string> Sources => parsers.Sources.Where(s => !disabled.Contains(s)).ToArray();

    public bool IsKnownSource(string source) => !disabled.Contains(source) && parsers.IsKnownSource(source);

    public WebhookCheck Authenticate(string source, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body)
    {
        if (!authenticators.TryGetValue(source, out var authenticator))
        {
            return WebhookCheck.Passed;
        }
        var result = authenticator.Authenticate(new WebhookRequest(headers, body.ToArray(), clock.GetUtcNow()));
        return result.IsOk ? WebhookCheck.Passed : new WebhookCheck(false, result.Reason);
    }

    public IReadOnlyList<CanonicalAlert> Parse(string source, string body, DateTimeOffset receivedAt)
    {
        try
        {
            return parsers.Parse(source, Encoding.UTF8.GetBytes(body)).Select(a => a with { ReceivedAt = receivedAt }).ToList();
        }
        catch (AlertParseException ex)
        {
            throw new AlertPayloadException(ex.Message, ex);
        }
    }

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
