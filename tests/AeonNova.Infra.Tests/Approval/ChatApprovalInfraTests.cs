using System.Text.Json.Nodes;
using AeonNova.Core.Chat;
using AeonNova.Core.Workflow;
using AeonNova.Infra.Tests.Support;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Approval;

/// <summary>
/// Slack and Teams approvals on AWS: the two chat routes on the one REST API (its stage, its WAF) invoking ApprovalApi,
/// the KMS-encrypted secrets with no credential in the template, and only ApprovalApi allowed to read them.
/// </summary>
[Collection(SynthCollection.Name)]
// CDK synthesis runs the jsii runtime on Node.
[Trait("Category", "Integration")]
public sealed class ChatApprovalInfraTests(SynthFixture fixture)
{
    private readonly SynthesizedStack _dev = fixture.Dev;

    public static TheoryData<string> ChatPaths => new() { ChatRoutes.SlackInteractionsPath, ChatRoutes.TeamsMessagesPath };

    [Theory]
    [MemberData(nameof(ChatPaths))]
    public void ChatRoute_WhenSynthesized_ShouldBeAPostOfTheOneApiInvokingApprovalApiWithoutAnAuthorizer(string path)
    {
        var resourceId = ResourceIdOf(path);
        var method = Assert.Single(_dev.Resources("AWS::ApiGateway::Method"), m => m.Value["Properties"]!["ResourceId"]?["Ref"]?.GetValue<string>() == resourceId).Value["Properties"]!;

        Assert.Equal("POST", method["HttpMethod"]!.GetValue<string>());
        // Slack and the Bot Framework cannot sign in: ApprovalApi verifies the HMAC / JWT of every request.
        Assert.Equal("NONE", method["AuthorizationType"]!.GetValue<string>());
        // Lambda proxy: the body reaches the function unchanged (the Slack signature is over its exact bytes).
        Assert.Equal("AWS_PROXY", method["Integration"]!["Type"]!.GetValue<string>());
        Assert.Contains("FunctionsApprovalApiAlias", method["Integration"]!["Uri"]!.ToJsonString(), StringComparison.Ordinal);
        var api = Assert.Single(_dev.Resources("AWS::ApiGateway::RestApi")).Key;
        Assert.Equal(api, method["RestApiId"]!["Ref"]!.GetValue<string>());
        Assert.Null(_dev.Json["Resources"]![api]!["Properties"]!["BinaryMediaTypes"]);
    }

