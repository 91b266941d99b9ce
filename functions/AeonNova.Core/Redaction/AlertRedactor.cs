using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// Redacts every string value of a JSON document, and of JSON documents carried inside string values (a queued
    /// envelope's webhook body), keeping the shape so the result parses and re-drives like the original. Text that
    /// is not JSON is redacted as text.
    /// </summary>
    public string RedactJson(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return Redact(text);
        }
        return node switch
        {
            null => text,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(RedactString(value.GetValue<string>(), 0)).ToJsonString(),
            _ => RedactIn(node, 0).ToJsonString(),
        };
    }

    private const int MaxNestedJson = 4;

    private JsonNode RedactIn(JsonNode node, int depth)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        obj[key] = RedactString(value.GetValue<string>(), depth);
                    }
                    else if (obj[key] is { } child)
                    {
                        RedactIn(child, depth);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        array[i] = RedactString(value.GetValue<string>(), depth);
                    }
                    else if (array[i] is { } child)
                    {
                        RedactIn(child, depth);
                    }
                }
                break;
        }
        return node;
    }

    private string RedactString(string text, int depth)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (depth < MaxNestedJson && trimmed.Length > 1 && trimmed[0] is '{' or '[')
        {
            try
            {
                if (JsonNode.Parse(text) is { } nested)
                {
                    return RedactIn(nested, depth + 1).ToJsonString();
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: redacted as text below.
            }
        }
        return Redact(text);
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
