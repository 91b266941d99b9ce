using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Approvals;
using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Chat.Slack;
using AeonNova.Approvals.Chat.Teams;
using AeonNova.Approvals.Email;
using AeonNova.Approvals.Tests.Support;
using AeonNova.Functions.Adapters;
using AeonNova.Functions.Handlers;
using AeonNova.Local.Tests.Chat;
using AeonNova.Workflow.Observability;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace AeonNova.Local.Tests.Approvals;

/// <summary>
/// The chat routes of the ApprovalApi Lambda, fed with API Gateway REST proxy events built as API Gateway builds
/// them, against a fake Slack and a fake Bot Framework on loopback; the replay cache is the DynamoDB adapter over a
/// fake table that two function instances share, as two Lambda execution environments share the real one.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApprovalApiChatTests : IAsyncLifetime
{
    private const string TaskToken = "AAAAKgAAAAIAAAAAAAAAAFAKE-SNS-TASK-TOKEN-chat-5f4e3d";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Dictionary<string, string> SlackPeople = new() { ["U0ONCALL"] = "oncall@example.com", ["U0DEV"] = "dev@example.com" };
    private static readonly Dictionary<string, string> TeamsPeople = new() { ["aad-oncall"] = "oncall@example.com" };
    private readonly InMemoryApprovalStore _store = new();
    private readonly RecordingCallback _callback = new();
    private readonly FakeReplayTable _table = new();
    private readonly StringWriter _log = new();
    private FakeSlack _slack = null!;
    private FakeTeams _teams = null!;
    private ApprovalService _service = null!;
    private FixedChatSettings _settings = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _teams = await FakeTeams.StartAsync();
        _service = new ApprovalService(_store, _callback, ApprovalFixtures.LoadPolicy(),
            new ApprovalServiceOptions { BaseUrl = "https://abc123.execute-api.eu-west-1.amazonaws.com/live" }, TimeProvider.System, new CryptoRandomSource());
        _settings = new FixedChatSettings(_slack.Options(SlackPeople), _teams.Options(TeamsPeople));
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _teams.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Handle_WhenSignedSlackClickArrivesThroughApiGateway_ShouldDecideOnceAndUpdateTheMessage(bool base64Body)
    {
        var (approvalId, hash) = await RegisteredAsync(Function());

        var reply = await Function().HandleAsync(SlackEvent(_slack.BlockAction("U0ONCALL", SlackBlocks.ApproveAction, $"{approvalId}:{hash}"), DateTimeOffset.UtcNow, base64Body: base64Body));

        Assert.Equal(200, (int)reply["statusCode"]!);
        var decided = (await _service.GetAsync(approvalId, None))!;
        Assert.Equal(ApprovalStatus.Approved, decided.Status);
        Assert.Equal("Slack", decided.Decision!.Via);
        Assert.Equal("oncall@example.com", decided.Decision.ByEmail);
        Assert.Contains("\"decision\":\"approved\"", Assert.Single(_callback.Successes).Output, StringComparison.Ordinal);
        Assert.Contains("Approved in Slack by Alex Kim (On call)", Assert.Single(_slack.CallsTo("chat.update")).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_WhenSlackSignatureForged_ShouldRefuseWith401AndTheReasonAndDecideNothing()
    {
        var (approvalId, hash) = await RegisteredAsync(Function());

        var reply = await Function().HandleAsync(SlackEvent(_slack.BlockAction("U0ONCALL", SlackBlocks.ApproveAction, $"{approvalId}:{hash}"), DateTimeOffset.UtcNow, secret: "a-secret-that-is-not-this-apps"));

        Assert.Equal(401, (int)reply["statusCode"]!);
        Assert.Contains("not signed by this Slack app", (string)reply["body"]!, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, (await _service.GetAsync(approvalId, None))!.Status);
        Assert.Empty(_callback.Successes);
        Assert.Empty(_slack.Replies);
    }

    [Fact]
    public async Task Handle_WhenSlackBodyIsAlteredAfterSigning_ShouldRefuseWith401()
    {
        var (approvalId, hash) = await RegisteredAsync(Function());
        var signed = SlackEvent(_slack.BlockAction("U0DEV", SlackBlocks.ApproveAction, $"{approvalId}:{hash}"), DateTimeOffset.UtcNow);
        // The same signature over a body naming another user: the HMAC covers the exact bytes.
        signed["body"] = ((string)signed["body"]!).Replace("U0DEV", "U0ONCALL", StringComparison.Ordinal);

        var reply = await Function().HandleAsync(signed);

        Assert.Equal(401, (int)reply["statusCode"]!);
        Assert.Equal(ApprovalStatus.Pending, (await _service.GetAsync(approvalId, None))!.Status);
    }

    [Fact]
    public async Task Handle_WhenSlackRequestIsReplayedToAnotherInstance_ShouldRefuseItThroughTheSharedTable()
    {
        var first = Function();
        var second = Function();
        var (approvalId, hash) = await RegisteredAsync(first);
        // A click that is refused (Dana may not approve a critical change) leaves the approval open, so the replay
        // below is refused for being a replay, not for the approval being closed.
        var request = SlackEvent(_slack.BlockAction("U0DEV", SlackBlocks.ApproveAction, $"{approvalId}:{hash}"), DateTimeOffset.UtcNow);

        var original = await first.HandleAsync(request.DeepClone().AsObject());
        var replayed = await second.HandleAsync(request.DeepClone().AsObject());

        Assert.Equal(200, (int)original["statusCode"]!);
        Assert.Equal(409, (int)replayed["statusCode"]!);
        Assert.Contains("already received (replay)", (string)replayed["body"]!, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, (await _service.GetAsync(approvalId, None))!.Status);
        var put = Assert.Single(_table.Items);
        Assert.StartsWith(DynamoDbReplayCache.PartitionPrefix, put.Key, StringComparison.Ordinal);
        // The signature itself is not stored: the key is its SHA-256.
        Assert.DoesNotContain(request["headers"]!["X-Slack-Signature"]!.GetValue<string>()[3..], put.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_WhenTeamsInvokeCarriesAValidBotFrameworkToken_ShouldDecideAndReplaceTheCard()
    {
        var (approvalId, hash) = await RegisteredAsync(Function());
        var now = DateTimeOffset.UtcNow;

        var reply = await Function().HandleAsync(TeamsEvent(_teams.Invoke("aad-oncall", "approve", approvalId, hash, now), _teams.Token(now)));

        Assert.Equal(200, (int)reply["statusCode"]!);
        var invoke = JsonNode.Parse((string)reply["body"]!)!;
        Assert.Equal(TeamsCards.ContentType, (string?)invoke["type"]);
        Assert.Contains("Approved in Teams by Alex Kim (On call)", invoke["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Approved, (await _service.GetAsync(approvalId, None))!.Status);
    }

    [Fact]
    public async Task Handle_WhenTeamsTokenIsSignedByAKeyNotInTheJwks_ShouldRefuseWith401()
    {
        var (approvalId, hash) = await RegisteredAsync(Function());
        var now = DateTimeOffset.UtcNow;
        using var attacker = RSA.Create(2048);

        var reply = await Function().HandleAsync(TeamsEvent(_teams.Invoke("aad-oncall", "approve", approvalId, hash, now), _teams.Token(now, signWith: attacker)));

        Assert.Equal(401, (int)reply["statusCode"]!);
        Assert.Contains("not signed by the Bot Framework for this bot", (string)reply["body"]!, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, (await _service.GetAsync(approvalId, None))!.Status);
    }

    [Fact]
    public async Task Handle_WhenSnsRegistersTheTaskToken_ShouldPostTheSlackMessageAndTheTeamsCardToTheTiersChannels()
    {
        var function = Function();
        var (approvalId, hash) = await RegisteredAsync(function);

        var post = Assert.Single(_slack.CallsTo("chat.postMessage"));
        Assert.Equal(FakeSlack.Channel, (string?)post["channel"]);
        Assert.Contains(hash, post.ToJsonString(), StringComparison.Ordinal);
        var (conversation, activity, _) = Assert.Single(_teams.Posted);
        Assert.Equal(FakeTeams.Conversation, conversation);
        Assert.Contains(hash, activity.ToJsonString(), StringComparison.Ordinal);

        // The approval escalates: the workflow asks again with a new task token, and the next tier's channels get it.
        await _service.EscalateAsync(approvalId, 0, None);
        await function.HandleAsync(SnsEvent(approvalId, TaskToken + "-2"));

        Assert.Equal([FakeSlack.Channel, "C0CTO"], _slack.CallsTo("chat.postMessage").Select(b => (string?)b["channel"]));
        Assert.Equal([FakeTeams.Conversation, "19:cto@thread.tacv2"], _teams.Posted.Select(p => Uri.UnescapeDataString(p.Conversation)));
        Assert.DoesNotContain(TaskToken, string.Join("", _slack.Calls.Select(c => c.Body.ToJsonString())) + _log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_WhenSlackHangsWhileTheTaskTokenIsRegistered_ShouldStillPostToTeamsAndNotFailTheRegistration()
    {
        // A Slack that accepts the connection and never answers: the chat client's timeout fires (a cancellation
        // nobody asked for). The registration must complete, or SNS would deliver it again and re-send the emails.
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        _settings = new FixedChatSettings(_slack.Options(SlackPeople) with { ApiBaseUrl = new Uri($"http://127.0.0.1:{port}/api/") }, _teams.Options(TeamsPeople));
        var function = Function(chatTimeout: TimeSpan.FromMilliseconds(500));

        var (approvalId, hash) = await RegisteredAsync(function);

        var (_, activity, _) = Assert.Single(_teams.Posted);
        Assert.Contains(hash, activity.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("chat notification failed", _log.ToString(), StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, (await _service.GetAsync(approvalId, None))!.Status);
    }

    [Fact]
    public async Task Handle_WhenAChatAppIsNotSetUp_ShouldAnswer404ForItsRouteAndStillPostToTheOther()
    {
        _settings = new FixedChatSettings(null, _teams.Options(TeamsPeople));
        var function = Function();
        var (approvalId, hash) = await RegisteredAsync(function);

        var reply = await function.HandleAsync(SlackEvent(_slack.BlockAction("U0ONCALL", SlackBlocks.ApproveAction, $"{approvalId}:{hash}"), DateTimeOffset.UtcNow));

        Assert.Equal(404, (int)reply["statusCode"]!);
        Assert.Contains("Slack approvals are not set up", (string)reply["body"]!, StringComparison.Ordinal);
        Assert.Empty(_slack.Calls);
        Assert.Single(_teams.Posted);
    }

    /// <summary>One ApprovalApi "execution environment": its own DynamoDB client over the shared table.</summary>
    private ApprovalApiHandler Function(TimeSpan? chatTimeout = null)
    {
        var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            new AmazonDynamoDBConfig { ServiceURL = "https://dynamodb.eu-west-1.amazonaws.com", AuthenticationRegion = "eu-west-1", HttpClientFactory = _table, MaxErrorRetry = 0 });
        var replays = new DynamoDbReplayCache(dynamo, "aeonnova-test-approvals", ReplayCache.RetentionFor(SlackSignature.Window), TimeProvider.System);
        var chats = new ChatApps(_service, _settings, replays, new HttpClient { Timeout = chatTimeout ?? TimeSpan.FromSeconds(10) }, TimeProvider.System);
        return new ApprovalApiHandler(new InProcessFunctionRuntimes(_log, TimeProvider.System), _service, new CryptoRandomSource(), new NoApproverMessages(), chats);
    }

    private async Task<(string ApprovalId, string ScriptSha256)> RegisteredAsync(ApprovalApiHandler function)
    {
        var prepared = await _service.CreateAsync(ApprovalFixtures.LoadRequest(), None);
        await function.HandleAsync(SnsEvent(prepared.ApprovalId, TaskToken));
        var record = (await _service.GetAsync(prepared.ApprovalId, None))!;
        Assert.Equal(TaskToken, record.TaskToken);
        return (prepared.ApprovalId, record.ScriptSha256);
    }

    /// <summary>What API Gateway's REST Lambda proxy integration sends for Slack's POST (no binaryMediaTypes: text body).</summary>
    private static JsonObject SlackEvent(JsonObject payload, DateTimeOffset at, string secret = FakeSlack.SigningSecret, bool base64Body = false)
    {
        using var request = FakeSlack.Signed(payload, at, secret);
        var body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
        return ProxyEvent(ChatHttp.SlackInteractionsPath, "application/x-www-form-urlencoded", body, base64Body, new JsonObject
        {
            ["X-Slack-Request-Timestamp"] = request.Headers.GetValues("X-Slack-Request-Timestamp").Single(),
            ["X-Slack-Signature"] = request.Headers.GetValues("X-Slack-Signature").Single(),
        });
    }

    private static JsonObject TeamsEvent(JsonObject activity, string token) =>
        ProxyEvent(ChatHttp.TeamsMessagesPath, "application/json; charset=utf-8", activity.ToJsonString(), false, new JsonObject { ["Authorization"] = "Bearer " + token });

    private static JsonObject ProxyEvent(string path, string contentType, string body, bool base64Body, JsonObject headers)
    {
        headers["Content-Type"] = contentType;
        headers["Host"] = "abc123.execute-api.eu-west-1.amazonaws.com";
        headers["X-Forwarded-Proto"] = "https";
        return new JsonObject
        {
            ["resource"] = path,
            ["path"] = path,
            ["httpMethod"] = "POST",
            ["headers"] = headers,
            ["requestContext"] = new JsonObject
            {
                ["requestId"] = Guid.NewGuid().ToString(),
                ["stage"] = "live",
                ["identity"] = new JsonObject { ["sourceIp"] = "203.0.113.10", ["userAgent"] = "Slackbot 1.0 (+https://api.slack.com/robots)" },
            },
            ["body"] = base64Body ? Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) : body,
            ["isBase64Encoded"] = base64Body,
        };
    }

    private static JsonObject SnsEvent(string approvalId, string taskToken) => new()
    {
        ["Records"] = new JsonArray
        {
            new JsonObject
            {
                ["EventSource"] = "aws:sns",
                ["Sns"] = new JsonObject
                {
                    ["MessageId"] = Guid.NewGuid().ToString(),
                    ["MessageAttributes"] = new JsonObject
                    {
                        ["approvalId"] = new JsonObject { ["Type"] = "String", ["Value"] = approvalId },
                        ["taskToken"] = new JsonObject { ["Type"] = "String", ["Value"] = taskToken },
                    },
                },
            },
        },
    };

    private sealed class FixedChatSettings(SlackOptions? slack, TeamsOptions? teams) : IChatAppSettings
    {
        public Task<SlackOptions?> SlackAsync(CancellationToken cancellationToken) => Task.FromResult(slack);

        public Task<TeamsOptions?> TeamsAsync(CancellationToken cancellationToken) => Task.FromResult(teams);
    }

    private sealed class NoApproverMessages : IApproverMessages
    {
        public Task SendAsync(string approverEmail, ApprovalEmail email, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// A DynamoDB table on the wire (awsJson1_0, DynamoDB_20120810.PutItem) that evaluates the replay cache's
    /// condition "attribute_not_exists(pk) OR #ttl &lt; :now" and answers ConditionalCheckFailedException as DynamoDB does.
    /// </summary>
    private sealed class FakeReplayTable : HttpClientFactory
    {
        public ConcurrentDictionary<string, long> Items { get; } = new(StringComparer.Ordinal);

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this));

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        private sealed class Handler(FakeReplayTable table) : HttpMessageHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Assert.Equal("DynamoDB_20120810.PutItem", request.Headers.GetValues("X-Amz-Target").Single());
                Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
                var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
                Assert.Equal("attribute_not_exists(pk) OR #ttl < :now", (string?)body["ConditionExpression"]);
                Assert.Equal("ttl", (string?)body["ExpressionAttributeNames"]!["#ttl"]);
                var pk = (string)body["Item"]!["pk"]!["S"]!;
                var ttl = long.Parse((string)body["Item"]!["ttl"]!["N"]!, CultureInfo.InvariantCulture);
                var now = long.Parse((string)body["ExpressionAttributeValues"]![":now"]!["N"]!, CultureInfo.InvariantCulture);
                var added = false;
                table.Items.AddOrUpdate(pk, _ => { added = true; return ttl; }, (_, existing) =>
                {
                    added = existing < now;
                    return added ? ttl : existing;
                });
                return added
                    ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") }
                    : new HttpResponseMessage(HttpStatusCode.BadRequest)
                    {
                        Content = new StringContent("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\"}"),
                    };
            }
        }
    }
}

internal static class ApprovalApiHandlerInvoke
{
    /// <summary>Invokes the function with an event as the Lambda runtime would (JSON stream in, JSON stream out).</summary>
    public static async Task<JsonNode> HandleAsync(this ApprovalApiHandler function, JsonObject lambdaEvent)
    {
        await using var output = await function.Handle(new MemoryStream(Encoding.UTF8.GetBytes(lambdaEvent.ToJsonString())));
        return JsonNode.Parse(output)!;
    }
}