    [Fact]
    public void ChatRoutes_WhenSynthesized_ShouldBeServedByTheOneStageTheWebAclProtects()
    {
        var stage = Assert.Single(_dev.Resources("AWS::ApiGateway::Stage")).Key;
        var association = Assert.Single(_dev.Resources("AWS::WAFv2::WebACLAssociation")).Value["Properties"]!;
        Assert.Contains($"{{\"Ref\":\"{stage}\"}}", association["ResourceArn"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ChatSecrets_WhenSynthesized_ShouldBeEncryptedWithTheStackKeyAndHoldOnlyAGeneratedPlaceholder()
    {
        var secrets = _dev.Resources("AWS::SecretsManager::Secret");
        Assert.Equal(2, secrets.Count);
        foreach (var (id, secret) in secrets)
        {
            var props = secret["Properties"]!;
            Assert.StartsWith("DataKey", props["KmsKeyId"]!["Fn::GetAtt"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            // No SecretString: nothing readable is in the template; CloudFormation generates the placeholder.
            Assert.Null(props["SecretString"]);
            Assert.Equal("placeholder", props["GenerateSecretString"]!["GenerateStringKey"]!.GetValue<string>());
            Assert.Equal("{}", props["GenerateSecretString"]!["SecretStringTemplate"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(id));
        }
    }

    [Fact]
    public void ChatSecrets_WhenSynthesized_ShouldBeReadableByApprovalApiOnlyAndOnlyThoseTwo()
    {
        var secretIds = _dev.Resources("AWS::SecretsManager::Secret").Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        var approvalApiRole = FunctionProperties("ApprovalApi")["Role"]!["Fn::GetAtt"]![0]!.GetValue<string>();

        var grants = _dev.Resources("AWS::IAM::Policy")
            .SelectMany(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"]).Select(s => (Roles: Many(p.Value["Properties"]!["Roles"]).Select(r => r["Ref"]!.GetValue<string>()).ToList(), Statement: s)))
            .Where(g => Strings(g.Statement["Action"]).Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal)))
            .ToList();

        var grant = Assert.Single(grants);
        Assert.Equal([approvalApiRole], grant.Roles);
        Assert.Equal(["secretsmanager:GetSecretValue"], Strings(grant.Statement["Action"]));
        Assert.Equal(secretIds, Many(grant.Statement["Resource"]).Select(r => r["Ref"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        // The key is usable for them only through Secrets Manager, and only to decrypt.
        var keyUse = Assert.Single(_dev.Resources("AWS::IAM::Policy")
            .Where(p => Many(p.Value["Properties"]!["Roles"]).Any(r => r["Ref"]!.GetValue<string>() == approvalApiRole))
            .SelectMany(p => Many(p.Value["Properties"]!["PolicyDocument"]!["Statement"])),
            s => s["Condition"]?["StringEquals"]?["kms:ViaService"]?.ToJsonString().Contains("secretsmanager.", StringComparison.Ordinal) == true);
        Assert.Equal(["kms:Decrypt"], Strings(keyUse["Action"]));
    }

    [Fact]
    public void ApprovalApi_WhenSynthesized_ShouldNameBothSecretsInItsEnvironment()
    {
        var variables = FunctionProperties("ApprovalApi")["Environment"]!["Variables"]!;
        var secretIds = _dev.Resources("AWS::SecretsManager::Secret").Select(s => s.Key).ToHashSet(StringComparer.Ordinal);

        Assert.Contains(variables[ChatRoutes.SlackSecretVariable]!["Ref"]!.GetValue<string>(), secretIds);
        Assert.Contains(variables[ChatRoutes.TeamsSecretVariable]!["Ref"]!.GetValue<string>(), secretIds);
        Assert.NotEqual(variables[ChatRoutes.SlackSecretVariable]!.ToJsonString(), variables[ChatRoutes.TeamsSecretVariable]!.ToJsonString());
    }

    [Theory]
    [InlineData("SlackInteractionsUrl", "/live/chat/slack/interactions")]
    [InlineData("TeamsMessagingEndpoint", "/live/chat/teams/messages")]
    public void Outputs_WhenSynthesized_ShouldGiveTheUrlToPasteIntoTheChatApp(string output, string suffix)
    {
        var value = _dev.Json["Outputs"]![output]!["Value"]!.ToJsonString();
        Assert.Contains("execute-api", value, StringComparison.Ordinal);
        Assert.EndsWith($"{suffix}\"]]}}", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_WhenSynthesized_ShouldCarryNoCredentialInAnyFunctionEnvironment()
    {
        // Variables naming a secret, token or password may only reference a resource (an ARN), never hold a value.
        var literal = _dev.Resources("AWS::Lambda::Function")
            .SelectMany(f => (f.Value["Properties"]!["Environment"]?["Variables"]?.AsObject() ?? []).Select(v => (Function: f.Key, v.Key, v.Value)))
            .Where(v => v.Key.Contains("SECRET", StringComparison.Ordinal) || v.Key.Contains("TOKEN", StringComparison.Ordinal) || v.Key.Contains("PASSWORD", StringComparison.Ordinal))
            .Where(v => v.Key != "WEBHOOK_SECRETS_PATH" && v.Value is JsonValue)
            .Select(v => $"{v.Function}: {v.Key}")
            .ToList();
        Assert.Empty(literal);
        Assert.DoesNotContain(_dev.Resources("AWS::SecretsManager::Secret"), s => s.Value["Properties"]!["SecretString"] is not null);
    }

    /// <summary>The logical id of the API resource at <paramref name="path"/> (walking PathPart / ParentId).</summary>
    private string ResourceIdOf(string path)
    {
        var resources = _dev.Resources("AWS::ApiGateway::Resource");
        string? parent = null;
        foreach (var part in path.Trim('/').Split('/'))
        {
            parent = Assert.Single(resources, r =>
                r.Value["Properties"]!["PathPart"]!.GetValue<string>() == part
                && (parent is null ? r.Value["Properties"]!["ParentId"]!["Fn::GetAtt"] is not null : r.Value["Properties"]!["ParentId"]!["Ref"]?.GetValue<string>() == parent)).Key;
        }
        return parent!;
    }

    private JsonNode FunctionProperties(string name) =>
        _dev.Resources("AWS::Lambda::Function").Single(f => f.Value["Properties"]!["Handler"]!.GetValue<string>() == WorkflowContract.Functions.Single(d => d.Name == name).Handler).Value["Properties"]!;
}
