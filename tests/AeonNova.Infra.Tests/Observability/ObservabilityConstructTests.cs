using System.Text.Json.Nodes;
using AeonNova.Core.Observability;
using AeonNova.Infra.Observability;
using AeonNova.Infra.Tests.Support;
using Amazon.CDK.Assertions;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Observability;

[Collection(SynthCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class ObservabilityConstructTests(SynthFixture fixture)
{
    private readonly SynthesizedStack _dev = fixture.Dev;

    [Fact]
    public void BedrockAlarm_WhenSynthesized_ShouldBeP0AboveFivePercentFailures()
    {
        _dev.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(Obj(
            ("AlarmName", "aeonnova-dev-P0-bedrock-failure-rate"),
            ("AlarmDescription", Match.StringLikeRegexp("^\\[P0\\]")),
            ("Threshold", 5),
            ("ComparisonOperator", "GreaterThanThreshold"),
            ("Metrics", Match.ArrayWith([
                Match.ObjectLike(Obj(("Expression", Match.StringLikeRegexp("100 \\* \\(clientErrors \\+ serverErrors \\+ throttles\\) / invocations")))),
                Match.ObjectLike(Obj(("Id", "invocations"), ("MetricStat", Match.ObjectLike(Obj(("Metric", Match.ObjectLike(Obj(
                    ("Namespace", "AWS/Bedrock"), ("MetricName", "Invocations")))))))))])))));
    }

    [Fact]
    public void MttrAlarm_WhenSynthesized_ShouldBeP1AboveTenMinutesOfTheFunctionsMilliseconds()
    {
        _dev.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(Obj(
            ("AlarmName", "aeonnova-dev-P1-mttr"),
            ("AlarmDescription", Match.StringLikeRegexp("^\\[P1\\]")),
            ("Threshold", 10),
            ("ComparisonOperator", "GreaterThanThreshold"),
            ("Metrics", Match.ArrayWith([
                Match.ObjectLike(Obj(("Expression", "mttrMs / 60000"))),
                Match.ObjectLike(Obj(("Id", "mttrMs"), ("MetricStat", Match.ObjectLike(Obj(
                    ("Stat", "Average"),
                    ("Metric", Obj(
                        ("Namespace", "AeonNova"),
                        ("MetricName", "TimeToRemediate"),
                        ("Dimensions", new object[] { Obj(("Name", "service"), ("Value", "aeonnova-dev")) }))))))))])))));
    }

    [Fact]
    public void MetricNames_WhenTheDashboardAndAlarmsReadCustomMetrics_ShouldTakeThemFromTheOneListTheFunctionsEmit()
    {
        // Dashboard widgets hold ["AeonNova","<name>","service",…]; an alarm names its metric or does math over some.
        var body = string.Concat(Strings(Assert.Single(_dev.Resources("AWS::CloudWatch::Dashboard")).Value["Properties"]!["DashboardBody"]));
        var charted = ChartedCustomMetric().Matches(body).Select(m => m.Groups["name"].Value).ToList();
        var alarmed = _dev.Resources("AWS::CloudWatch::Alarm")
            .Select(a => a.Value["Properties"]!)
            .SelectMany(p => p["Metrics"] is JsonArray math ? math.Select(m => m?["MetricStat"]?["Metric"]).OfType<JsonNode>() : [p])
            .Where(m => (string?)m["Namespace"] == MetricNames.Namespace)
            .Select(m => (string)m["MetricName"]!)
            .ToList();

        Assert.Contains(MetricNames.AlertsReceived, charted);
        Assert.All(charted.Concat(alarmed), name => Assert.Contains(name, MetricNames.All));

        // The functions put POWERTOOLS_METRICS_NAMESPACE / POWERTOOLS_SERVICE_NAME into every EMF line.
        _dev.Template.AllResourcesProperties("AWS::Lambda::Function", Match.ObjectLike(Obj(("Environment", Obj(("Variables", Match.ObjectLike(Obj(
            ("POWERTOOLS_METRICS_NAMESPACE", MetricNames.Namespace),
            ("POWERTOOLS_SERVICE_NAME", "aeonnova-dev")))))))));
    }

    [Fact]
    public void Dashboard_WhenSynthesized_ShouldShowCostPerVerifiedFixAndCostPerOutcome()
    {
        // The body is a Fn::Join of literal JSON text and tokens: read the literal parts as the dashboard will.
        var body = string.Concat(Strings(Assert.Single(_dev.Resources("AWS::CloudWatch::Dashboard")).Value["Properties"]!["DashboardBody"]));

        Assert.Contains("Cost per verified fix (USD, daily)", body, StringComparison.Ordinal);
        Assert.Contains("cost / fixes", body, StringComparison.Ordinal);
        Assert.Contains($"\"{MetricNames.VerifiedFixes}\"", body, StringComparison.Ordinal);
        Assert.Contains("Cost by outcome (USD, daily)", body, StringComparison.Ordinal);
        Assert.All(ObservabilityConstruct.CostOutcomes, outcome =>
            Assert.Contains($"\"{MetricNames.OutcomeDimension}\",\"{outcome}\"", body, StringComparison.Ordinal));
    }

    [Fact]
    public void QueueDepthAlarm_WhenSynthesized_ShouldBeP2AboveOneThousand()
    {
        var queue = new Capture();
        _dev.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(Obj(
            ("AlarmName", "aeonnova-dev-P2-queue-depth"),
            ("AlarmDescription", Match.StringLikeRegexp("^\\[P2\\]")),
            ("MetricName", "ApproximateNumberOfMessagesVisible"),
            ("Dimensions", new object[] { Obj(("Name", "QueueName"), ("Value", Obj(("Fn::GetAtt", new object[] { queue, "QueueName" })))) }),
            ("Threshold", 1000),
            ("ComparisonOperator", "GreaterThanThreshold"))));
        Assert.StartsWith("IngestionAlertsQueue", queue.AsString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DeadLetterAlarm_WhenSynthesized_ShouldFireOnTheFirstMessage()
    {
        var queue = new Capture();
        _dev.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(Obj(
            ("AlarmName", "aeonnova-dev-P1-dlq-not-empty"),
            ("Dimensions", new object[] { Obj(("Name", "QueueName"), ("Value", Obj(("Fn::GetAtt", new object[] { queue, "QueueName" })))) }),
            ("Threshold", 0),
            ("ComparisonOperator", "GreaterThanThreshold"))));
        Assert.StartsWith("IngestionAlertsDlq", queue.AsString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WorkflowAlarm_WhenSynthesized_ShouldFireOnAnyFailedTimedOutOrAbortedExecution()
    {
        _dev.Template.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(Obj(
            ("AlarmName", "aeonnova-dev-P1-workflow-failures"),
            ("Threshold", 1),
            ("ComparisonOperator", "GreaterThanOrEqualToThreshold"),
            ("Metrics", Match.ArrayWith([
                Match.ObjectLike(Obj(("Expression", "failed + timedOut + aborted"))),
                Match.ObjectLike(Obj(("Id", "failed"), ("MetricStat", Match.ObjectLike(Obj(("Metric", Match.ObjectLike(Obj(
                    ("Namespace", "AWS/States"), ("MetricName", "ExecutionsFailed")))))))))])))));
    }

    [Fact]
    public void Alarms_WhenSynthesized_ShouldAllNotifyTheEncryptedOpsTopic()
    {
        var alarms = _dev.Resources("AWS::CloudWatch::Alarm");
        Assert.Equal(6, alarms.Count);
        Assert.All(alarms, a => Assert.StartsWith("ObservabilityOpsTopic", a.Value["Properties"]!["AlarmActions"]![0]!["Ref"]!.GetValue<string>(), StringComparison.Ordinal));

        var opsTopic = _dev.Resources("AWS::SNS::Topic").Single(t => t.Key.StartsWith("ObservabilityOpsTopic", StringComparison.Ordinal));
        Assert.NotNull(opsTopic.Value["Properties"]!["KmsMasterKeyId"]);
    }

    [Fact]
    public void Dashboard_WhenSynthesized_ShouldShowTheSeedsMetrics()
    {
        var body = Assert.Single(_dev.Resources("AWS::CloudWatch::Dashboard")).Value["Properties"]!["DashboardBody"]!.ToJsonString();
        string[] metrics =
        [
            "AlertsReceived", "AlertsDeduplicated", "TimeToRemediate", "ServiceIntegrationRunTime", "sns:publish.waitForTaskToken",
            "Invocations", "InvocationClientErrors", "InvocationLatency", "ScriptsBlocked", "RemediationsSucceeded", "RemediationsFailed",
        ];
        Assert.All(metrics, m => Assert.Contains(m, body, StringComparison.Ordinal));
        Assert.Contains("aeonnova-dev", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Budget_WhenSynthesized_ShouldWarnOnActualAndForecastSpend()
    {
        _dev.Template.HasResourceProperties("AWS::Budgets::Budget", Match.ObjectLike(Obj(
            ("Budget", Match.ObjectLike(Obj(("BudgetType", "COST"), ("TimeUnit", "MONTHLY"), ("BudgetLimit", Obj(("Amount", 100), ("Unit", "USD")))))),
            ("NotificationsWithSubscribers", Match.ArrayWith([
                Match.ObjectLike(Obj(("Notification", Match.ObjectLike(Obj(("NotificationType", "ACTUAL"), ("Threshold", 80)))))),
                Match.ObjectLike(Obj(("Notification", Match.ObjectLike(Obj(("NotificationType", "FORECASTED"), ("Threshold", 100)))))),
            ])))));
    }

    /// <summary>The literal parts of a (possibly Fn::Join'ed) template value, in order: the dashboard's JSON text.</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        JsonArray array => array.SelectMany(Strings),
        JsonObject obj when obj.ContainsKey("Fn::Join") => Strings(obj["Fn::Join"]![1]),
        _ => [],
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"""AeonNova"",""(?<name>\w+)""", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ChartedCustomMetric();
}
