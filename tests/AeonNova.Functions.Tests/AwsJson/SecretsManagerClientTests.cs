using System.Net;
using System.Text.Json.Nodes;
using AeonNova.Functions.AwsJson;
using AeonNova.Functions.Hosting;
using AeonNova.Testing;
using Amazon;
using Amazon.Runtime;

namespace AeonNova.Functions.Tests.AwsJson;

/// <summary>
/// GetSecretValue checked against the Secrets Manager API reference (awsJson1_1, X-Amz-Target
/// secretsmanager.GetSecretValue, {"SecretId"} in, {"SecretString"} out) and SigV4; the cache and the chat secrets' JSON.
/// </summary>
public sealed class SecretsManagerClientTests
{
    private const string SecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ApprovalSlackSecret-AbCdEf";
    private static readonly DateTime SignedAt = new(2026, 12, 3, 5, 0, 0, DateTimeKind.Utc);

    private static (SecretsManagerClient Client, FakeHttpHandler Http) Create(HttpStatusCode status, string answer)
    {
        var http = new FakeHttpHandler { Respond = _ => new HttpResponseMessage(status) { Content = new StringContent(answer) } };
        var credentials = new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example");
        var json = new AwsJsonClient(new HttpClient(http), credentials, RegionEndpoint.EUWest1, SecretsManagerClient.SigningName,
            new Uri("https://secretsmanager.eu-west-1.amazonaws.com/"), () => SignedAt, AwsJsonClient.ContentType11);
        return (new SecretsManagerClient(json), http);
    }

