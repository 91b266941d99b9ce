using AeonNova.Core.Workflow;
using AeonNova.Infra.Functions;
using AeonNova.Infra.Tests.Support;
using Amazon.CDK.Assertions;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Functions;

[Collection(SynthCollection.Name)]
// CDK synthesis runs the jsii runtime on Node.
[Trait("Category", "Integration")]
public sealed class FunctionsConstructTests(SynthFixture fixture)
{
    private readonly SynthesizedStack _dev = fixture.Dev;

    [Fact]
    public void Functions_WhenSynthesized_ShouldBeExactlyTheContractHandlers()
    {
        var handlers = _dev.Resources("AWS::Lambda::Function")
            .Select(f => f.Value["Properties"]!["Handler"]!.GetValue<string>())
            .Order(StringComparer.Ordinal);
        Assert.Equal(WorkflowContract.Functions.Select(f => f.Handler).Order(StringComparer.Ordinal), handlers);
    }

    [Fact]
    public void Functions_WhenSynthesized_ShouldRunDotnet10OnArm64WithSnapStartAndActiveTracing()
    {
        _dev.Template.AllResourcesProperties("AWS::Lambda::Function", Match.ObjectLike(Obj(
            ("Runtime", "dotnet10"),
            ("Architectures", new[] { "arm64" }),
            ("SnapStart", Obj(("ApplyOn", "PublishedVersions"))),
            ("TracingConfig", Obj(("Mode", "Active"))),
            ("LoggingConfig", Match.ObjectLike(Obj(("LogFormat", "JSON"), ("LogGroup", Match.AnyValue())))))));
    }

    [Fact]
    public void Aliases_WhenSynthesized_ShouldPointEveryFunctionAtAPublishedVersion()
    {
        var aliases = _dev.Resources("AWS::Lambda::Alias");
        Assert.Equal(WorkflowContract.Functions.Count, aliases.Count);
        Assert.All(aliases, a =>
        {
            Assert.Equal(FunctionsConstruct.AliasName, a.Value["Properties"]!["Name"]!.GetValue<string>());
            Assert.NotNull(a.Value["Properties"]!["FunctionVersion"]!["Fn::GetAtt"]);
        });
        _dev.Template.ResourceCountIs("AWS::Lambda::Version", WorkflowContract.Functions.Count);
    }

    [Fact]
    public void Code_WhenSynthesized_ShouldBeOneAssetFromThePublishDirectory()
    {
        var keys = _dev.Resources("AWS::Lambda::Function").Select(f => f.Value["Properties"]!["Code"]!["S3Key"]!.GetValue<string>()).Distinct().ToList();
        var key = Assert.Single(keys);
        var staged = Path.Combine(_dev.AssemblyDirectory, "asset." + Path.GetFileNameWithoutExtension(key));
        Assert.True(File.Exists(Path.Combine(staged, FunctionsConstruct.MarkerFile)), $"asset {staged} is not the publish output");
    }

