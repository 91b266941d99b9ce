using System.Text.Json;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>Prometheus Alertmanager webhook_config, payload version 4 (grouped alerts).</summary>
public sealed class AlertmanagerParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("alertmanager", time, ids)
{
    protected override void Read(JsonElement root, AlertOutput output) =>
        GroupedAlertReader.Read(root, output, "an Alertmanager webhook (version 4)", extra: null);
}
