using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>Grafana unified alerting webhook contact point (grouped alerts, Alertmanager-like plus Grafana URLs).</summary>
public sealed class GrafanaParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("grafana", time, ids)
{
    /// <summary>
    /// Special alertname labels of Grafana alerting (grafana.com/docs/grafana/latest/alerting/): the contact point
    /// "Test" button sends alertname TestAlert; a rule whose query returns no data or fails fires DatasourceNoData /
    /// DatasourceError (the monitored thing itself is not known to be broken).
    /// </summary>
    public static EventTable AlertNames { get; } = EventTable.Of("$.alerts[].labels.alertname",
        EventClass.Trigger,
        (["TestAlert"], EventClass.Info("a Grafana contact point test notification")),
        (["DatasourceNoData", "DatasourceError"], EventClass.NoData));

    protected override void Read(JsonElement root, AlertOutput output) =>
        GroupedAlertReader.Read(root, output, "a Grafana alerting webhook", AddGrafanaFields, AlertNames);

    private static void AddGrafanaFields(JsonElement alert, AlertDraft draft, string path)
    {
        draft.Url = JsonRead.Str(alert, "panelURL", path) ?? JsonRead.Str(alert, "dashboardURL", path) ?? draft.Url;
        var values = JsonRead.Str(alert, "valueString", path);
        if (!string.IsNullOrWhiteSpace(values))
        {
            draft.Annotations["valueString"] = values;
        }
        if (string.IsNullOrWhiteSpace(draft.Title))
        {
            draft.Title = draft.Labels.GetValueOrDefault("grafana_folder");
        }
    }
}
