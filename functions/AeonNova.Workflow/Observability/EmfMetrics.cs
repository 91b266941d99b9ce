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
