using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// PagerDuty v3 webhook: <c>{"event": {id, event_type, resource_type, occurred_at, data}}</c>. The event type decides
/// (<see cref="Events"/>): triggered/reopened start an alert, resolved ends it, acknowledge/escalate/reassign/priority
/// changes update it; notes, responder requests, status updates, workflow runs, service changes and pings are
/// informational.
/// </summary>
public sealed class PagerDutyParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("pagerduty", time, ids)
{
    /// <summary>Event types from PagerDuty's "V3 Webhook Event Types" (developer.pagerduty.com/docs/webhooks/v3-overview).</summary>
    public static EventTable Events { get; } = EventTable.Of("$.event.event_type",
        EventClass.Info("event type not known to carry an alert"),
        (["incident.triggered", "incident.reopened"], EventClass.Trigger),
        (["incident.resolved"], EventClass.Resolve),
        (["incident.acknowledged", "incident.unacknowledged", "incident.escalated", "incident.reassigned", "incident.delegated",
          "incident.priority_updated", "incident.service_updated", "incident.incident_type.changed"], EventClass.Update),
        (["incident.annotated"], EventClass.Info("a note was added to the incident")),
        (["incident.responder.added", "incident.responder.replied"], EventClass.Info("a responder request, not a change to the problem")),
        (["incident.status_update_published"], EventClass.Info("a status update was published")),
        (["incident.conference_bridge.updated", "incident.custom_field_values.updated"], EventClass.Info("incident details changed")),
        (["incident.workflow.started", "incident.workflow.completed"], EventClass.Info("an incident workflow ran")),
        (["service.created", "service.updated", "service.deleted"], EventClass.Info("a service configuration change")),
        (["pagey.ping"], EventClass.Info("PagerDuty's test ping")));

    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "a PagerDuty v3 webhook");
        var @event = JsonRead.ReqObj(root, "event", "$", "a PagerDuty v3 webhook wraps everything in event");
        var eventType = JsonRead.ReqStr(@event, "event_type", "$.event", "e.g. incident.triggered");
        var resourceType = JsonRead.Str(@event, "resource_type", "$.event");
        var kind = Events.Classify(eventType);
        if (resourceType is not null && resourceType != "incident" && !kind.IsInformational)
        {
            kind = EventClass.Info($"resource type '{JsonRead.Excerpt(resourceType)}' is not an incident");
        }
        if (kind.IsInformational)
        {
            // Incident-scoped sub-resources (notes, responders, status updates) name their incident in data.incident.
            var info = JsonRead.Obj(@event, "data", "$.event");
            var incidentRef = info is null ? null : JsonRead.Obj(info.Value, "incident", "$.event.data");
            var about = incidentRef is { } reference ? JsonRead.Str(reference, "id", "$.event.data.incident")
                : info is { } infoData ? JsonRead.Str(infoData, "id", "$.event.data") : null;
            output.AddInformational(eventType, kind.Reason, about);
            return;
        }
        var data = JsonRead.ReqObj(@event, "data", "$.event", "incident events carry the incident in data");
        var incidentId = JsonRead.ReqStr(data, "id", "$.event.data", "the incident id identifies the alert");
        var incidentStatus = JsonRead.Str(data, "status", "$.event.data");
        // An update of an incident that is already resolved (a late priority change) stays resolved.
        var status = kind.Kind == AlertEventKind.Update && string.Equals(incidentStatus, "resolved", StringComparison.Ordinal)
            ? AlertStatus.Resolved
            : kind.Status;
        var occurredAt = JsonRead.Time(@event, "occurred_at", "$.event");
        var service = JsonRead.Obj(data, "service", "$.event.data") is { } serviceRef ? JsonRead.Str(serviceRef, "summary", "$.event.data.service") : null;
        var priority = JsonRead.Obj(data, "priority", "$.event.data") is { } priorityRef ? JsonRead.Str(priorityRef, "summary", "$.event.data.priority") : null;
        var urgency = JsonRead.Str(data, "urgency", "$.event.data");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        LabelMaps.AddIfPresent(labels, "urgency", urgency);
        LabelMaps.AddIfPresent(labels, "priority", priority);
        LabelMaps.AddIfPresent(labels, "incident_key", JsonRead.Str(data, "incident_key", "$.event.data"));
        LabelMaps.AddIfPresent(labels, "service", service);
        if (JsonRead.Arr(data, "teams", "$.event.data") is { } teams)
        {
            var index = 0;
            foreach (var item in teams.EnumerateArray())
            {
                var team = JsonRead.Item(item, "$.event.data.teams", index++);
                if (JsonRead.Str(team, "summary", $"$.event.data.teams[{index - 1}]") is { } teamName)
                {
                    labels.TryAdd("team", teamName);
                }
            }
        }
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["event_type"] = eventType };
        LabelMaps.AddIfPresent(annotations, "event_id", JsonRead.Str(@event, "id", "$.event"));
        LabelMaps.AddIfPresent(annotations, "incident_number", JsonRead.Str(data, "number", "$.event.data"));
        LabelMaps.AddIfPresent(annotations, "resolve_reason", JsonRead.Str(data, "resolve_reason", "$.event.data"));
        output.Add(new AlertDraft
        {
            SourceId = incidentId,
            // Recipe: the incident id; triggered, acknowledged and resolved events of one incident share it.
            Fingerprint = Fingerprints.Compute("pagerduty", incidentId),
            Status = status,
            Severity = SeverityRules.TryMap(priority, out var fromPriority) ? fromPriority : SeverityRules.Map(urgency),
            Title = JsonRead.Str(data, "title", "$.event.data") ?? JsonRead.Str(data, "summary", "$.event.data"),
            Description = JsonRead.Str(data, "description", "$.event.data") ?? "",
            Service = service,
            Labels = labels,
            Annotations = annotations,
            StartedAt = JsonRead.Time(data, "created_at", "$.event.data"),
            EndedAt = status == AlertStatus.Resolved ? occurredAt : null,
            Url = JsonRead.Str(data, "html_url", "$.event.data"),
        });
    }
}
