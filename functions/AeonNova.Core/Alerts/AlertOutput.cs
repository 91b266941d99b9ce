namespace AeonNova.Core.Alerts;

/// <summary>Collects the alerts of one body: finishes drafts with the shared host/os/environment rules and the fingerprint.</summary>
public sealed class AlertOutput
{
    private readonly List<CanonicalAlert> _alerts = new(2);
    private List<InformationalEvent>? _informational;
    private readonly IAlertIdGenerator _ids;

    internal AlertOutput(string source, DateTimeOffset receivedAt, IAlertIdGenerator ids)
    {
        Source = source;
        ReceivedAt = receivedAt;
        _ids = ids;
    }

    public string Source { get; }
    public DateTimeOffset ReceivedAt { get; }
    public IReadOnlyList<CanonicalAlert> Alerts => _alerts;
    public IReadOnlyList<InformationalEvent> Informational => _informational ?? (IReadOnlyList<InformationalEvent>)[];

    /// <summary>Records an event that carries no alert to act on (a note, a ping, a handshake, a test).</summary>
    public void AddInformational(string @event, string reason, string? sourceId = null, SnsSubscriptionRequest? handshake = null)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (_alerts.Count + (_informational?.Count ?? 0) >= AlertLimits.MaxAlertsPerBody)
        {
            throw new AlertParseException(AlertParseErrorKind.WrongShape,
                $"$: more than {AlertLimits.MaxAlertsPerBody} events in one body");
        }
        (_informational ??= []).Add(new InformationalEvent
        {
            Source = Source,
            Event = @event.Length == 0 ? "(unnamed)" : JsonRead.Excerpt(@event),
            Reason = reason,
            SourceId = string.IsNullOrWhiteSpace(sourceId) ? null : sourceId,
            Handshake = handshake,
        });
    }

    public void Add(AlertDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (_alerts.Count >= AlertLimits.MaxAlertsPerBody)
        {
            throw new AlertParseException(AlertParseErrorKind.WrongShape,
                $"$: more than {AlertLimits.MaxAlertsPerBody} alerts in one body");
        }
        var labels = draft.Labels;
        var title = string.IsNullOrWhiteSpace(draft.Title) ? $"{Source} alert" : draft.Title.Trim();
        var description = draft.Description ?? "";
        var environment = NonEmpty(draft.Environment) ?? EnvironmentRules.FromLabels(labels) ?? "";
        var os = draft.Os ?? OsRules.FromLabels(labels) ?? OsRules.FromText(title, description);
        var host = HostRules.Normalize(draft.Host);
        // An invalid host is never a target: it is dropped from Host (the labels still show what the source sent).
        var invalidTarget = TargetRules.Check(host);
        _alerts.Add(new CanonicalAlert
        {
            Id = _ids.NewId(),
            Source = Source,
            SourceId = draft.SourceId ?? "",
            Fingerprint = draft.Fingerprint ?? Fingerprints.FromLabels(Source, labels),
            Status = draft.Status,
            Severity = draft.Severity,
            Title = title,
            Description = description,
            Host = invalidTarget is null ? host : "",
            InvalidTarget = invalidTarget,
            Service = draft.Service?.Trim() ?? "",
            Environment = environment.Trim(),
            Os = os,
            Labels = labels,
            Annotations = draft.Annotations,
            StartedAt = draft.StartedAt,
            EndedAt = draft.EndedAt,
            ReceivedAt = ReceivedAt,
            Url = NonEmpty(draft.Url),
        });
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>What a source parser fills in for one alert; <see cref="AlertOutput.Add"/> applies the shared rules.</summary>
public sealed class AlertDraft
{
    public string? SourceId { get; set; }
    /// <summary>Set by the parser from its documented recipe; when null the sorted labels are hashed.</summary>
    public string? Fingerprint { get; set; }
    public AlertStatus Status { get; set; }
    public AlertSeverity Severity { get; set; } = AlertSeverity.Medium;
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Host { get; set; }
    public string? Service { get; set; }
    /// <summary>When null, taken from env/environment labels.</summary>
    public string? Environment { get; set; }
    /// <summary>When null, taken from os labels, then from text hints.</summary>
    public OsFamily? Os { get; set; }
    public required Dictionary<string, string> Labels { get; set; }
    public required Dictionary<string, string> Annotations { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Url { get; set; }
}
