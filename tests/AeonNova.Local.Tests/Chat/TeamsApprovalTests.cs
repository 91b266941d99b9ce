using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AeonNova.Approvals;
using AeonNova.Approvals.Chat.Teams;
using AeonNova.Local.Tests.Approvals;

namespace AeonNova.Local.Tests.Chat;

/// <summary>
/// Teams approvals end to end on 127.0.0.1: the serve routes (Kestrel + SQLite) with a fake Bot Framework serving
/// OpenID metadata, a JWKS with a test key, the token endpoint and the Bot Connector.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TeamsApprovalTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> People = new()
    {
        ["aad-oncall"] = "oncall@example.com",
        ["aad-sam"] = "oncall2@example.com",
        ["aad-dev"] = "dev@example.com",
    };

    private FakeTeams _teams = null!;
    private ApprovalTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _teams = await FakeTeams.StartAsync();
        _host = await ApprovalTestHost.StartAsync(teams: _teams.Options(People));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _teams.DisposeAsync();
    }

    [Fact]
    public async Task Notify_WhenApprovalPublished_ShouldPostAdaptiveCardWithScriptHashAndActions()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);

        var (conversation, activity, authorization) = Assert.Single(_teams.Posted);
        Assert.Equal(FakeTeams.Conversation, conversation);
        Assert.Equal($"Bearer {FakeTeams.BotAccessToken}", authorization);
        Assert.Equal($"client_credentials {FakeTeams.AppId} https://api.botframework.com/.default", Assert.Single(_teams.TokenRequests));
        var attachment = activity["attachments"]![0]!;
        Assert.Equal(TeamsCards.ContentType, (string?)attachment["contentType"]);
        var card = attachment["content"]!;
        Assert.Equal("1.4", (string?)card["version"]);
        var text = card.ToJsonString();
        Assert.Contains(record.ScriptSha256, text, StringComparison.Ordinal);
        Assert.Contains("logrotate --force /etc/logrotate.d/nginx", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Host\",\"value\":\"web-1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Severity\",\"value\":\"critical\"", text, StringComparison.Ordinal);
        foreach (var finding in record.Safety.Findings)
        {
            Assert.Contains(finding.RuleId, text, StringComparison.Ordinal);
        }
        var actions = card["actions"]!.AsArray();
        Assert.Equal(["approve", "reject"], actions.Select(a => (string?)a!["verb"]));
        Assert.All(actions, a =>
        {
            Assert.Equal("Action.Execute", (string?)a!["type"]);
            Assert.Equal(prepared.ApprovalId, (string?)a["data"]!["approvalId"]);
            Assert.Equal(record.ScriptSha256, (string?)a["data"]!["scriptSha256"]);
        });
        Assert.DoesNotContain("?t=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ApprovalTestHost.TaskToken, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_WhenValidInvoke_ShouldDecideOnceAndReplaceTheCardWithWhoAndWhen()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);

        var (response, reply) = await InvokeAsync(_teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TeamsCards.ContentType, (string?)reply["type"]);
        var card = reply["value"]!.ToJsonString();
        Assert.Contains("Approved in Teams by Alex Kim (On call) at", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.Execute", card, StringComparison.Ordinal);
        var decided = await _host.Service.GetAsync(prepared.ApprovalId, CancellationToken.None);
        Assert.Equal(ApprovalStatus.Approved, decided!.Status);
        Assert.Equal("Teams", decided.Decision!.Via);
        Assert.Single(_host.Callback.Successes);
    }

    [Fact]
    public async Task Reject_WhenInvokedWithReason_ShouldRejectWithThatReason()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);

        var (_, reply) = await InvokeAsync(_teams.Invoke("aad-sam", "reject", prepared.ApprovalId, record.ScriptSha256, Now, reason: "Keep the logs for the review"));

        Assert.Contains("Rejected in Teams by Sam Lopez (On call)", reply["value"]!.ToJsonString(), StringComparison.Ordinal);
        var decided = await _host.Service.GetAsync(prepared.ApprovalId, CancellationToken.None);
        Assert.Equal(ApprovalStatus.Rejected, decided!.Status);
        Assert.Equal("Keep the logs for the review", decided.Decision!.Comment);
    }

    [Fact]
    public async Task Invoke_WhenTokenSignedByAnotherKey_ShouldRefuseWith401()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);
        using var attacker = RSA.Create(2048);

        var (response, body) = await _host.SendAsync(FakeTeams.Request(
            _teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now), _teams.Token(Now, signWith: attacker)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not signed by the Bot Framework for this bot", body, StringComparison.Ordinal);
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Invoke_WhenTokenIsForAnotherBot_ShouldRefuseWith401()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);

        var (response, _) = await _host.SendAsync(FakeTeams.Request(
            _teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now), _teams.Token(Now, audience: "another-bot-app-id")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Invoke_WhenTokenMissingOrServiceUrlDiffers_ShouldRefuseWith401()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);
        var activity = _teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now);

        var (missing, _) = await _host.SendAsync(FakeTeams.Request(activity, token: null));
        var (otherService, body) = await _host.SendAsync(FakeTeams.Request(activity, _teams.Token(Now, serviceUrl: "https://evil.example/")));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherService.StatusCode);
        Assert.Contains("serviceUrl does not match", body, StringComparison.Ordinal);
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    [InlineData(null)]
    public async Task Invoke_WhenTheActivityDidNotComeFromTeams_ShouldRefuseEvenWithAValidTokenAndAMappedUser(string? channel)
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);
        var activity = _teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now);
        // Web Chat / Direct Line pass through the same Bot Connector (a valid token) but let the caller write `from`.
        activity["channelId"] = channel;

        var (_, reply) = await InvokeAsync(activity);

        AssertRefused(reply, "decided only from Microsoft Teams");
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Invoke_WhenFromCarriesOnlyAChannelIdEqualToAMappedObjectId_ShouldRefuseAsNoEntraUser()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);
        var activity = _teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now);
        activity["from"] = new JsonObject { ["id"] = "aad-oncall" };

        var (_, reply) = await InvokeAsync(activity);

        AssertRefused(reply, "names no Microsoft Entra user");
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Invoke_WhenServiceUrlIsNotAString_ShouldRefuseWith401NotFail()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);
        var activity = _teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now);
        activity["serviceUrl"] = new JsonObject { ["not"] = "a string" };

        var (anonymous, _) = await _host.SendAsync(FakeTeams.Request(activity, token: null));
        var (signed, body) = await _host.SendAsync(FakeTeams.Request(activity, _teams.Token(Now)));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signed.StatusCode);
        Assert.Contains("serviceUrl does not match", body, StringComparison.Ordinal);
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Invoke_WhenTokenExpired_ShouldRefuseAsStale()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);

        var (response, body) = await _host.SendAsync(FakeTeams.Request(
            _teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now), _teams.Token(Now.AddHours(-2), lifetime: TimeSpan.FromMinutes(30))));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("has expired", body, StringComparison.Ordinal);
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Invoke_WhenActivityTimestampStale_ShouldRefuseWithReason()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);

        var (_, reply) = await InvokeAsync(_teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now.AddMinutes(-6)));

        AssertRefused(reply, "more than 5 minutes");
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Invoke_WhenReplayed_ShouldRefuseTheCopyWithReason()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);
        var activity = _teams.Invoke("aad-dev", "approve", prepared.ApprovalId, record.ScriptSha256, Now);
        await InvokeAsync(activity);

        var (_, reply) = await InvokeAsync(activity);

        AssertRefused(reply, "already received (replay)");
    }

    [Theory]
    [InlineData("aad-stranger", null, "is not linked to a person of the approval policy")]
    [InlineData("aad-dev", null, "may not approve critical alerts in production")]
    [InlineData("aad-oncall", "0000000000000000000000000000000000000000000000000000000000000000", "script hash in this message does not match")]
    public async Task Invoke_WhenUserOrHashMayNotDecide_ShouldRefuseWithReason(string user, string? hash, string reason)
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);

        var (_, reply) = await InvokeAsync(_teams.Invoke(user, "approve", prepared.ApprovalId, hash ?? record.ScriptSha256, Now));

        AssertRefused(reply, reason);
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Invoke_WhenApprovalExpired_ShouldRefuseWithReason()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);
        _host.Clock.Advance(TimeSpan.FromMinutes(16));

        var (_, reply) = await InvokeAsync(_teams.Invoke("aad-oncall", "approve", prepared.ApprovalId, record.ScriptSha256, Now));

        AssertRefused(reply, "this approval expired");
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Invoke_When50ArriveInParallel_ShouldDecideExactlyOnce()
    {
        var (prepared, record) = await ChatPublishing.PostedAsync(_host);
        var token = _teams.Token(Now);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => _host.SendAsync(
            FakeTeams.Request(_teams.Invoke(i % 2 == 0 ? "aad-oncall" : "aad-sam", "approve", prepared.ApprovalId, record.ScriptSha256, Now), token),
            _host.NewBrowserLikeClient())));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Response.StatusCode));
        Assert.Single(_host.Callback.Successes);
        Assert.Equal(1, results.Count(r => r.Body.Contains(TeamsCards.ContentType, StringComparison.Ordinal)));
        Assert.Equal(49, results.Count(r => r.Body.Contains("Already decided", StringComparison.Ordinal)));
    }

    private DateTimeOffset Now => _host.Clock.GetUtcNow();

    private async Task<(HttpResponseMessage Response, JsonNode Reply)> InvokeAsync(JsonObject activity)
    {
        var (response, body) = await _host.SendAsync(FakeTeams.Request(activity, _teams.Token(Now)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, JsonNode.Parse(body)!);
    }

    private static void AssertRefused(JsonNode reply, string reason)
    {
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)reply["type"]);
        Assert.Contains(reason, (string?)reply["value"], StringComparison.Ordinal);
    }

    private async Task AssertStillPendingAsync(string approvalId)
    {
        Assert.Equal(ApprovalStatus.Pending, (await _host.Service.GetAsync(approvalId, CancellationToken.None))!.Status);
        Assert.Empty(_host.Callback.Successes);
    }
}
