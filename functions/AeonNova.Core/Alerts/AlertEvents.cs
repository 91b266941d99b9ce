using System.Collections.Frozen;

namespace AeonNova.Core.Alerts;

/// <summary>What one event a source sends means for intake.</summary>
public enum AlertEventKind
{
    /// <summary>A problem started (or is still open): may start a remediation.</summary>
    Trigger,
    /// <summary>The problem ended: records the recovery and cancels a pending approval.</summary>
    Resolve,
    /// <summary>The source cannot tell (data stopped arriving): status insufficient_data, never remediated, not a recovery.</summary>
    InsufficientData,
    /// <summary>A change to an existing alert (acknowledged, escalated, priority changed): the alert is still open.</summary>
    Update,
    /// <summary>Not about the problem itself (a note, a ping, a configuration change, a handshake, a test):
    /// accepted and recorded, never starts or advances a remediation.</summary>
    Informational,
}

/// <summary>The class of one event name, with the reason intake reports for informational events.</summary>
public sealed record EventClass(AlertEventKind Kind, string Reason = "")
{
    public static EventClass Trigger { get; } = new(AlertEventKind.Trigger);
    public static EventClass Resolve { get; } = new(AlertEventKind.Resolve);
    public static EventClass Update { get; } = new(AlertEventKind.Update);
    public static EventClass NoData { get; } = new(AlertEventKind.InsufficientData);

    public static EventClass Info(string reason) => new(AlertEventKind.Informational, reason);

    public bool IsInformational => Kind == AlertEventKind.Informational;

    /// <summary>The canonical status an alert-bearing event gives (informational events give none).</summary>
    public AlertStatus Status => Kind switch
    {
        AlertEventKind.Resolve => AlertStatus.Resolved,
        AlertEventKind.InsufficientData => AlertStatus.InsufficientData,
        _ => AlertStatus.Firing,
    };
}

/// <summary>
/// One source's event classification as data: event name (PagerDuty event_type, Opsgenie action, SNS Type, …) →
/// <see cref="EventClass"/>, with a class for names the table does not know. Docs and tests read <see cref="Entries"/>.
/// </summary>
public sealed class EventTable
{
    private readonly FrozenDictionary<string, EventClass> _entries;

    public EventTable(string field, IEnumerable<KeyValuePair<string, EventClass>> entries, EventClass unknown)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(unknown);
        Field = field;
        _entries = entries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Unknown = unknown;
    }

    /// <summary>The payload field whose value is looked up, as a JSON path ("$.event.event_type").</summary>
    public string Field { get; }

    /// <summary>What an event name that is not in the table means.</summary>
    public EventClass Unknown { get; }

    public IReadOnlyDictionary<string, EventClass> Entries => _entries;

    public EventClass Classify(string? name) =>
        name is not null && _entries.TryGetValue(name.Trim(), out var found) ? found : Unknown;

    /// <summary>Builds a table from (names, class) rows, so each source's table reads as a short list.</summary>
    public static EventTable Of(string field, EventClass unknown, params (string[] Names, EventClass Class)[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new EventTable(field, rows.SelectMany(r => r.Names.Select(n => KeyValuePair.Create(n, r.Class))), unknown);
    }
}

/// <summary>An event that was accepted and recorded but carries no alert to act on.</summary>
public sealed record InformationalEvent
{
    public required string Source { get; init; }
    /// <summary>The source's own name for the event ("incident.annotated", "AddNote", "SubscriptionConfirmation").</summary>
    public required string Event { get; init; }
    /// <summary>Why it starts nothing, for the response and the record.</summary>
    public required string Reason { get; init; }
    /// <summary>The source's id of the alert/incident the event is about, when it names one.</summary>
    public string? SourceId { get; init; }
    /// <summary>Set for an SNS subscription handshake that intake must answer (confirm or refuse).</summary>
    public SnsSubscriptionRequest? Handshake { get; init; }
}

/// <summary>The parts of an SNS SubscriptionConfirmation / UnsubscribeConfirmation intake needs to answer it.</summary>
public sealed record SnsSubscriptionRequest(string Type, string TopicArn, string SubscribeUrl);

/// <summary>Everything one body yields: the alerts (each with its event kind) and the informational events.</summary>
public sealed record AlertParseResult(IReadOnlyList<CanonicalAlert> Alerts, IReadOnlyList<InformationalEvent> Informational);
