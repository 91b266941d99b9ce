using System.Text.RegularExpressions;
using AeonNova.Core.Alerts;

namespace AeonNova.Core.Redaction;

/// <summary>
/// Redaction at intake: the stored canonical alert never holds a secret, so nothing downstream (pages, emails,
/// SNS, audit, stores) can show one. Applies <see cref="Redactor"/>'s shared catalogue, then the deployment's own
/// patterns (each match becomes "[REDACTED:custom]"), to title, description, labels, annotations and URL.
/// </summary>
public sealed class AlertRedactor
{
    private readonly IReadOnlyList<Regex> _extra;

    /// <param name="extraPatterns">.NET regular expressions; a bad one throws <see cref="ArgumentException"/> naming it.</param>
    public AlertRedactor(IEnumerable<string>? extraPatterns = null)
    {
        var list = new List<Regex>();
        foreach (var pattern in extraPatterns ?? [])
        {
            try
            {
                list.Add(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"redaction pattern '{pattern}' is not a valid regular expression: {ex.Message}", nameof(extraPatterns), ex);
            }
        }
        _extra = list;
    }

    public string Redact(string? text)
    {
        var redacted = Redactor.RedactText(text);
        foreach (var pattern in _extra)
        {
            try
            {
                redacted = pattern.Replace(redacted, "[REDACTED:custom]");
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern that cannot finish in time must not keep the text: drop it whole.
                return "[REDACTED:custom-timeout]";
            }
        }
        return redacted;
    }

    public CanonicalAlert Redact(CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert with
        {
            Title = Redact(alert.Title),
            Description = Redact(alert.Description),
            Labels = alert.Labels.ToDictionary(kv => kv.Key, kv => Redact(kv.Value), StringComparer.Ordinal),
            Annotations = alert.Annotations.ToDictionary(kv => kv.Key, kv => Redact(kv.Value), StringComparer.Ordinal),
            Url = alert.Url is null ? null : Redact(alert.Url),
        };
    }
}
