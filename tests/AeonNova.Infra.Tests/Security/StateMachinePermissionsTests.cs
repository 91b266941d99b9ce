using System.Text.Json.Nodes;
using AeonNova.Infra.Tests.Support;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Security;

/// <summary>
/// The state machine role holds exactly what its definition calls: the actions derived from the ASL's Resource ARNs
/// (AslPermissions), plus what the state machine's own configuration needs — log delivery (Step Functions developer
/// guide, "IAM policies for logging to CloudWatch Logs"), X-Ray tracing, and the stack key for its encrypted targets
/// (only through those targets' services). Any extra or missing action fails, naming it.
/// </summary>
[Collection(SynthCollection.Name)]
[Trait("Category", "Integration")]
public sealed class StateMachinePermissionsTests(SynthFixture fixture)
{
    /// <summary>LoggingConfiguration: vended log delivery has no resource-level permissions.</summary>
    public static readonly IReadOnlySet<string> LoggingActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    };

    /// <summary>TracingConfiguration.Enabled.</summary>
    public static readonly IReadOnlySet<string> TracingActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
    };

    /// <summary>Services whose targets in this stack are encrypted with the customer key (topic, tables).</summary>
    public static readonly IReadOnlySet<string> EncryptedTargetServices = new HashSet<string>(StringComparer.Ordinal) { "sns", "dynamodb" };

    public static readonly IReadOnlyList<string> KeyActions = ["kms:Decrypt", "kms:GenerateDataKey"];

    private readonly SynthFixture _fixture = fixture;

    public static TheoryData<string> Environments => new() { "dev", "prod" };

    [Theory]
    [MemberData(nameof(Environments))]
    public void StateMachineRole_WhenSynthesized_ShouldGrantExactlyTheActionsTheDefinitionNeeds(string env)
    {
        var stack = Stack(env);
        var diff = Diff(Expected(stack), RoleStatements(stack));
        Assert.True(diff.IsEmpty, diff.ToString());
    }

    [Fact]
    public void Diff_WhenTheRoleGainsAnExtraAction_ShouldFailNamingIt()
    {
        var statements = RoleStatements(_fixture.Dev);
        statements.Add(JsonNode.Parse("""{"Effect":"Allow","Action":["dynamodb:UpdateItem","s3:GetObject"],"Resource":"*"}""")!);
        var diff = Diff(Expected(_fixture.Dev), statements);
        Assert.Equal(["s3:GetObject"], diff.Extra);
        Assert.Empty(diff.Missing);
        Assert.Contains("extra: s3:GetObject", diff.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_WhenTheRoleLosesANeededAction_ShouldFailNamingIt()
    {
        var statements = RoleStatements(_fixture.Dev)
            .Where(s => !Strings(s["Action"]).Contains("dynamodb:UpdateItem"))
            .ToList();
        var diff = Diff(Expected(_fixture.Dev), statements);
        Assert.Equal(["dynamodb:UpdateItem"], diff.Missing);
        Assert.Empty(diff.Extra);
    }

    [Fact]
    public void DynamoDbActions_WhenSynthesized_ShouldTargetOnlyTheTablesTheDefinitionNames()
    {
        var stack = _fixture.Dev;
        var definition = Definition(stack);
        var tables = AslPermissions.TaskStates(definition["States"] as JsonObject)
            .Where(t => ((string?)t.State["Resource"])!.Contains(":dynamodb:", StringComparison.Ordinal))
            .Select(t => (string?)t.State["Parameters"]?["TableName"] ?? throw new InvalidOperationException($"{t.Name}: no TableName"))
            // ${ExecutionsTableName} → the DataExecutionsTable… resource.
            .Select(p => "Data" + p.Trim('$', '{', '}').Replace("TableName", "Table", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(tables);

        var granted = RoleStatements(stack)
            .Where(s => Strings(s["Action"]).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)))
            .SelectMany(s => Many(s["Resource"]))
            .Select(r => r["Fn::GetAtt"]?[0]?.GetValue<string>() ?? r.ToJsonString())
            .ToList();
        Assert.NotEmpty(granted);
        Assert.All(granted, id => Assert.Contains(tables, t => id.StartsWith(t, StringComparison.Ordinal)));
    }

    [Fact]
    public void KeyUse_WhenSynthesized_ShouldGoOnlyThroughTheServicesOfEncryptedTargetsTheDefinitionCalls()
    {
        var stack = _fixture.Dev;
        var services = AslPermissions.Derive(Definition(stack))
            .Select(n => n.Action.Split(':')[0])
            .Where(EncryptedTargetServices.Contains)
            .Select(s => $"{s}.us-east-1.amazonaws.com")
            .ToHashSet(StringComparer.Ordinal);
        var kms = Assert.Single(RoleStatements(stack), s => Strings(s["Action"]).Any(a => a.StartsWith("kms:", StringComparison.Ordinal)));
        var viaService = Strings(kms["Condition"]?["StringEquals"]?["kms:ViaService"]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(services, viaService);
    }

    [Theory]
    [InlineData("${VerifyFunctionArn}", "lambda:InvokeFunction")]
    [InlineData("arn:aws:states:::lambda:invoke", "lambda:InvokeFunction")]
    [InlineData("arn:aws:states:::dynamodb:updateItem", "dynamodb:UpdateItem")]
    [InlineData("arn:aws:states:::sns:publish.waitForTaskToken", "sns:Publish")]
    [InlineData("arn:aws:states:::aws-sdk:ssm:sendCommand", "ssm:SendCommand")]
    [InlineData("arn:aws:states:::aws-sdk:ssm:getCommandInvocation", "ssm:GetCommandInvocation")]
    [InlineData("arn:aws:states:::bedrock:invokeModel", "bedrock:InvokeModel")]
    [InlineData("arn:aws:states:::aws-sdk:bedrockagentruntime:retrieve", "bedrock:Retrieve")]
    [InlineData("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "sqs:SendMessage")]
    public void ActionFor_WhenGivenAnIntegrationArn_ShouldReturnItsIamAction(string resource, string action)
    {
        Assert.Equal(action, AslPermissions.ActionFor(resource));
    }

    [Fact]
    public void ActionFor_WhenGivenASyncIntegration_ShouldRefuseToGuess()
    {
        var ex = Assert.Throws<NotSupportedException>(() => AslPermissions.ActionFor("arn:aws:states:::states:startExecution.sync:2"));
        Assert.Contains("polling permissions", ex.Message, StringComparison.Ordinal);
    }

    public sealed record PermissionDiff(IReadOnlyList<string> Extra, IReadOnlyList<string> Missing)
    {
        public bool IsEmpty => Extra.Count == 0 && Missing.Count == 0;

        public override string ToString() =>
            $"state machine role differs from what the definition needs — extra: {string.Join(", ", Extra)}; missing: {string.Join(", ", Missing)}";
    }

    public static PermissionDiff Diff(IReadOnlySet<string> expected, IEnumerable<JsonNode> statements)
    {
        var actual = statements
            .Where(s => (string?)s["Effect"] == "Allow")
            .SelectMany(s => Strings(s["Action"]))
            .ToHashSet(StringComparer.Ordinal);
        return new PermissionDiff(
            [.. actual.Except(expected).Order(StringComparer.Ordinal)],
            [.. expected.Except(actual).Order(StringComparer.Ordinal)]);
    }

    private static HashSet<string> Expected(SynthesizedStack stack)
    {
        var needs = AslPermissions.Derive(Definition(stack));
        var expected = needs.Select(n => n.Action).ToHashSet(StringComparer.Ordinal);
        var config = stack.Resources("AWS::StepFunctions::StateMachine").Single().Value["Properties"]!;
        if ((string?)config["LoggingConfiguration"]?["Level"] is { } level && level != "OFF")
        {
            expected.UnionWith(LoggingActions);
        }

        if (config["TracingConfiguration"]?["Enabled"]?.GetValue<bool>() == true)
        {
            expected.UnionWith(TracingActions);
        }

        if (expected.Any(a => EncryptedTargetServices.Contains(a.Split(':')[0])))
        {
            expected.UnionWith(KeyActions);
        }

        return expected;
    }

    private static JsonObject Definition(SynthesizedStack stack) =>
        JsonNode.Parse(File.ReadAllText(stack.Paths.StateMachineFile))!.AsObject();

    private SynthesizedStack Stack(string env) => env == "prod" ? _fixture.Prod : _fixture.Dev;

    private static List<JsonNode> RoleStatements(SynthesizedStack stack)
    {
        var roleId = stack.Resources("AWS::IAM::Role").Single(r => r.Key.StartsWith("OrchestrationRemediationRole", StringComparison.Ordinal)).Key;
        var inline = Many(stack.Json["Resources"]![roleId]!["Properties"]!["Policies"]).SelectMany(p => Many(p["PolicyDocument"]!["Statement"]));
        var attached = stack.Resources("AWS::IAM::Policy")
            .Where(p => Many(p.Value["Properties"]!["Roles"]).Any(r => (string?)r["Ref"] == roleId))
            .SelectMany(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"]));
        return [.. inline.Concat(attached).Select(s => s.DeepClone())];
    }
}