    [Fact]
    public void LogRetention_WhenSynthesized_ShouldKeepInfoThirtyDaysAndArchiveErrorsForNinety()
    {
        var logGroupIds = _dev.Resources("AWS::Lambda::Function").Select(f => f.Value["Properties"]!["LoggingConfig"]!["LogGroup"]!["Ref"]!.GetValue<string>()).ToList();
        Assert.All(logGroupIds, id =>
        {
            var group = _dev.Json["Resources"]![id]!["Properties"]!;
            Assert.Equal(30, group["RetentionInDays"]!.GetValue<int>());
            Assert.NotNull(group["KmsKeyId"]);
        });

        var filters = _dev.Resources("AWS::Logs::SubscriptionFilter").Select(f => f.Value["Properties"]!).ToList();
        Assert.Equal(logGroupIds.Order(StringComparer.Ordinal), filters.Select(f => f["LogGroupName"]!["Ref"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(filters, f => Assert.Equal(FunctionsConstruct.ErrorFilterPattern, f["FilterPattern"]!.GetValue<string>()));

        _dev.Template.HasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Match.ObjectLike(Obj(
            ("DeliveryStreamEncryptionConfigurationInput", Match.ObjectLike(Obj(("KeyType", "CUSTOMER_MANAGED_CMK")))),
            ("ExtendedS3DestinationConfiguration", Match.ObjectLike(Obj(("Prefix", Match.StringLikeRegexp("^logs/errors/")))))))); // 90-day expiry: DataConstructTests
    }

    [Fact]
    public void ReservedConcurrency_WhenConfigured_ShouldCapTheFunctionsARunawayLoopCouldDrive()
    {
        var byName = _dev.Resources("AWS::Lambda::Function").ToDictionary(
            f => f.Value["Properties"]!["Handler"]!.GetValue<string>().Split("Handlers.")[1].Replace("Function::Handle", string.Empty, StringComparison.Ordinal),
            f => f.Value["Properties"]!["ReservedConcurrentExecutions"]?.GetValue<int>());
        foreach (var (name, limit) in _dev.Settings.ReservedConcurrency)
        {
            Assert.Equal(limit, byName[name]);
        }

        Assert.Contains("Ingest", _dev.Settings.ReservedConcurrency.Keys);
        Assert.Contains("ParseAlerts", _dev.Settings.ReservedConcurrency.Keys);
    }

    [Fact]
    public void FunctionRoles_WhenSynthesized_ShouldReachOnlyTheTablesTheirHandlersUse()
    {
        Assert.Empty(DynamoActions("CloseOut"));
        Assert.Empty(DynamoActions("ValidateScript"));
        Assert.Equal(["AlertsTable"], DynamoActions("Ingest").Select(a => a.Table).Distinct());
        Assert.DoesNotContain(DynamoActions("Ingest"), a => a.Action is "dynamodb:PutItem" or "dynamodb:UpdateItem" or "dynamodb:DeleteItem");
        Assert.Equal(["AlertsTable", "ApprovalsTable"], DynamoActions("ParseAlerts").Select(a => a.Table).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["ApprovalsTable"], DynamoActions("ApprovalApi").Select(a => a.Table).Distinct());
        Assert.Equal(["ExecutionsTable"], DynamoActions("RecordOutcome").Select(a => a.Table).Distinct());
        // The command ledger: only SendCommand, and only the three calls its conditional writes make.
        Assert.Equal([("CommandLedgerTable", "dynamodb:GetItem"), ("CommandLedgerTable", "dynamodb:PutItem"), ("CommandLedgerTable", "dynamodb:UpdateItem")],
            DynamoActions("SendCommand").Distinct().Order());
        Assert.All(WorkflowContract.Functions.Where(f => f.Name != "SendCommand"),
            f => Assert.DoesNotContain(DynamoActions(f.Name), a => a.Table == "CommandLedgerTable"));
        Assert.NotNull(FunctionProperties("SendCommand")["Environment"]!["Variables"]!["COMMAND_LEDGER_TABLE_NAME"]);
    }

    [Fact]
    public void ValidateScript_WhenSynthesized_ShouldReceiveTheAutoRunPolicyFromContext()
    {
        var auto = _dev.Settings.AutoApproval;
        var variables = FunctionProperties("ValidateScript")["Environment"]!["Variables"]!;
        Assert.Equal(auto.Diagnostics ? "true" : "false", variables["AUTO_RUN_DIAGNOSTICS"]!.GetValue<string>());
        Assert.Equal(string.Join(',', auto.Environments), variables["AUTO_RUN_ENVIRONMENTS"]!.GetValue<string>());
        Assert.Equal(auto.MaxRiskScore.ToString(System.Globalization.CultureInfo.InvariantCulture), variables["MAX_AUTO_RISK_SCORE"]!.GetValue<string>());
        Assert.Equal(_dev.Settings.BedrockModelId, variables["MODEL_ID"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionsProject_WhenPublished_ShouldCarryEveryPackageDataPathTheHandlersRead()
    {
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(RepoLayout.Root, "functions", "AeonNova.Functions", "AeonNova.Functions.csproj"));
        var published = project.Descendants()
            .Where(e => (string?)e.Attribute("CopyToPublishDirectory") is "PreserveNewest" or "Always")
            .Select(e => ((string?)e.Attribute("Link") ?? (string?)e.Attribute("LinkBase"))!.Replace('\\', '/'))
            .ToList();

        foreach (var data in FunctionsConstruct.PackageData)
        {
            Assert.Contains(data, published);
            var source = Path.Combine(RepoLayout.Root, data);
            Assert.True(File.Exists(source) || Directory.Exists(source), $"{data} is missing from the checkout");
        }
    }

    [Fact]
    public void MissingPackageData_WhenPublishOutputLacksPolicyPromptsAndRunbooks_ShouldNameEach()
    {
        var dir = Directory.CreateTempSubdirectory("aeonnova-publish-").FullName;
        Assert.Equal(["config/approval-policy.json", "prompts", "runbooks"], FunctionsConstruct.MissingPackageData(dir));

        Directory.CreateDirectory(Path.Combine(dir, "runbooks"));
        Assert.DoesNotContain("runbooks", FunctionsConstruct.MissingPackageData(dir));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void FunctionRoles_WhenSynthesized_ShouldNotCarryTheAccountWideBasicExecutionPolicy()
    {
        var functionRoles = _dev.Resources("AWS::Lambda::Function").Select(f => f.Value["Properties"]!["Role"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.All(functionRoles, id => Assert.Null(_dev.Json["Resources"]![id]!["Properties"]!["ManagedPolicyArns"]));
    }

    [Fact]
    public void ApproversTopic_WhenSynthesized_ShouldFilterEachApproversEmailOnTheirOwnAttributeAndBePublishedOnlyByApprovalApi()
    {
        var topicId = Assert.Single(_dev.Resources("AWS::SNS::Topic"), t => t.Key.StartsWith("ApprovalApproversTopic", StringComparison.Ordinal)).Key;
        var approvalTopicId = Assert.Single(_dev.Resources("AWS::SNS::Topic"), t => t.Key.StartsWith("ApprovalApprovalTopic", StringComparison.Ordinal)).Key;
        var subscriptions = _dev.Resources("AWS::SNS::Subscription").Select(s => s.Value["Properties"]!).ToList();
        var toApprovers = subscriptions.Where(s => s["TopicArn"]?["Ref"]?.GetValue<string>() == topicId).ToList();
        Assert.Equal(_dev.Settings.ApproverEmails.Order(StringComparer.Ordinal), toApprovers.Select(s => s["Endpoint"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(toApprovers, s =>
        {
            Assert.Equal("email", s["Protocol"]!.GetValue<string>());
            Assert.Equal($"{{\"approver\":[\"{s["Endpoint"]!.GetValue<string>().ToLowerInvariant()}\"]}}", s["FilterPolicy"]!.ToJsonString());
        });
        // The task-token topic reaches ApprovalApi only: no mailbox is subscribed to it.
        Assert.DoesNotContain(subscriptions, s => s["TopicArn"]?["Ref"]?.GetValue<string>() == approvalTopicId && s["Protocol"]!.GetValue<string>() == "email");

        var publishers = _dev.Resources("AWS::IAM::Policy")
            .SelectMany(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"]).Select(st => (Roles: p.Value["Properties"]!["Roles"]!.ToJsonString(), Statement: st)))
            .Where(x => Strings(x.Statement["Action"]).Contains("sns:Publish") && Many(x.Statement["Resource"]).Any(r => r["Ref"]?.GetValue<string>() == topicId))
            .ToList();
        var publisher = Assert.Single(publishers);
        Assert.Contains(FunctionProperties("ApprovalApi")["Role"]!["Fn::GetAtt"]![0]!.GetValue<string>(), publisher.Roles, StringComparison.Ordinal);
        Assert.Equal(["sns:Publish"], Strings(publisher.Statement["Action"]));
        Assert.Single(Many(publisher.Statement["Resource"]));
        Assert.Equal(topicId, FunctionProperties("ApprovalApi")["Environment"]!["Variables"]!["APPROVERS_TOPIC_ARN"]!["Ref"]!.GetValue<string>());
    }

    private System.Text.Json.Nodes.JsonNode FunctionProperties(string name) =>
        _dev.Resources("AWS::Lambda::Function").Single(f => f.Value["Properties"]!["Handler"]!.GetValue<string>() == WorkflowContract.Functions.Single(d => d.Name == name).Handler).Value["Properties"]!;

    /// <summary>(table logical id prefix, action) for every DynamoDB action in the function role's policies.</summary>
    private List<(string Table, string Action)> DynamoActions(string name)
    {
        var roleId = FunctionProperties(name)["Role"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        return [.. _dev.Resources("AWS::IAM::Policy")
            .Where(p => Many(p.Value["Properties"]!["Roles"]).Any(r => r["Ref"]?.GetValue<string>() == roleId))
            .SelectMany(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"]))
            .SelectMany(s => Strings(s["Action"]).Where(a => a.StartsWith("dynamodb:", StringComparison.Ordinal))
                .SelectMany(a => Many(s["Resource"]).Select(r => (Table: TableOf(r), Action: a))))
            .Where(t => t.Table.Length > 0)];
    }

    private static string TableOf(System.Text.Json.Nodes.JsonNode resource)
    {
        var text = resource.ToJsonString();
        foreach (var table in new[] { "AlertsTable", "ApprovalsTable", "ExecutionsTable", "CommandLedgerTable" })
        {
            if (text.Contains("Data" + table, StringComparison.Ordinal))
            {
                return table;
            }
        }

        return string.Empty;
    }
}
