using System.Text.Json;
using System.Text.RegularExpressions;

namespace AeonNova.Core.Alerts.Sources;

/// <summary>
/// CloudWatch alarms in the three shapes they arrive in: the EventBridge "CloudWatch Alarm State Change" event,
/// the SNS HTTP(S) notification whose Message is the alarm JSON, and an SNS-to-Lambda event (Records[].Sns,
/// one alert per record). A bare alarm message (AlarmName, NewStateValue, …) is read too.
/// </summary>
public sealed partial class CloudWatchParser(TimeProvider time, IAlertIdGenerator ids) : JsonAlertParser("cloudwatch", time, ids)
{
    /// <summary>Alarm states (CloudWatch "Alarm state change events", docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html).</summary>
    public static EventTable States { get; } = EventTable.Of("$.detail.state.value | NewStateValue",
        EventClass.Info("not an alarm state"),
        (["ALARM"], EventClass.Trigger),
        (["OK"], EventClass.Resolve),
        (["INSUFFICIENT_DATA"], EventClass.NoData));

    /// <summary>SNS HTTP(S) message types (x-amz-sns-message-type; docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html).</summary>
    public static EventTable SnsTypes { get; } = EventTable.Of("$.Type",
        EventClass.Info("unknown SNS message type"),
        (["Notification"], EventClass.Trigger),
        (["SubscriptionConfirmation"], EventClass.Info("SNS subscription handshake")),
        (["UnsubscribeConfirmation"], EventClass.Info("SNS confirms the endpoint was unsubscribed; nothing to do")));

    /// <summary>EventBridge detail types from aws.cloudwatch; only the state change carries an alarm.</summary>
    public static EventTable DetailTypes { get; } = EventTable.Of("$.detail-type",
        EventClass.Info("not a CloudWatch alarm state change"),
        (["CloudWatch Alarm State Change"], EventClass.Trigger),
        (["CloudWatch Alarm Configuration Change"], EventClass.Info("an alarm configuration change")));

    /// <summary>Dimensions that name the affected resource, in order of preference (EC2 instance first).</summary>
    private static readonly string[] ResourceDimensions =
        ["InstanceId", "DBInstanceIdentifier", "AutoScalingGroupName", "LoadBalancer", "FunctionName", "ClusterName", "CacheClusterId", "VolumeId", "TableName", "QueueName"];

    protected override void Read(JsonElement root, AlertOutput output)
    {
        JsonRead.RootObject(root, "a CloudWatch alarm event or SNS notification");
        if (root.TryGetProperty("detail-type", out _))
        {
            ReadEventBridge(root, output);
        }
        else if (JsonRead.Arr(root, "Records", "$") is { } records)
        {
            var index = 0;
            foreach (var item in records.EnumerateArray())
            {
                var path = $"$.Records[{index}]";
                var record = JsonRead.Item(item, "$.Records", index++);
                ReadSnsEnvelope(JsonRead.ReqObj(record, "Sns", path, "an SNS record carries the notification in Sns"), $"{path}.Sns", output);
            }
        }
        else if (root.TryGetProperty("Message", out _) || root.TryGetProperty("Type", out _))
        {
            ReadSnsEnvelope(root, "$", output);
        }
        else if (root.TryGetProperty("AlarmName", out _))
        {
            ReadAlarmMessage(root, "$", output);
        }
        else
        {
            throw AlertParseException.Shape("$", "neither an EventBridge alarm event (detail-type), an SNS notification (Message) nor an alarm message (AlarmName)");
        }
    }

