using System.Text.Json.Nodes;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Data;
using AeonNova.Infra.Tests.Support;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Security;

/// <summary>The findings of issue #19, each checked on the synthesized template.</summary>
[Collection(SynthCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HardeningTests(SynthFixture fixture)
{
    private readonly SynthFixture _fixture = fixture;

    [Fact]
    public void CdkJson_WhenRead_ShouldSetEveryRecommendedFeatureFlagIncludingSameAccountQueueTargets()
    {
        var context = CdkJsonFile.ReadContext(RepoLayout.Root);
        Assert.Equal(true, context["@aws-cdk/aws-events:eventsTargetQueueSameAccount"]);
        Assert.Equal(true, context["@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy"]);
        Assert.Equal(true, context["@aws-cdk/aws-iam:minimizePolicies"]);
    }

    [Fact]
    public void AlertQueues_WhenSynthesized_ShouldAcceptEventBridgeOnlyFromTheAlarmRuleOfThisAccount()
    {
        var stack = _fixture.Dev;
        var ruleId = Assert.Single(stack.Resources("AWS::Events::Rule")).Key;
        var fromEvents = stack.Resources("AWS::SQS::QueuePolicy")
            .SelectMany(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"]))
            .Where(s => (string?)s["Effect"] == "Allow" && s["Principal"]?["Service"]?.ToJsonString().Contains("events.amazonaws.com", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Equal(2, fromEvents.Count);
        Assert.All(fromEvents, s =>
        {
            Assert.Equal(ruleId, s["Condition"]!["ArnEquals"]!["aws:SourceArn"]!["Fn::GetAtt"]![0]!.GetValue<string>());
            Assert.Equal("{\"Ref\":\"AWS::AccountId\"}", s["Condition"]!["StringEquals"]!["aws:SourceAccount"]!.ToJsonString());
        });
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void KeyPolicy_WhenSynthesized_ShouldConditionEveryServicePrincipalOnItsSource(string env)
    {
        var stack = env == "prod" ? _fixture.Prod : _fixture.Dev;
        var statements = stack.Resources("AWS::KMS::Key")
            .SelectMany(k => Many(k.Value["Properties"]!["KeyPolicy"]!["Statement"]))
            .Where(s => s["Principal"]?["Service"] is not null)
            .ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements, s => Assert.True(
            s["Condition"]?["StringEquals"]?["aws:SourceAccount"] is not null || s["Condition"]?["ArnLike"]?["kms:EncryptionContext:aws:logs:arn"] is not null,
            $"key statement {s["Sid"]} has no source condition: {s.ToJsonString()}"));
        var sns = statements.Single(s => (string?)s["Sid"] == "ApprovalTopicRedrivesToEncryptedQueue");
        Assert.EndsWith(":aeonnova-" + env + "-approvals", sns["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.ToJsonString().TrimEnd('"', ']', '}'), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev", "GOVERNANCE", 7)]
    [InlineData("prod", "COMPLIANCE", 365)]
    public void AuditBucket_WhenSynthesized_ShouldLockEveryVersionInTheEnvironmentsMode(string env, string mode, int days)
    {
        var bucket = AuditBucket(env == "prod" ? _fixture.Prod : _fixture.Dev).Value["Properties"]!;
        Assert.True(bucket["ObjectLockEnabled"]!.GetValue<bool>());
        var retention = bucket["ObjectLockConfiguration"]!["Rule"]!["DefaultRetention"]!;
        Assert.Equal(mode, (string?)retention["Mode"]);
        Assert.Equal(days, retention["Days"]!.GetValue<int>());
        Assert.Equal("Enabled", (string?)bucket["ObjectLockConfiguration"]!["ObjectLockEnabled"]);
    }

    [Fact]
    public void AuditBucket_WhenSynthesized_ShouldDenyDeletionAndRetentionBypassToAllButTheBreakGlassRole()
    {
        var stack = _fixture.Dev;
        var bucketId = AuditBucket(stack).Key;
        var deny = stack.Resources("AWS::S3::BucketPolicy")
            .Where(p => (string?)p.Value["Properties"]!["Bucket"]!["Ref"] == bucketId)
            .SelectMany(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"]))
            .Single(s => (string?)s["Sid"] == "DenyAuditDeletionExceptBreakGlass");
        Assert.Equal("Deny", (string?)deny["Effect"]);
        Assert.Equal("{\"AWS\":\"*\"}", deny["Principal"]!.ToJsonString());
        Assert.Equal(DataConstruct.ProtectedObjectActions.Order(StringComparer.Ordinal), Strings(deny["Action"]).Order(StringComparer.Ordinal));
        var exempt = deny["Condition"]!["ArnNotEquals"]!["aws:PrincipalArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        Assert.StartsWith("DataAuditBreakGlassRole", exempt, StringComparison.Ordinal);

        // Nobody else holds an Allow for those actions on the bucket.
        var holders = stack.Resources("AWS::IAM::Policy")
            .Where(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"])
                .Any(s => (string?)s["Effect"] == "Allow" && Strings(s["Action"]).Any(a => DataConstruct.ProtectedObjectActions.Contains(a) || a.StartsWith("s3:DeleteObject", StringComparison.Ordinal))))
            .SelectMany(p => Many(p.Value["Properties"]!["Roles"]).Select(r => (string?)r["Ref"]))
            .ToList();
        Assert.All(holders, h => Assert.StartsWith("DataAuditBreakGlassRole", h, StringComparison.Ordinal));
    }

    [Fact]
    public void AuditBucket_WhenSynthesized_ShouldWriteServerAccessLogsToASeparateBucket()
    {
        var stack = _fixture.Dev;
        var logging = AuditBucket(stack).Value["Properties"]!["LoggingConfiguration"]!;
        var target = logging["DestinationBucketName"]!["Ref"]!.GetValue<string>();
        Assert.StartsWith("DataAccessLogsBucket", target, StringComparison.Ordinal);
        var logBucket = stack.Json["Resources"]![target]!["Properties"]!;
        Assert.Equal(90, logBucket["LifecycleConfiguration"]!["Rules"]![0]!["ExpirationInDays"]!.GetValue<int>());
    }

    [Fact]
    public void ApprovalSubscription_WhenSynthesized_ShouldRedriveToAnAlarmedQueueAndKeepFailedInvocations()
    {
        var stack = _fixture.Dev;
        var lambdaSubscription = stack.Resources("AWS::SNS::Subscription").Single(s => (string?)s.Value["Properties"]!["Protocol"] == "lambda").Value["Properties"]!;
        var dlq = lambdaSubscription["RedrivePolicy"]!["deadLetterTargetArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        Assert.StartsWith("ApprovalApprovalDeliveryDlq", dlq, StringComparison.Ordinal);

        var invokeConfig = Assert.Single(stack.Resources("AWS::Lambda::EventInvokeConfig")).Value["Properties"]!;
        Assert.Equal(dlq, invokeConfig["DestinationConfig"]!["OnFailure"]!["Destination"]!["Fn::GetAtt"]![0]!.GetValue<string>());

        var alarm = stack.Resources("AWS::CloudWatch::Alarm").Single(a => (string?)a.Value["Properties"]!["AlarmName"] == "aeonnova-dev-P1-approval-delivery-failed");
        Assert.Contains(dlq, alarm.Value.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev", "ALL", true)]
    [InlineData("prod", "ERROR", false)]
    public void StateMachineLogging_WhenSynthesized_ShouldFollowTheEnvironmentsSetting(string env, string level, bool includeData)
    {
        var stack = env == "prod" ? _fixture.Prod : _fixture.Dev;
        var logging = stack.Resources("AWS::StepFunctions::StateMachine").Single().Value["Properties"]!["LoggingConfiguration"]!;
        Assert.Equal(level, (string?)logging["Level"]);
        Assert.Equal(includeData, logging["IncludeExecutionData"]!.GetValue<bool>());
    }

    [Fact]
    public void WebAcl_WhenSynthesized_ShouldLogToAKmsEncryptedWafLogGroupWithSecretsRedacted()
    {
        var stack = _fixture.Dev;
        var config = Assert.Single(stack.Resources("AWS::WAFv2::LoggingConfiguration")).Value["Properties"]!;
        var destination = Assert.Single(Many(config["LogDestinationConfigs"])).ToJsonString();
        Assert.Contains(":log-group:aws-waf-logs-aeonnova-dev-api", destination, StringComparison.Ordinal);
        Assert.DoesNotContain(":*", destination, StringComparison.Ordinal);
        var group = stack.Resources("AWS::Logs::LogGroup").Single(g => (string?)g.Value["Properties"]!["LogGroupName"] == "aws-waf-logs-aeonnova-dev-api").Value["Properties"]!;
        Assert.NotNull(group["KmsKeyId"]);
        var redacted = config["RedactedFields"]!.ToJsonString();
        Assert.Contains("QueryString", redacted, StringComparison.Ordinal);
        Assert.Contains("authorization", redacted, StringComparison.Ordinal);
    }

    private static KeyValuePair<string, JsonObject> AuditBucket(SynthesizedStack stack) =>
        stack.Resources("AWS::S3::Bucket").Single(b => b.Key.StartsWith("DataAuditBucket", StringComparison.Ordinal));
}
