using System.Text.Json.Nodes;
using AeonNova.Core.Alerts.Sns;
using AeonNova.Core.Workflow;
using AeonNova.Infra.Ingestion;
using AeonNova.Infra.Tests.Support;
using Amazon.CDK.Assertions;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Ingestion;

[Collection(SynthCollection.Name)]
[Trait("Category", "Integration")]
public sealed class IngestionConstructTests(SynthFixture fixture)
{
    private readonly SynthesizedStack _dev = fixture.Dev;

    [Fact]
    public void Queues_WhenSynthesized_ShouldAllBeKmsEncryptedWithTheCustomerKey()
    {
        var queues = _dev.Resources("AWS::SQS::Queue");
        Assert.NotEmpty(queues);
        Assert.All(queues, q => Assert.NotNull(q.Value["Properties"]!["KmsMasterKeyId"]!["Fn::GetAtt"]));
    }

    [Fact]
    public void WorkQueues_WhenSynthesized_ShouldEachHaveADeadLetterQueueAfterFiveReceives()
    {
        var queues = _dev.Resources("AWS::SQS::Queue");
        // Dead-letter queues of queues (RedrivePolicy) and of SNS subscriptions (the approval redrive queue).
        var deadLetterTargets = queues.Concat(_dev.Resources("AWS::SNS::Subscription"))
            .Select(q => q.Value["Properties"]!["RedrivePolicy"]?["deadLetterTargetArn"]?["Fn::GetAtt"]?[0]?.GetValue<string>())
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var workQueues = queues.Where(q => !deadLetterTargets.Contains(q.Key)).ToList();

        Assert.NotEmpty(deadLetterTargets);
        Assert.NotEmpty(workQueues);
        Assert.All(workQueues, q => Assert.Equal(5, q.Value["Properties"]!["RedrivePolicy"]!["maxReceiveCount"]!.GetValue<int>()));
    }

