using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// The grouped body Alertmanager (webhook v4) and Grafana unified alerting share: <c>alerts[]</c> of
/// {status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint}; each item becomes one alert.
/// Identity is the alert's label set (what Alertmanager's own fingerprint hashes), so firing and resolved agree.
/// </summary>
internal static class GroupedAlertReader
{
    /// <summary>alerts[].status of the Alertmanager webhook (prometheus.io/docs/alerting/latest/configuration/#webhook_config).</summary>
    public static EventTable Statuses { get; } = EventTable.Of("$.alerts[].status",
        EventClass.Info("not firing or resolved"),
        (["firing"], EventClass.Trigger),
        (["resolved"], EventClass.Resolve));

    /// <summary>
    /// Reads every item of alerts[]; <paramref name="byAlertName"/> (Grafana) reclassifies alerts by their alertname
    /// label: contact-point tests become informational, no-data/error alerts insufficient_data.
    /// </summary>
    public static void Read(JsonElement root, AlertOutput output, string what, Action<JsonElement, AlertDraft, string>? extra, EventTable? byAlertName = null)
    {
        JsonRead.RootObject(root, what);
        var groupStatus = JsonRead.Str(root, "status", "$");
        var externalUrl = JsonRead.Str(root, "externalURL", "$");
        var alerts = JsonRead.ReqArr(root, "alerts", "$", $"{what} carries its alerts in alerts[]");
        var index = 0;
        foreach (var item in alerts.EnumerateArray())
        {
            var path = $"$.alerts[{index}]";
            var alert = JsonRead.Item(item, "$.alerts", index++);
            var labels = JsonRead.Map(alert, "labels", path);
            var annotations = JsonRead.Map(alert, "annotations", path);
            var statusWord = JsonRead.Str(alert, "status", path) ?? groupStatus
                ?? throw AlertParseException.Shape($"{path}.status", "missing; expected firing or resolved");
            // The webhook writes the two words in lower case; anything else is a malformed sender.
            if (statusWord is not ("firing" or "resolved"))
            {
                throw AlertParseException.Shape($"{path}.status", $"'{JsonRead.Excerpt(statusWord)}' is not firing or resolved");
            }
            var kind = Statuses.Classify(statusWord);
            var alertName = Get(labels, "alertname");
            if (byAlertName?.Classify(alertName) is { } special && special != byAlertName.Unknown)
            {
                if (special.IsInformational)
                {
                    output.AddInformational(alertName!, special.Reason, JsonRead.Str(alert, "fingerprint", path));
                    continue;
                }
                // No data is its own status while the alert fires; its resolution is an ordinary resolve.
                kind = kind.Kind == AlertEventKind.Resolve ? kind : special;
            }
            var draft = new AlertDraft
            {
                SourceId = JsonRead.Str(alert, "fingerprint", path),
                Status = kind.Status,
                Severity = SeverityRules.First(Get(labels, "severity"), Get(labels, "priority")),
                Title = Get(annotations, "summary") ?? Get(labels, "alertname"),
                Description = Get(annotations, "description") ?? Get(annotations, "message") ?? "",
                Host = HostRules.FromLabels(labels),
                Service = Get(labels, "service") ?? Get(labels, "app"),
                Labels = labels,
                Annotations = annotations,
                StartedAt = JsonRead.Time(alert, "startsAt", path),
                EndedAt = JsonRead.Time(alert, "endsAt", path),
                Url = JsonRead.Str(alert, "generatorURL", path) ?? externalUrl,
            };
            if (draft.Status != AlertStatus.Resolved)
            {
                // Alertmanager sends a future endsAt (resolve timeout) on firing alerts; it is not an end.
                draft.EndedAt = null;
            }
            extra?.Invoke(alert, draft, path);
            output.Add(draft);
        }
    }

    private static string? Get(Dictionary<string, string> map, string key) =>
        map.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
