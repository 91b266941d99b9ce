using System.Text.Json;
using AeonNova.Core.Cost;
using Amazon;
using Amazon.Runtime;

namespace AeonNova.Functions.AwsJson;

/// <summary>
/// The Step Functions operations AeonNova needs (AWSSDK.StepFunctions is not available here), over
/// <see cref="AwsJsonClient"/>: StartExecution, SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat.
/// Request bodies follow the Step Functions API reference field names exactly.
/// </summary>
public sealed class StepFunctionsClient(AwsJsonClient client)
{
    public const string SigningName = "states";
    private const string Prefix = "AWSStepFunctions.";

    public static StepFunctionsClient Create(HttpClient http, AWSCredentials credentials, RegionEndpoint region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var endpoint = new Uri($"https://states.{region.SystemName}.amazonaws.com/");
        return new StepFunctionsClient(new AwsJsonClient(http, credentials, region, SigningName, endpoint));
    }

    /// <returns>executionArn and startDate (epoch seconds).</returns>
    public async Task<(string ExecutionArn, DateTimeOffset StartDate)> StartExecutionAsync(string stateMachineArn, string name, string input, CancellationToken cancellationToken = default)
    {
        var body = AwsJsonClient.Body(w =>
        {
            w.WriteString("stateMachineArn", stateMachineArn);
            w.WriteString("name", name);
            w.WriteString("input", input);
        });
        using var response = await client.SendAsync(Prefix + "StartExecution", body, cancellationToken);
        var root = response.RootElement;
        var arn = root.GetProperty("executionArn").GetString() ?? "";
        var start = root.TryGetProperty("startDate", out var sd) && sd.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(sd.GetDouble() * 1000))
            : DateTimeOffset.UnixEpoch;
        return (arn, start);
    }

    public async Task SendTaskSuccessAsync(string taskToken, string output, CancellationToken cancellationToken = default)
    {
        var body = AwsJsonClient.Body(w =>
        {
            w.WriteString("taskToken", taskToken);
            w.WriteString("output", output);
        });
        (await client.SendAsync(Prefix + "SendTaskSuccess", body, cancellationToken)).Dispose();
    }

    public async Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken = default)
    {
        var body = AwsJsonClient.Body(w =>
        {
            w.WriteString("taskToken", taskToken);
            w.WriteString("error", Truncate(error, 256));
            w.WriteString("cause", Truncate(cause, 32768));
        });
        (await client.SendAsync(Prefix + "SendTaskFailure", body, cancellationToken)).Dispose();
    }

    public async Task SendTaskHeartbeatAsync(string taskToken, CancellationToken cancellationToken = default)
    {
        var body = AwsJsonClient.Body(w => w.WriteString("taskToken", taskToken));
        (await client.SendAsync(Prefix + "SendTaskHeartbeat", body, cancellationToken)).Dispose();
    }

    /// <summary>
    /// GetExecutionHistory, every page, without execution data (includeExecutionData=false: no inputs or outputs
    /// cross the wire): each event's type, timestamp (epoch seconds) and the resource of LambdaFunctionScheduled /
    /// TaskScheduled events (their *EventDetails.resource).
    /// </summary>
    public async Task<IReadOnlyList<UsageEvent>> GetExecutionHistoryAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        var events = new List<UsageEvent>();
        string? next = null;
        do
        {
            var token = next;
            var body = AwsJsonClient.Body(w =>
            {
                w.WriteString("executionArn", executionArn);
                w.WriteNumber("maxResults", 1000);
                w.WriteBoolean("includeExecutionData", false);
                if (token is not null)
                {
                    w.WriteString("nextToken", token);
                }
            });
            using var response = await client.SendAsync(Prefix + "GetExecutionHistory", body, cancellationToken);
            var root = response.RootElement;
            if (root.TryGetProperty("events", out var page) && page.ValueKind == JsonValueKind.Array)
            {
                events.AddRange(page.EnumerateArray().Select(ToUsageEvent));
            }
            next = root.TryGetProperty("nextToken", out var nt) && nt.ValueKind == JsonValueKind.String ? nt.GetString() : null;
        }
        while (next is not null);
        return events;
    }

    private static UsageEvent ToUsageEvent(JsonElement e)
    {
        var type = e.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        var at = e.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(ts.GetDouble() * 1000))
            : DateTimeOffset.UnixEpoch;
        string? resource = null;
        foreach (var details in new[] { "lambdaFunctionScheduledEventDetails", "taskScheduledEventDetails" })
        {
            if (e.TryGetProperty(details, out var d) && d.TryGetProperty("resource", out var r))
            {
                resource = r.GetString();
            }
        }
        return new UsageEvent(type, at, resource);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

}