    [Fact]
    public void AlertsQueue_WhenConsumedByParseAlerts_ShouldHideMessagesForSixTimesTheConsumerTimeout()
    {
        var mapping = Assert.Single(_dev.Resources("AWS::Lambda::EventSourceMapping")).Value["Properties"]!;
        Assert.Equal("ReportBatchItemFailures", Assert.Single(Strings(mapping["FunctionResponseTypes"])));

        var queueId = mapping["EventSourceArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        // The mapping targets the alias: FunctionName is "<function name>:live" built from the alias ARN.
        var aliasId = System.Text.RegularExpressions.Regex.Match(mapping["FunctionName"]!.ToJsonString(), "\"Ref\":\"(?<id>Functions\\w+Alias\\w+)\"").Groups["id"].Value;
        Assert.EndsWith(":live\"]]}", mapping["FunctionName"]!.ToJsonString(), StringComparison.Ordinal);
        var functionId = _dev.Json["Resources"]![aliasId]!["Properties"]!["FunctionName"]!["Ref"]!.GetValue<string>();
        var function = _dev.Json["Resources"]![functionId]!["Properties"]!;
        var queue = _dev.Json["Resources"]![queueId]!["Properties"]!;

        Assert.Contains("ParseAlertsFunction", function["Handler"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(queue["VisibilityTimeout"]!.GetValue<int>() >= 6 * function["Timeout"]!.GetValue<int>());
    }

    [Fact]
    public void AlarmRule_WhenSynthesized_ShouldSendCloudWatchAlarmStateChangesExceptOurOwnToTheQueue()
    {
        var targetArn = new Capture();
        _dev.Template.HasResourceProperties("AWS::Events::Rule", Obj(
            ("EventPattern", Match.ObjectLike(Obj(
                ("source", new[] { "aws.cloudwatch" }),
                ("detail-type", new[] { "CloudWatch Alarm State Change" }),
                ("detail", Match.ObjectLike(Obj(("alarmName", new object[] { Obj(("anything-but", Obj(("prefix", "aeonnova-dev-")))) }))))))),
            ("Targets", Match.ArrayWith([Match.ObjectLike(Obj(("Arn", targetArn)))]))));

        var queueId = ((IDictionary<string, object>)targetArn.AsObject())["Fn::GetAtt"];
        Assert.StartsWith("IngestionAlertsQueue", ((object[])queueId)[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Api_WhenSynthesized_ShouldThrottleTraceAndWriteAccessLogs()
    {
        _dev.Template.HasResourceProperties("AWS::ApiGateway::Stage", Match.ObjectLike(Obj(
            ("StageName", "live"),
            ("TracingEnabled", true),
            ("AccessLogSetting", Match.ObjectLike(Obj(("DestinationArn", Match.AnyValue())))),
            ("MethodSettings", Match.ArrayWith([Match.ObjectLike(Obj(("ThrottlingRateLimit", 20), ("ThrottlingBurstLimit", 40)))])))));
        _dev.Template.HasResourceProperties("AWS::ApiGateway::Resource", Obj(("PathPart", "{source}")));
    }

    [Fact]
    public void WebAcl_WhenSynthesized_ShouldUseManagedRulesRateLimitAndSizeLimitOnTheStage()
    {
        _dev.Template.HasResourceProperties("AWS::WAFv2::WebACL", Match.ObjectLike(Obj(
            ("Scope", "REGIONAL"),
            ("Rules", Match.ArrayWith([
                Match.ObjectLike(Obj(("Statement", Obj(("ManagedRuleGroupStatement", Match.ObjectLike(Obj(("VendorName", "AWS"), ("Name", "AWSManagedRulesCommonRuleSet")))))))),
                Match.ObjectLike(Obj(("Statement", Obj(("ManagedRuleGroupStatement", Match.ObjectLike(Obj(("Name", "AWSManagedRulesKnownBadInputsRuleSet")))))))),
                Match.ObjectLike(Obj(("Name", ApiFirewall.RateRuleName), ("Statement", Obj(("RateBasedStatement", Obj(("Limit", 1000), ("AggregateKeyType", "IP"))))))),
                Match.ObjectLike(Obj(("Name", ApiFirewall.SizeRuleName), ("Statement", Obj(("RegexMatchStatement", Match.ObjectLike(Obj(
                    ("RegexString", ApiFirewall.GreaterThanPattern(262144))))))))),
            ])))));

        var association = Assert.Single(_dev.Resources("AWS::WAFv2::WebACLAssociation")).Value;
        var arn = association["Properties"]!["ResourceArn"]!.ToJsonString();
        Assert.Contains(":apigateway:", arn, StringComparison.Ordinal);
        Assert.Contains("\"/stages/\",{\"Ref\":\"IngestionApiDeploymentStagelive", arn, StringComparison.Ordinal);
        Assert.Contains("IngestionApiDeploymentStage", string.Join(',', Strings(association["DependsOn"])), StringComparison.Ordinal);
    }

    [Fact]
    public void ApiRoutes_WhenSynthesized_ShouldSendAlertsToIngestAndApprovalsToApprovalApi()
    {
        var methods = _dev.Resources("AWS::ApiGateway::Method").Select(m => m.Value["Properties"]!).ToList();
        string Target(JsonNode method) => method["Integration"]!["Uri"]!.ToJsonString();

        var lambdaMethods = methods.Where(m => m["Integration"]!["Type"]!.GetValue<string>() == "AWS_PROXY").ToList();
        Assert.Equal(5, lambdaMethods.Count);
        Assert.Single(lambdaMethods, m => Target(m).Contains("FunctionsIngestAlias", StringComparison.Ordinal));
        // GET/POST /approvals/{id}, POST /chat/slack/interactions and /chat/teams/messages.
        Assert.Equal(4, lambdaMethods.Count(m => Target(m).Contains("FunctionsApprovalApiAlias", StringComparison.Ordinal)));
    }

    [Fact]
    public void IngestFunction_WhenTopicsAreConfigured_ShouldAllowExactlyThoseForSnsHandshakes()
    {
        Assert.Equal(string.Join(',', SynthFixture.ProdSnsTopicArns), IngestVariables(fixture.Prod)[SnsSubscriptionPolicy.EnvironmentVariable]!.GetValue<string>());
    }

    [Fact]
    public void IngestFunction_WhenNoTopicIsConfigured_ShouldSetAnEmptyAllowListThatRefusesEveryHandshake()
    {
        Assert.Empty(_dev.Settings.SnsTopicArns);
        Assert.Equal("", IngestVariables(_dev)[SnsSubscriptionPolicy.EnvironmentVariable]!.GetValue<string>());
    }

    private static JsonNode IngestVariables(SynthesizedStack stack) =>
        stack.Resources("AWS::Lambda::Function")
            .Single(f => f.Value["Properties"]!["Handler"]!.GetValue<string>() == WorkflowContract.Functions.Single(d => d.Name == "Ingest").Handler)
            .Value["Properties"]!["Environment"]!["Variables"]!;
}
