using System.Text.Json.Nodes;
using AeonNova.Infra.Tests.Support;
using Amazon.CDK.Assertions;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Orchestration;

[Collection(SynthCollection.Name)]
// CDK synthesis runs the jsii runtime on Node.
[Trait("Category", "Integration")]
public sealed class OrchestrationConstructTests(SynthFixture fixture)
{
    private readonly SynthesizedStack _dev = fixture.Dev;

    [Fact]
    public void StateMachine_WhenSynthesized_ShouldBeStandardWithAllLoggingToAnEncryptedGroupAndTracing()
    {
        var logGroup = new Capture();
        _dev.Template.HasResourceProperties("AWS::StepFunctions::StateMachine", Match.ObjectLike(Obj(
            ("StateMachineType", "STANDARD"),
            ("TracingConfiguration", Obj(("Enabled", true))),
            ("LoggingConfiguration", Obj(
                ("Level", "ALL"),
                ("IncludeExecutionData", true),
                ("Destinations", new object[] { Obj(("CloudWatchLogsLogGroup", Obj(("LogGroupArn", Obj(("Fn::GetAtt", new object[] { logGroup, "Arn" })))))) }))),
            ("DefinitionS3Location", Match.AnyValue()),
            ("DefinitionSubstitutions", Match.AnyValue()))));

        var group = _dev.Json["Resources"]![logGroup.AsString()]!["Properties"]!;
        Assert.NotNull(group["KmsKeyId"]);
        Assert.Equal(30, group["RetentionInDays"]!.GetValue<int>());
    }

    [Fact]
    public void StateMachineRole_WhenSynthesized_ShouldInvokeOnlyTheConfiguredModel()
    {
        var statement = RoleStatements().Single(s => Strings(s["Action"]).Contains("bedrock:InvokeModel"));
        Assert.Equal("bedrock:InvokeModel", Assert.Single(Strings(statement["Action"])));
        Assert.Contains(":bedrock:", statement["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("::foundation-model/amazon.nova-pro-v1:0", statement["Resource"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SendCommandRole_WhenSynthesized_ShouldSendOnlyThroughTheTwoDocumentsToTaggedInstancesAndListCommands()
    {
        var statements = PolicyStatementsOf("FunctionsSendCommandRole");
        var sendCommand = statements.Where(s => Strings(s["Action"]).Contains("ssm:SendCommand")).ToList();
        Assert.Equal(2, sendCommand.Count);

        var documents = sendCommand.Single(s => s["Condition"] is null)["Resource"]!.ToJsonString();
        Assert.Contains("document/AWS-RunShellScript", documents, StringComparison.Ordinal);
        Assert.Contains("document/AWS-RunPowerShellScript", documents, StringComparison.Ordinal);
        Assert.Equal(2, Many(sendCommand.Single(s => s["Condition"] is null)["Resource"]).Count());

        var instances = sendCommand.Single(s => s["Condition"] is not null);
        Assert.Equal("true", instances["Condition"]!["StringEquals"]!["ssm:resourceTag/AeonNova:Managed"]!.GetValue<string>());
        Assert.All(Many(instances["Resource"]), r => Assert.Matches("instance/\\*", r.ToJsonString()));

        var list = Assert.Single(statements, s => Strings(s["Action"]).Contains("ssm:ListCommands"));
        Assert.Equal(["ssm:ListCommands"], Strings(list["Action"]));
        Assert.DoesNotContain(statements, s => Strings(s["Action"]).Any(a => a is "ssm:*" or "ssm:CancelCommand" or "ssm:StartSession"));
    }

    [Fact]
    public void Roles_WhenSynthesized_ShouldLetOnlyTheSendCommandFunctionSendCommands()
    {
        var senders = _dev.Resources("AWS::IAM::Policy")
            .Where(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"]).Any(s => Strings(s["Action"]).Contains("ssm:SendCommand")))
            .SelectMany(p => Many(p.Value["Properties"]!["Roles"]).Select(r => r["Ref"]!.GetValue<string>()))
            .Distinct()
            .ToList();

        Assert.StartsWith("FunctionsSendCommandRole", Assert.Single(senders), StringComparison.Ordinal);
        Assert.DoesNotContain(RoleStatements(), s => Strings(s["Action"]).Contains("ssm:SendCommand"));
    }

    [Fact]
    public void StateMachineRole_WhenSynthesized_ShouldPublishOnlyToTheApprovalTopicAndInvokeOnlyWorkflowAliases()
    {
        var publish = RoleStatements().Single(s => Strings(s["Action"]).Contains("sns:Publish"));
        Assert.StartsWith("ApprovalApprovalTopic", publish["Resource"]!["Ref"]!.GetValue<string>(), StringComparison.Ordinal);

        var invoked = RoleStatements()
            .Where(s => Strings(s["Action"]).Contains("lambda:InvokeFunction"))
            .SelectMany(s => Many(s["Resource"]))
            .Select(r => r.ToJsonString())
            .ToList();
        var workflowFunctions = Core.Workflow.WorkflowContract.Functions.Where(f => f.InWorkflow).ToList();
        Assert.Equal(workflowFunctions.Count, invoked.Count);
        Assert.All(workflowFunctions, f => Assert.Contains(invoked, r => r.Contains($"Functions{f.Name}Alias", StringComparison.Ordinal)));
        Assert.DoesNotContain(invoked, r => r.Contains("IngestAlias", StringComparison.Ordinal) || r.Contains("ApprovalApiAlias", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionRoles_WhenSynthesized_ShouldLetApprovalApiCompleteTasksAndParseAlertsStartExecutions()
    {
        string[] taskResponse = ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"];
        var approvalApi = PolicyStatementsOf("FunctionsApprovalApiRole");
        Assert.Contains(approvalApi, s => taskResponse.All(a => Strings(s["Action"]).Contains(a)) && IsStateMachine(s["Resource"]));

        var parseAlerts = PolicyStatementsOf("FunctionsParseAlertsRole");
        Assert.Contains(parseAlerts, s => Strings(s["Action"]).Contains("states:StartExecution") && IsStateMachine(s["Resource"]));
    }

    private static bool IsStateMachine(JsonNode? resource) =>
        resource?["Ref"]?.GetValue<string>().StartsWith("OrchestrationRemediation", StringComparison.Ordinal) == true;

    private List<JsonNode> RoleStatements() => PolicyStatementsOf("OrchestrationRemediationRole");

    private List<JsonNode> PolicyStatementsOf(string roleIdPrefix) =>
        [.. _dev.Resources("AWS::IAM::Policy")
            .Where(p => Many(p.Value["Properties"]!["Roles"]).Any(r => r["Ref"]!.GetValue<string>().StartsWith(roleIdPrefix, StringComparison.Ordinal)))
            .SelectMany(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"]))];
}
