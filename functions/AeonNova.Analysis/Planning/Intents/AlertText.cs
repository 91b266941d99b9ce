using System.Text;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Planning.Intents;

/// <summary>Where a piece of evidence was found, strongest first.</summary>
public enum EvidenceField
{
    AlertName,
    Expression,
    SubjectLabels,
    Title,
    Description,
    Messenger,
}

/// <summary>
/// The parts of one alert the intent and technology rules read, each normalised once: alert name, title,
/// description and the labels that name the subject (service, unit, container, …) as lower-case words
/// (camelCase and snake_case split, punctuation removed); expressions and metric names (the rule's query) raw.
/// Labels that name the messenger (<c>job</c>, the <c>instance</c> port) are kept apart: they describe the
/// exporter or agent that reported, which is only the subject when the reporter itself went silent.
/// </summary>
public sealed class AlertText
{
    private const int MaxChars = 2000;

    /// <summary>Labels and annotations that name the thing the alert is about.</summary>
    public static readonly string[] SubjectKeys =
    [
        "service", "service_name", "name", "unit", "systemd_unit", "win_service", "windows_service", "container",
        "container_name", "app", "application", "component", "u_service", "business_service", "process", "process_name",
        "check", "check_name", "integration", "technology", "database", "db_system",
    ];

    /// <summary>Labels and annotations that hold the alert rule's expression, query or metric.</summary>
    public static readonly string[] ExpressionKeys =
    [
        "expr", "expression", "query", "alert_query", "alert_metric", "metric", "metric_name", "metricname",
        "trigger_expression", "promql", "condition",
    ];

    private AlertText(string alertName, string title, string subject, string description, string expression, string messenger,
        int? instancePort)
    {
        AlertName = alertName;
        Title = title;
        Subject = subject;
        Description = description;
        Expression = expression;
        Messenger = messenger;
        InstancePort = instancePort;
    }

    /// <summary>Normalised words of labels.alertname (empty when the source has none).</summary>
    public string AlertName { get; }
    public string Title { get; }
    /// <summary>Normalised words of the subject labels' values.</summary>
    public string Subject { get; }
    public string Description { get; }
    /// <summary>Raw expressions and metric names, plus metric-shaped tokens (a_b_c) found in the description.</summary>
    public string Expression { get; }
    /// <summary>Normalised words of the job label (the reporter).</summary>
    public string Messenger { get; }
    /// <summary>The port of labels.instance, if any (9100 = node_exporter, …): the reporter's address.</summary>
    public int? InstancePort { get; }

    public static AlertText From(CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var alertName = AlertFieldSource.Lookup(alert.Labels, "alertname") ?? "";
        var subject = new StringBuilder();
        foreach (var key in SubjectKeys)
        {
            if (AlertFieldSource.Lookup(alert.Labels, key) is { Length: > 0 } value)
            {
                subject.Append(value).Append(" . ");
            }
        }
        subject.Append(alert.Service);
        var expression = new StringBuilder();
        foreach (var key in ExpressionKeys)
        {
            if (AlertFieldSource.Lookup(alert.Annotations, key) is { Length: > 0 } a)
            {
                expression.Append(a).Append('\n');
            }
            if (AlertFieldSource.Lookup(alert.Labels, key) is { Length: > 0 } l)
            {
                expression.Append(l).Append('\n');
            }
        }
        // Prometheus puts the rule's expression in the alert's generator URL (…/graph?g0.expr=nginx_up%20%3D%3D%200).
        if (ExpressionFromUrl(alert.Url) is { } fromUrl)
        {
            expression.Append(fromUrl).Append('\n');
        }
        var description = Cap(alert.Description);
        // Descriptions often quote the rule ("nginx_up == 0", "node_filesystem_avail_bytes < 10%").
        foreach (var token in MetricTokens(description))
        {
            expression.Append(token).Append('\n');
        }
        int? port = null;
        if (AlertFieldSource.Lookup(alert.Labels, "instance") is { } instance
            && instance.LastIndexOf(':') is var colon and > 0
            && int.TryParse(instance.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p))
        {
            port = p;
        }
        return new AlertText(
            Words(alertName),
            Words(alert.Title),
            Words(subject.ToString()),
            Words(description),
            Cap(expression.ToString()),
            Words(AlertFieldSource.Lookup(alert.Labels, "job")),
            port);
    }

    /// <summary>Lower-case words separated by single spaces, with a leading and trailing space.</summary>
    public static string Words(string? text)
    {
        var sb = new StringBuilder(" ");
        if (string.IsNullOrEmpty(text))
        {
            return sb.ToString();
        }
        text = Cap(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
                continue;
            }
            if (i > 0 && char.IsUpper(c) && sb[^1] != ' ')
            {
                var prev = text[i - 1];
                var nextIsLower = i + 1 < text.Length && char.IsLower(text[i + 1]);
                if (char.IsLower(prev) || (char.IsUpper(prev) && nextIsLower))
                {
                    sb.Append(' ');
                }
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        if (sb[^1] != ' ')
        {
            sb.Append(' ');
        }
        return sb.ToString();
    }

    private static string? ExpressionFromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 8192)
        {
            return null;
        }
        var start = url.IndexOf("g0.expr=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += "g0.expr=".Length;
        var end = url.IndexOf('&', start);
        var encoded = end < 0 ? url[start..] : url[start..end];
        try
        {
            return Uri.UnescapeDataString(encoded.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    private static string Cap(string? text) => string.IsNullOrEmpty(text) ? "" : text.Length > MaxChars ? text[..MaxChars] : text;

    /// <summary>Tokens shaped like metric names: lower-case words joined by underscores (at least one underscore).</summary>
    private static IEnumerable<string> MetricTokens(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var part = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_' || c == '.';
            if (part && start < 0)
            {
                start = i;
            }
            else if (!part && start >= 0)
            {
                var token = text[start..i].Trim('.');
                if (token.Contains('_', StringComparison.Ordinal) || token.Count(ch => ch == '.') >= 1 && token.Length > 6)
                {
                    // Keep what follows a bare "up" so "up == 0" stays recognisable.
                    yield return token;
                }
                start = -1;
            }
        }
        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"(?<![\w.])up\s*(?:==|<|!=)\s*[01]\b", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(50)))
        {
            yield return "up == 0";
        }
    }
}
