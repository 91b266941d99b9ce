using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.Infra.Tests.Support;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Security;

/// <summary>
/// Least privilege over the whole template (dev, and prod with the knowledge base): no Allow statement grants
/// Action "*" or "service:*", and identity policies use Resource "*" only for actions that have no resource-level
/// permissions (documented in docs/deploy.md).
/// </summary>
[Collection(SynthCollection.Name)]
// CDK synthesis runs the jsii runtime on Node.
[Trait("Category", "Integration")]
public sealed partial class IamPolicyTests(SynthFixture fixture)
{
    /// <summary>Actions AWS only authorizes on Resource "*".</summary>
    public static readonly IReadOnlySet<string> ResourceStarActions = new HashSet<string>(StringComparer.Ordinal)
    {
        // X-Ray (Lambda active tracing, Step Functions tracing): no resource types.
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        // Step Functions logging through CloudWatch Logs vended delivery: no resource-level permissions.
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        // Polling Run Command results: GetCommandInvocation has no resource-level permissions.
        "ssm:GetCommandInvocation",
        // SendCommand looks for a command an ambiguous failure may have created: ListCommands has no resource-level permissions.
        "ssm:ListCommands",
    };

    private readonly SynthFixture _fixture = fixture;

    public static TheoryData<string> Environments => new() { "dev", "prod" };

    [Theory]
    [MemberData(nameof(Environments))]
    public void AllowStatements_WhenSynthesized_ShouldNeverGrantAllActionsOfAService(string env)
    {
        var offenders = AllStatements(Stack(env))
            .Where(s => s.Statement["Effect"]?.GetValue<string>() == "Allow")
            .SelectMany(s => Strings(s.Statement["Action"]).Where(a => a == "*" || ServiceWildcard().IsMatch(a)).Select(a => $"{s.Owner}: {a}"))
            .ToList();
        Assert.Empty(offenders);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void IdentityPolicies_WhenSynthesized_ShouldUseResourceStarOnlyForActionsThatRequireIt(string env)
    {
        var offenders = AllStatements(Stack(env))
            .Where(s => s.IsIdentityPolicy && s.Statement["Effect"]?.GetValue<string>() == "Allow")
            .Where(s => Many(s.Statement["Resource"]).Any(r => r is JsonValue v && v.GetValue<string>() == "*"))
            .SelectMany(s => Strings(s.Statement["Action"]).Where(a => !ResourceStarActions.Contains(a)).Select(a => $"{s.Owner}: {a}"))
            .ToList();
        Assert.Empty(offenders);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void NotActionStatements_WhenSynthesized_ShouldNotExist(string env)
    {
        Assert.DoesNotContain(AllStatements(Stack(env)), s => s.Statement["NotAction"] is not null || s.Statement["NotResource"] is not null);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Roles_WhenSynthesized_ShouldCarryNoManagedPolicies(string env)
    {
        // Managed policies (AWSLambdaBasicExecutionRole, AmazonAPIGatewayPushToCloudWatchLogs) grant on Resource "*".
        var withManaged = Stack(env).Resources("AWS::IAM::Role").Where(r => r.Value["Properties"]!["ManagedPolicyArns"] is not null).Select(r => r.Key);
        Assert.Empty(withManaged);
    }

    [Fact]
    public void ResourceStarActions_WhenGranted_ShouldEachBeDocumentedInTheDeployGuide()
    {
        var guide = File.ReadAllText(Path.Combine(RepoLayout.Root, "docs", "deploy.md"));
        var used = new[] { _fixture.Dev, _fixture.Prod }
            .SelectMany(AllStatements)
            .Where(s => s.IsIdentityPolicy && Many(s.Statement["Resource"]).Any(r => r is JsonValue v && v.GetValue<string>() == "*"))
            .SelectMany(s => Strings(s.Statement["Action"]))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(used);
        Assert.All(used, action => Assert.Contains($"`{action}`", guide, StringComparison.Ordinal));
    }

    private SynthesizedStack Stack(string env) => env == "prod" ? _fixture.Prod : _fixture.Dev;

    /// <summary>Every policy statement in the template: identity policies and resource policies (key, bucket, queue, topic).</summary>
    private static List<(string Owner, JsonNode Statement, bool IsIdentityPolicy)> AllStatements(SynthesizedStack stack)
    {
        var result = new List<(string, JsonNode, bool)>();
        foreach (var (id, resource) in stack.Json["Resources"]!.AsObject())
        {
            var type = resource!["Type"]!.GetValue<string>();
            var props = resource["Properties"];
            var (documents, identity) = type switch
            {
                "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy" => ([props!["PolicyDocument"]], true),
                "AWS::IAM::Role" => (Many(props!["Policies"]).Select(p => p["PolicyDocument"]).ToList(), true),
                "AWS::KMS::Key" => ([props!["KeyPolicy"]], false),
                "AWS::S3::BucketPolicy" or "AWS::SQS::QueuePolicy" or "AWS::SNS::TopicPolicy" => ([props!["PolicyDocument"]], false),
                _ => (new List<JsonNode?>(), false),
            };
            result.AddRange(documents.SelectMany(d => Many(d?["Statement"])).Select(s => (id, s, identity)));
        }

        Assert.NotEmpty(result);
        return result;
    }

    [GeneratedRegex("^[a-z0-9-]+:\\*$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceWildcard();
}
