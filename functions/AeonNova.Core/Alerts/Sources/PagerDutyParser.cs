using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// PagerDuty v3 webhook: <c>{"event": {id, event_type, resource_type, occurred_at, data: incident}}</c>.
/// Incident events become alerts (incident.resolved → resolved, every other incident.* → firing); events about
/// other resources (service.*, pagey.ping) carry no alert and yield an empty list.
/// </summary>
public sealed class PagerDutyParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("pagerduty", time, ids)
{
    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "a PagerDuty v3 webhook");
        var @event = JsonRead.ReqObj(root, "event", "$", "a PagerDuty v3 webhook wraps everything in event");
        var eventType = JsonRead.ReqStr(@event, "event_type", "$.event", "e.g. incident.triggered");
        var resourceType = JsonRead.Str(@event, "resource_type", "$.event");
        if (!eventType.StartsWith("incident.", StringComparison.Ordinal) || (resourceType is not null && resourceType != "incident"))
        {
            return;
        }
        var data = JsonRead.ReqObj(@event, "data", "$.event", "incident events carry the incident in data");
        var incidentId = JsonRead.ReqStr(data, "id", "$.event.data", "the incident id identifies the alert");
        var incidentStatus = JsonRead.Str(data, "status", "$.event.data");
        var resolved = eventType == "incident.resolved" || string.Equals(incidentStatus, "resolved", StringComparison.Ordinal);
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
            Status = resolved ? AlertStatus.Resolved : AlertStatus.Firing,
            Severity = SeverityRules.TryMap(priority, out var fromPriority) ? fromPriority : SeverityRules.Map(urgency),
            Title = JsonRead.Str(data, "title", "$.event.data") ?? JsonRead.Str(data, "summary", "$.event.data"),
            Description = JsonRead.Str(data, "description", "$.event.data") ?? "",
            Service = service,
            Labels = labels,
            Annotations = annotations,
            StartedAt = JsonRead.Time(data, "created_at", "$.event.data"),
            EndedAt = resolved ? occurredAt : null,
            Url = JsonRead.Str(data, "html_url", "$.event.data"),
        });
    }
}
