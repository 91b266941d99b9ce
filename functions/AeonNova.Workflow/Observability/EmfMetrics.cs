using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AeonNova.Workflow.Observability;

/// <summary>
/// CloudWatch Embedded Metric Format: metrics collected during one invocation and flushed as one JSON line
/// per dimension set ({"_aws":{"Timestamp","CloudWatchMetrics":[{"Namespace","Dimensions","Metrics"}]}, …}).
/// </summary>
public sealed class EmfMetrics(FunctionRuntime runtime)
{
    private readonly List<(string Name, string Unit, double Value, string? DimensionName, string? DimensionValue)> _values = [];

    public void Count(string name, double value = 1) => _values.Add((name, "Count", value, null, null));

    public void Count(string name, string dimensionName, string dimensionValue, double value = 1) =>
        _values.Add((name, "Count", value, dimensionName, dimensionValue));

    /// <summary>A unitless value (e.g. USD), summed per name within the line.</summary>
    public void Value(string name, double value) => _values.Add((name, "None", value, null, null));

    public void Value(string name, double value, string dimensionName, string dimensionValue) =>
        _values.Add((name, "None", value, dimensionName, dimensionValue));

    public void Milliseconds(string name, double value) => _values.Add((name, "Milliseconds", value, null, null));

    public bool IsEmpty => _values.Count == 0;

    public void Flush()
    {
        if (_values.Count == 0 || runtime.Discards)
        {
            return;
        }
        var timestamp = runtime.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var group in _values.GroupBy(v => (v.DimensionName, v.DimensionValue)))
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartObject("_aws");
                json.WriteNumber("Timestamp", timestamp);
                json.WriteStartArray("CloudWatchMetrics");
                json.WriteStartObject();
                json.WriteString("Namespace", runtime.MetricsNamespace);
                json.WriteStartArray("Dimensions");
                json.WriteStartArray();
                json.WriteStringValue("service");
                if (group.Key.DimensionName is { } dimension)
                {
                    json.WriteStringValue(dimension);
                }
                json.WriteEndArray();
                json.WriteEndArray();
                json.WriteStartArray("Metrics");
                foreach (var name in group.Select(v => (v.Name, v.Unit)).Distinct())
                {
                    json.WriteStartObject();
                    json.WriteString("Name", name.Name);
                    json.WriteString("Unit", name.Unit);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteString("service", runtime.ServiceName);
                json.WriteString("function_name", runtime.FunctionName);
                if (group.Key.DimensionName is { } name2)
                {
                    json.WriteString(name2, group.Key.DimensionValue);
                }
                foreach (var metric in group.GroupBy(v => v.Name))
                {
                    json.WriteNumber(metric.Key, metric.Sum(v => v.Value));
                }
                json.WriteEndObject();
            }
            runtime.Output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        _values.Clear();
    }
}

/// <summary>Metric names (docs/workflow.md lists them with where they are emitted).</summary>
public static class MetricNames
{
    /// <summary>Alerts parsed from queued webhooks (ParseAlerts): the one count of incoming alerts.</summary>
    public const string AlertsReceived = "AlertsReceived";
    /// <summary>Alerts in webhook requests answered 202 (Ingest); kept apart so dashboards do not count an alert twice.</summary>
    public const string AlertsAccepted = "AlertsAccepted";
    public const string AlertsDeduplicated = "AlertsDeduplicated";
    public const string AlertsRejected = "AlertsRejected";
    public const string ExecutionsStarted = "ExecutionsStarted";
    public const string Plans = "Plans";
    public const string PlanFallbacks = "PlanFallbacks";
    public const string ScriptsBlocked = "ScriptsBlocked";
    public const string ApprovalsRequested = "ApprovalsRequested";
    public const string ApprovalsGranted = "ApprovalsGranted";
    public const string ApprovalsRejected = "ApprovalsRejected";
    public const string ApprovalsExpired = "ApprovalsExpired";
    public const string ApprovalsEscalated = "ApprovalsEscalated";
    public const string RemediationsSucceeded = "RemediationsSucceeded";
    public const string RemediationsFailed = "RemediationsFailed";
    public const string TimeToRemediate = "TimeToRemediate";
    public const string OutboundFailures = "OutboundFailures";
    /// <summary>Settle windows after which the alert was still firing (the workflow went on).</summary>
    public const string SettledStillFiring = "SettledStillFiring";
    /// <summary>Settle windows inside which the alert resolved (nothing planned, no approval).</summary>
    public const string SettledResolved = "SettledResolved";
    /// <summary>Approvals retired unpublished because the alert resolved while PrepareApproval/Escalate ran.</summary>
    public const string ApprovalsRetiredUnsent = "ApprovalsRetiredUnsent";
    /// <summary>What an execution cost in USD at AWS prices (RecordOutcome), also per <see cref="OutcomeDimension"/>.</summary>
    public const string CostUsd = "CostUsd";
    /// <summary>Executions that ended remediated: executed and verified (the denominator of cost per verified fix).</summary>
    public const string VerifiedFixes = "VerifiedFixes";
    /// <summary>Dimension of <see cref="CostUsd"/>: the outcome status (WorkflowOutcomes).</summary>
    public const string OutcomeDimension = "outcome";
}
