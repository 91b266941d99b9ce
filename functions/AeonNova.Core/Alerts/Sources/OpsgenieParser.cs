using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// Opsgenie outgoing webhook: <c>{"action": "Create|Close|Acknowledge|AddNote|…", "alert": {…}, "source": {…}}</c>.
/// The action decides (<see cref="Events"/>): Create starts an alert, Close and Delete end it, acknowledge / escalate /
/// ownership / priority changes update it; notes, tags, details, responders, snoozes and custom actions are informational.
/// </summary>
public sealed class OpsgenieParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("opsgenie", time, ids)
{
    /// <summary>Actions of Opsgenie's Webhook integration ("Webhook Integration", support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-webhook).</summary>
    public static EventTable Events { get; } = EventTable.Of("$.action",
        EventClass.Info("action not known to change the alert's problem"),
        (["Create"], EventClass.Trigger),
        (["Close", "Delete"], EventClass.Resolve),
        (["Acknowledge", "UnAcknowledge", "Escalate", "EscalateNext", "EscalateToNext", "UpdatePriority", "AssignOwnership",
          "TakeOwnership", "SnoozeEnded"], EventClass.Update),
        (["AddNote"], EventClass.Info("a note was added to the alert")),
        (["AddTags", "RemoveTags", "AddDetails", "RemoveDetails", "UpdateMessage", "UpdateDescription", "UpdateAlias"],
            EventClass.Info("the alert's tags, details or text were edited")),
        (["AddResponder", "AddTeam", "AddRecipient", "AddObserver", "RemoveObserver"], EventClass.Info("who is notified changed")),
        (["Snooze"], EventClass.Info("notifications were snoozed; the alert is unchanged")),
        (["CustomAction"], EventClass.Info("a custom action was run")));

    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "an Opsgenie webhook");
        var action = JsonRead.ReqStr(root, "action", "$", "an Opsgenie webhook names its action (Create, Close, …)");
        var alert = JsonRead.ReqObj(root, "alert", "$", "an Opsgenie webhook carries the alert in alert");
        var alertId = JsonRead.Str(alert, "alertId", "$.alert");
        var alias = JsonRead.Str(alert, "alias", "$.alert");
        var kind = Events.Classify(action);
        if (kind.IsInformational)
        {
            output.AddInformational(action, kind.Reason, alertId ?? alias);
            return;
        }
        if (string.IsNullOrWhiteSpace(alertId) && string.IsNullOrWhiteSpace(alias))
        {
            throw AlertParseException.Shape("$.alert.alertId", "missing; an Opsgenie alert needs alertId or alias");
        }
        var labels = Tags(alert);
        var details = JsonRead.Obj(alert, "details", "$.alert") is { } detailsObject
            ? JsonRead.MapOf(detailsObject, "$.alert.details")
            : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in details)
        {
            labels.TryAdd(key, value);
        }
        var resolved = kind.Kind == AlertEventKind.Resolve;
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["action"] = action };
        LabelMaps.AddIfPresent(annotations, "note", JsonRead.Str(alert, "note", "$.alert"));
        LabelMaps.AddIfPresent(annotations, "tinyId", JsonRead.Str(alert, "tinyId", "$.alert"));
        LabelMaps.AddIfPresent(annotations, "entity", JsonRead.Str(alert, "entity", "$.alert"));
        LabelMaps.AddIfPresent(annotations, "username", JsonRead.Str(alert, "username", "$.alert"));
        var entity = JsonRead.Str(alert, "entity", "$.alert");
        output.Add(new AlertDraft
        {
            SourceId = alertId ?? alias,
            // Recipe: the alias (Opsgenie's own de-duplication key) if set, else the alert id.
            Fingerprint = Fingerprints.Compute("opsgenie", string.IsNullOrWhiteSpace(alias) ? alertId : alias),
            Status = resolved ? AlertStatus.Resolved : AlertStatus.Firing,
            Severity = SeverityRules.Map(JsonRead.Str(alert, "priority", "$.alert")),
            Title = JsonRead.Str(alert, "message", "$.alert"),
            Description = JsonRead.Str(alert, "description", "$.alert") ?? "",
            Host = HostRules.FromLabels(labels) ?? entity,
            Service = labels.GetValueOrDefault("service") ?? JsonRead.Str(alert, "source", "$.alert"),
            Labels = labels,
            Annotations = annotations,
            StartedAt = JsonRead.Time(alert, "createdAt", "$.alert"),
            EndedAt = resolved ? JsonRead.Time(alert, "updatedAt", "$.alert") : null,
            Url = null,
        });
    }

    /// <summary>Opsgenie tags are plain strings; "key:value" tags become labels, bare tags become key with empty value.</summary>
    private static Dictionary<string, string> Tags(JsonElement alert)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonRead.Arr(alert, "tags", "$.alert") is not { } tags)
        {
            return labels;
        }
        var index = 0;
        foreach (var item in tags.EnumerateArray())
        {
            LabelMaps.AddTag(labels, JsonRead.Text(item, $"$.alert.tags[{index++}]"));
        }
        return labels;
    }
}
