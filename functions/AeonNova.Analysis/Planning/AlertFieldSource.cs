using System.Text.RegularExpressions;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Planning;

/// <summary>
/// One entry of a parameter's <c>from:</c> list: a canonical-alert field, optionally followed by
/// <c>~ REGEX</c> whose group "value" (or group 1, or the whole match) is the extracted text.
/// Fields: alertname (labels.alertname, else title), title, description, host, service, environment,
/// source, labels.KEY, annotations.KEY; and two that know the shape of what they find:
/// <c>windows-service</c> (the short name of a well-known Windows service named in the service labels, title or
/// description, see <see cref="Intents.WindowsServiceCatalogue"/>) and <c>technology</c> (the systemd unit or
/// Windows service of the technology the alert is about, see <see cref="Intents.TechnologyRules"/>).
/// </summary>
public sealed class AlertFieldSource
{
    /// <summary>Extraction regexes run on untrusted text: bounded input and time.</summary>
    private const int MaxScannedChars = 4096;
    private static readonly string[] PlainFields = ["alertname", "title", "description", "host", "service", "environment", "source", "windows-service", "technology"];

    private AlertFieldSource(string field, string? key, Regex? regex, string text)
    {
        Field = field;
        Key = key;
        Regex = regex;
        Text = text;
    }

    public string Field { get; }
    public string? Key { get; }
    public Regex? Regex { get; }
    /// <summary>The entry as written in the runbook.</summary>
    public string Text { get; }

    /// <exception cref="FormatException">Unknown field or invalid regex, with the reason.</exception>
    public static AlertFieldSource Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tilde = text.IndexOf('~', StringComparison.Ordinal);
        var fieldPart = (tilde < 0 ? text : text[..tilde]).Trim();
        Regex? regex = null;
        if (tilde >= 0)
        {
            var pattern = text[(tilde + 1)..].Trim();
            try
            {
                regex = LinearRegex.Create(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"'{text}': invalid regular expression: {ex.Message}");
            }
        }
        var dot = fieldPart.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var field = fieldPart[..dot];
            var key = fieldPart[(dot + 1)..];
            if (field is not ("labels" or "annotations") || key.Length == 0)
            {
                throw new FormatException($"'{text}': use labels.KEY or annotations.KEY");
            }
            return new AlertFieldSource(field, key, regex, text);
        }
        if (!PlainFields.Contains(fieldPart))
        {
            throw new FormatException(
                $"'{text}': unknown alert field '{fieldPart}' (expected {string.Join(", ", PlainFields)}, labels.KEY or annotations.KEY)");
        }
        return new AlertFieldSource(fieldPart, null, regex, text);
    }

    /// <summary>The raw (unvalidated) value this source yields for the alert, or null.</summary>
    public string? Resolve(CanonicalAlert alert, Intents.AlertProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var raw = Field switch
        {
            "windows-service" => Intents.WindowsServiceCatalogue.FindIn(alert)?.Name,
            "technology" => profile?.TechnologyRule is { } tech
                ? (profile.Os == OsFamily.Windows ? tech.WindowsService : tech.LinuxUnit)
                : null,
            "alertname" => Lookup(alert.Labels, "alertname") ?? alert.Title,
            "title" => alert.Title,
            "description" => alert.Description,
            "host" => alert.Host,
            "service" => alert.Service,
            "environment" => alert.Environment,
            "source" => alert.Source,
            "labels" => Lookup(alert.Labels, Key!),
            "annotations" => Lookup(alert.Annotations, Key!),
            _ => null,
        };
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }
        if (Regex is null)
        {
            return raw.Trim();
        }
        if (raw.Length > MaxScannedChars)
        {
            raw = raw[..MaxScannedChars];
        }
        raw = AlertText.WithoutMarkup(raw);
        try
        {
            var m = Regex.Match(raw);
            if (!m.Success)
            {
                return null;
            }
            var group = m.Groups["value"];
            var value = group.Success ? group.Value : m.Groups.Count > 1 ? m.Groups[1].Value : m.Value;
            return value.Length == 0 ? null : value;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    internal static string? Lookup(IReadOnlyDictionary<string, string> map, string key)
    {
        if (map.TryGetValue(key, out var value))
        {
            return value;
        }
        foreach (var (k, v) in map)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }
        return null;
    }
}