    [Fact]
    public async Task GetSecretString_WhenCalled_ShouldSendTheDocumentedSignedRequestAndReturnTheSecretString()
    {
        var (client, http) = Create(HttpStatusCode.OK, """{"ARN":"arn","Name":"ApprovalSlackSecret","SecretString":"{\"botToken\":\"xoxb-1\"}","VersionId":"v1","VersionStages":["AWSCURRENT"]}""");

        var value = await client.GetSecretStringAsync(SecretArn);

        Assert.Equal("{\"botToken\":\"xoxb-1\"}", value);
        var request = Assert.Single(http.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("secretsmanager.GetSecretValue", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal(SecretArn, (string?)JsonNode.Parse(request.Body)!["SecretId"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/eu-west-1/secretsmanager/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("session-token-example", request.Headers["X-Amz-Security-Token"]);
    }

    [Fact]
    public async Task GetSecretString_WhenAccessDenied_ShouldThrowTheServiceErrorName()
    {
        var (client, _) = Create(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","Message":"not authorized"}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetSecretStringAsync(SecretArn));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
    }

    [Fact]
    public async Task CachedSecrets_WhenReadAgainWithinTheTtl_ShouldCallOnceAndAfterItShouldReadTheRotatedValue()
    {
        var clock = new ManualClock();
        var calls = 0;
        var cache = new CachedSecrets((_, _) => Task.FromResult($"value-{++calls}"), clock, TimeSpan.FromMinutes(5));

        var first = await cache.GetAsync(SecretArn, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(4));
        var cached = await cache.GetAsync(SecretArn, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        var rotated = await cache.GetAsync(SecretArn, CancellationToken.None);

        Assert.Equal(["value-1", "value-1", "value-2"], [first, cached, rotated]);
        Assert.Equal(2, calls);
    }

    [Fact]
    public void ParseSlack_WhenTheSecretStillHoldsTheStackPlaceholder_ShouldMeanNotSetUp()
    {
        Assert.Null(ChatSecretSettings.ParseSlack("""{"placeholder":"Xk2n9QwErTy"}""", "ApprovalSlackSecret"));
        Assert.Null(ChatSecretSettings.ParseTeams("""{"placeholder":"Xk2n9QwErTy"}""", "ApprovalTeamsSecret"));
    }

    [Fact]
    public void ParseSlack_WhenComplete_ShouldReadEveryField()
    {
        var options = ChatSecretSettings.ParseSlack("""
            {"signingSecret":"8f742231b10e8888abcd99yyyzzz85a5","botToken":"xoxb-123","channel":"C0APPROVALS",
             "tierChannels":{"cto":"C0CTO"},"users":{"U0ONCALL":"oncall@example.com"},"mapByVerifiedEmail":true,"teamId":"T000"}
            """, "ApprovalSlackSecret")!;

        Assert.Equal("8f742231b10e8888abcd99yyyzzz85a5", options.SigningSecret);
        Assert.Equal("xoxb-123", options.BotToken);
        Assert.Equal("C0CTO", options.ChannelFor("cto"));
        Assert.Equal("C0APPROVALS", options.ChannelFor("on-call"));
        Assert.Equal("oncall@example.com", options.Users["U0ONCALL"]);
        Assert.True(options.MapByVerifiedEmail);
        Assert.Equal("T000", options.TeamId);
    }

    [Fact]
    public void ParseTeams_WhenComplete_ShouldReadEveryFieldAndKeepTheDefaultKeysAndIssuer()
    {
        var options = ChatSecretSettings.ParseTeams("""
            {"appId":"9a1b2c3d","appPassword":"client-secret","serviceUrl":"https://smba.trafficmanager.net/emea",
             "conversation":"19:approvals@thread.tacv2","tierConversations":{"cto":"19:cto@thread.tacv2"},"users":{"aad-1":"oncall@example.com"},
             "tenantId":"tenant-1","tokenEndpoint":"https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"}
            """, "ApprovalTeamsSecret")!;

        Assert.Equal("9a1b2c3d", options.AppId);
        Assert.Equal("https://smba.trafficmanager.net/emea/", options.ServiceUrl.ToString());
        Assert.Equal("19:cto@thread.tacv2", options.ConversationFor("cto"));
        Assert.Equal("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token", options.TokenEndpoint.ToString());
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.OpenIdMetadataUrl.ToString());
        Assert.Equal("https://api.botframework.com", options.Issuer);
    }

    [Theory]
    [InlineData("""{"signingSecret":"s3cr3t-value-1234","botToken":"xoxb-1"}""", "\"channel\" must be a non-empty string")]
    [InlineData("""{"signingSecret":"s3cr3t-value-1234","botToken":"","channel":"C1"}""", "\"botToken\" must be a non-empty string")]
    [InlineData("""{"signingSecret":"s3cr3t-value-1234","botToken":"xoxb-1","channel":"C1","users":["U1"]}""", "\"users\" must be an object of strings")]
    [InlineData("""{"signingSecret":"s3cr3t-value-1234" "botToken":"xoxb-1"}""", "not valid JSON")]
    [InlineData("""{"signingSecret":"s3cr3t","botToken":"xoxb-1","channel":"C1"}""", "\"signingSecret\" must be at least 16 characters")]
    [InlineData("""{"signingSecret":"","botToken":"xoxb-1","channel":"C1"}""", "\"signingSecret\" must be a non-empty string")]
    public void ParseSlack_WhenAFieldIsWrong_ShouldNameTheSecretAndFieldButNeverAValue(string json, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChatSecretSettings.ParseSlack(json, "ApprovalSlackSecret"));

        Assert.Contains("ApprovalSlackSecret", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseTeams_WhenServiceUrlIsNotHttps_ShouldRefuseIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChatSecretSettings.ParseTeams(
            """{"appId":"a","appPassword":"p","serviceUrl":"http://smba.example/","conversation":"19:x"}""", "ApprovalTeamsSecret"));

        Assert.Contains("\"serviceUrl\" must be an https:// URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatSecretSettings_WhenTheSecretTextIsUnchanged_ShouldReturnTheSameOptionsAndANewOneAfterAChange()
    {
        var value = """{"signingSecret":"first-secret-0000","botToken":"xoxb-1","channel":"C1"}""";
        var settings = new ChatSecretSettings(new CachedSecrets((_, _) => Task.FromResult(value), TimeProvider.System, TimeSpan.Zero), "slack-arn", null);

        var first = await settings.SlackAsync(CancellationToken.None);
        var again = await settings.SlackAsync(CancellationToken.None);
        value = value.Replace("first-secret-0000", "rotated-secret-11", StringComparison.Ordinal);
        var rotated = await settings.SlackAsync(CancellationToken.None);

        Assert.Same(first, again);
        Assert.NotSame(first, rotated);
        Assert.Equal("rotated-secret-11", rotated!.SigningSecret);
        Assert.Null(await settings.TeamsAsync(CancellationToken.None));
    }
}