    private static void ReadEventBridge(JsonElement root, AlertOutput output)
    {
        var detailType = JsonRead.Str(root, "detail-type", "$") ?? "";
        if (DetailTypes.Classify(detailType) is { IsInformational: true } info)
        {
            output.AddInformational(detailType, info.Reason, FirstResource(root));
            return;
        }
        var detail = JsonRead.ReqObj(root, "detail", "$", "the alarm state change is in detail");
        var state = JsonRead.ReqObj(detail, "state", "$.detail", "the new alarm state is in detail.state");
        var stateValue = JsonRead.ReqStr(state, "value", "$.detail.state", "expected ALARM, OK or INSUFFICIENT_DATA");
        var alarmName = JsonRead.ReqStr(detail, "alarmName", "$.detail", "the alarm name identifies the alarm");
        var configuration = JsonRead.Obj(detail, "configuration", "$.detail");
        var description = configuration is null ? null : JsonRead.Str(configuration.Value, "description", "$.detail.configuration");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alarmName"] = alarmName,
        };
        LabelMaps.AddIfPresent(labels, "account", JsonRead.Str(root, "account", "$"));
        LabelMaps.AddIfPresent(labels, "region", JsonRead.Str(root, "region", "$"));
        string? @namespace = null;
        if (configuration is not null && JsonRead.Arr(configuration.Value, "metrics", "$.detail.configuration") is { } metrics)
        {
            var index = 0;
            foreach (var item in metrics.EnumerateArray())
            {
                var path = $"$.detail.configuration.metrics[{index}]";
                var metricQuery = JsonRead.Item(item, "$.detail.configuration.metrics", index++);
                if (JsonRead.Obj(metricQuery, "metricStat", path) is not { } metricStat
                    || JsonRead.Obj(metricStat, "metric", $"{path}.metricStat") is not { } metric)
                {
                    continue;
                }
                var metricPath = $"{path}.metricStat.metric";
                @namespace ??= JsonRead.Str(metric, "namespace", metricPath);
                if (JsonRead.Str(metric, "name", metricPath) is { } metricName)
                {
                    labels.TryAdd("metricName", metricName);
                }
                foreach (var (name, value) in JsonRead.Map(metric, "dimensions", metricPath))
                {
                    labels.TryAdd(name, value);
                }
            }
        }
        LabelMaps.AddIfPresent(labels, "namespace", @namespace);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        LabelMaps.AddIfPresent(annotations, "reason", JsonRead.Str(state, "reason", "$.detail.state"));
        if (JsonRead.Obj(detail, "previousState", "$.detail") is { } previous)
        {
            LabelMaps.AddIfPresent(annotations, "previousState", JsonRead.Str(previous, "value", "$.detail.previousState"));
        }
        var alarmArn = FirstResource(root) ?? $"arn:aws:cloudwatch:{labels.GetValueOrDefault("region")}:{labels.GetValueOrDefault("account")}:alarm:{alarmName}";
        output.Add(Draft(alarmArn, alarmName, stateValue, "$.detail.state.value", description, labels, annotations,
            JsonRead.Time(state, "timestamp", "$.detail.state"), @namespace));
    }

    private static void ReadSnsEnvelope(JsonElement envelope, string path, AlertOutput output)
    {
        var type = JsonRead.Str(envelope, "Type", path);
        if (type is not null && SnsTypes.Classify(type) is { IsInformational: true } info)
        {
            var topicArn = JsonRead.Str(envelope, "TopicArn", path);
            SnsSubscriptionRequest? handshake = null;
            if (string.Equals(type.Trim(), "SubscriptionConfirmation", StringComparison.OrdinalIgnoreCase))
            {
                handshake = new SnsSubscriptionRequest(type.Trim(),
                    JsonRead.ReqStr(envelope, "TopicArn", path, "a subscription confirmation names its topic"),
                    JsonRead.ReqStr(envelope, "SubscribeURL", path, "a subscription confirmation carries the URL that confirms it"));
            }
            output.AddInformational(type, info.Reason, topicArn, handshake);
            return;
        }
        var message = JsonRead.ReqStr(envelope, "Message", path, "the SNS notification carries the alarm JSON in Message");
        var messagePath = $"{path}.Message";
        var trimmed = message.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{')
        {
            // A topic also carries other publishers' messages (a console test, another service): accepted, not an alarm.
            output.AddInformational("Notification", "the SNS message is not a CloudWatch alarm (not a JSON object)", JsonRead.Str(envelope, "MessageId", path));
            return;
        }
        var bytes = System.Text.Encoding.UTF8.GetBytes(message);
        JsonDocument document;
        try
        {
            document = JsonAlertParser.ParseDocument(bytes);
        }
        catch (AlertParseException ex)
        {
            throw AlertParseException.Shape(messagePath, $"the SNS Message is not alarm JSON: {ex.Message}");
        }
        using (document)
        {
            var alarm = document.RootElement;
            if (!alarm.TryGetProperty("AlarmName", out _))
            {
                output.AddInformational("Notification", "the SNS message is not a CloudWatch alarm (no AlarmName)", JsonRead.Str(envelope, "MessageId", path));
                return;
            }
            ReadAlarmMessage(alarm, messagePath, output);
        }
    }

    private static void ReadAlarmMessage(JsonElement alarm, string path, AlertOutput output)
    {
        var alarmName = JsonRead.ReqStr(alarm, "AlarmName", path, "the alarm message names its alarm");
        var stateValue = JsonRead.ReqStr(alarm, "NewStateValue", path, "expected ALARM, OK or INSUFFICIENT_DATA");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["alarmName"] = alarmName };
        LabelMaps.AddIfPresent(labels, "account", JsonRead.Str(alarm, "AWSAccountId", path));
        LabelMaps.AddIfPresent(labels, "region", JsonRead.Str(alarm, "Region", path));
        string? @namespace = null;
        if (JsonRead.Obj(alarm, "Trigger", path) is { } trigger)
        {
            var triggerPath = $"{path}.Trigger";
            @namespace = JsonRead.Str(trigger, "Namespace", triggerPath);
            LabelMaps.AddIfPresent(labels, "metricName", JsonRead.Str(trigger, "MetricName", triggerPath));
            if (JsonRead.Arr(trigger, "Dimensions", triggerPath) is { } dimensions)
            {
                var index = 0;
                foreach (var item in dimensions.EnumerateArray())
                {
                    var dimension = JsonRead.Item(item, $"{triggerPath}.Dimensions", index);
                    var dimensionPath = $"{triggerPath}.Dimensions[{index++}]";
                    var name = JsonRead.Str(dimension, "name", dimensionPath);
                    var value = JsonRead.Str(dimension, "value", dimensionPath);
                    if (!string.IsNullOrEmpty(name) && value is not null)
                    {
                        labels.TryAdd(name, value);
                    }
                }
            }
        }
        LabelMaps.AddIfPresent(labels, "namespace", @namespace);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        LabelMaps.AddIfPresent(annotations, "reason", JsonRead.Str(alarm, "NewStateReason", path));
        LabelMaps.AddIfPresent(annotations, "previousState", JsonRead.Str(alarm, "OldStateValue", path));
        var alarmArn = JsonRead.Str(alarm, "AlarmArn", path)
            ?? $"arn:aws:cloudwatch:{labels.GetValueOrDefault("region")}:{labels.GetValueOrDefault("account")}:alarm:{alarmName}";
        output.Add(Draft(alarmArn, alarmName, stateValue, $"{path}.NewStateValue", JsonRead.Str(alarm, "AlarmDescription", path),
            labels, annotations, JsonRead.Time(alarm, "StateChangeTime", path), @namespace));
    }

    private static AlertDraft Draft(string alarmArn, string alarmName, string stateValue, string statePath, string? description,
        Dictionary<string, string> labels, Dictionary<string, string> annotations, DateTimeOffset? changedAt, string? @namespace)
    {
        var state = States.Classify(stateValue);
        if (state.IsInformational)
        {
            throw AlertParseException.Shape(statePath, $"'{JsonRead.Excerpt(stateValue)}' is not ALARM, OK or INSUFFICIENT_DATA");
        }
        var status = state.Status;
        var hint = description is null ? null : SeverityHint().Match(description) is { Success: true } match ? match.Groups[1].Value : null;
        var severity = SeverityRules.TryMap(hint, out var hinted)
            ? hinted
            : status == AlertStatus.InsufficientData ? AlertSeverity.Info : AlertSeverity.Medium;
        var host = LabelLookup.First(labels, ResourceDimensions);
        // The ARN carries the region code (the SNS message only has its display name).
        var arnParts = alarmArn.Split(':');
        var region = arnParts.Length > 3 && arnParts[3].Length > 0 ? arnParts[3] : null;
        return new AlertDraft
        {
            SourceId = alarmArn,
            // Recipe: alarm ARN + affected resource; one alarm on one resource is one alert whatever its state.
            Fingerprint = Fingerprints.Compute("cloudwatch", alarmArn, host),
            Status = status,
            Severity = severity,
            Title = alarmName,
            Description = description ?? annotations.GetValueOrDefault("reason") ?? "",
            Host = host,
            Service = @namespace,
            Environment = description is null ? null : EnvironmentHint().Match(description) is { Success: true } env ? env.Groups[1].Value : null,
            Labels = labels,
            Annotations = annotations,
            StartedAt = status != AlertStatus.Resolved ? changedAt : null,
            EndedAt = status == AlertStatus.Resolved ? changedAt : null,
            Url = region is null || region.Contains(' ', StringComparison.Ordinal)
                ? null
                : $"https://console.aws.amazon.com/cloudwatch/home?region={Uri.EscapeDataString(region)}#alarmsV2:alarm/{Uri.EscapeDataString(alarmName)}",
        };
    }

    private static string? FirstResource(JsonElement root)
    {
        if (JsonRead.Arr(root, "resources", "$") is { } resources && resources.GetArrayLength() > 0)
        {
            return JsonRead.Text(resources[0], "$.resources[0]");
        }
        return null;
    }

    /// <summary>Alarm descriptions may carry "severity: high" / "severity=critical"; CloudWatch has no severity field.</summary>
    [GeneratedRegex(@"\bseverity\s*[:=]\s*([A-Za-z0-9]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeverityHint();

    [GeneratedRegex(@"\b(?:env|environment)\s*[:=]\s*([A-Za-z0-9_-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentHint();
}
