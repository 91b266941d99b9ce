using System.Net;
using System.Text.Json.Nodes;
using AeonNova.Approvals;
using AeonNova.Approvals.Chat.Slack;
using AeonNova.Local.Tests.Approvals;

namespace AeonNova.Local.Tests.Chat;

/// <summary>
/// Slack approvals end to end on 127.0.0.1: the serve approval routes (Kestrel + SQLite) with a fake Slack Web API.
/// Requests are built and signed exactly as Slack sends them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SlackApprovalTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> People = new()
    {
        ["U0ONCALL"] = "oncall@example.com",
        ["U0SAM"] = "oncall2@example.com",
        ["U0DEV"] = "dev@example.com",
        ["U0CTO"] = "cto@example.com",
    };

    private FakeSlack _slack = null!;
    private ApprovalTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _host = await ApprovalTestHost.StartAsync(slack: _slack.Options(People));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Notify_WhenApprovalPublished_ShouldPostBlockKitMessageWithScriptHashFindingsAndButtons()
    {
        var (prepared, record) = await PostedAsync();

        var post = Assert.Single(_slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal($"Bearer {FakeSlack.BotToken}", post.Authorization);
        Assert.Equal(FakeSlack.Channel, (string?)post.Body["channel"]);
        var text = post.Body.ToJsonString();
        var blocks = post.Body["blocks"]!.AsArray();
        Assert.Contains(record.Alert.Title, (string?)blocks[0]!["text"]!["text"], StringComparison.Ordinal);
        var fields = string.Join("\n", blocks[1]!["fields"]!.AsArray().Select(f => (string?)f!["text"]));
        Assert.Contains("*Host*\nweb-1", fields, StringComparison.Ordinal);
        Assert.Contains("*Severity*\ncritical", fields, StringComparison.Ordinal);
        Assert.Contains("*Environment*\nproduction", fields, StringComparison.Ordinal);
        Assert.Contains("*Expires*", fields, StringComparison.Ordinal);
        Assert.Contains(SlackBlocks.Escape(record.Plan.Diagnosis), text.Replace("\\u0026", "&", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(record.ScriptSha256, text, StringComparison.Ordinal);
        var code = blocks.Select(b => (string?)b!["text"]?["text"]).Single(t => t is not null && t.StartsWith("```", StringComparison.Ordinal))!;
        Assert.Contains("logrotate --force /etc/logrotate.d/nginx", code, StringComparison.Ordinal);
        foreach (var finding in record.Safety.Findings)
        {
            Assert.Contains(finding.RuleId, text, StringComparison.Ordinal);
        }
        var buttons = blocks.Single(b => (string?)b!["type"] == "actions")!["elements"]!.AsArray();
        Assert.Equal([SlackBlocks.ApproveAction, SlackBlocks.RejectAction], buttons.Select(b => (string?)b!["action_id"]));
        Assert.All(buttons, b => Assert.Equal($"{prepared.ApprovalId}:{record.ScriptSha256}", (string?)b!["value"]));
        // Nothing in the message lets anyone decide outside a signed Slack click: no link token, no task token.
        Assert.DoesNotContain("?t=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ApprovalTestHost.TaskToken, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_WhenApprovalEscalatesToTheNextTier_ShouldPostToThatTiersChannel()
    {
        var (prepared, _) = await PostedAsync();
        await _host.Service.EscalateAsync(prepared.ApprovalId, 0, CancellationToken.None);
        Assert.Equal(TokenRegistration.Registered, await _host.Service.RegisterTaskTokenAsync(prepared.ApprovalId, ApprovalTestHost.TaskToken + "-2", CancellationToken.None));
        await PublishAsync(prepared.ApprovalId);

        var channels = _slack.CallsTo("chat.postMessage").Select(b => (string?)b["channel"]).ToList();
        Assert.Equal([FakeSlack.Channel, "C0CTO"], channels);
    }

    [Fact]
    public async Task Approve_WhenValidClick_ShouldDecideOnceAndUpdateTheMessageWithWhoAndWhen()
    {
        var (prepared, record) = await PostedAsync();

        var response = await ClickAsync("U0ONCALL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decided = await _host.Service.GetAsync(prepared.ApprovalId, CancellationToken.None);
        Assert.Equal(ApprovalStatus.Approved, decided!.Status);
        Assert.Equal("Slack", decided.Decision!.Via);
        Assert.Equal("oncall@example.com", decided.Decision.ByEmail);
        var (_, output) = Assert.Single(_host.Callback.Successes);
        Assert.Contains("\"decision\":\"approved\"", output, StringComparison.Ordinal);
        var update = Assert.Single(_slack.CallsTo("chat.update"));
        Assert.Equal("1700000000.000001", (string?)update["ts"]);
        var updated = update.ToJsonString();
        Assert.Contains($"Approved in Slack by Alex Kim (On call) at {AeonNova.Approvals.Pages.HtmlText.Utc(decided.Decision.At)}", updated, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackBlocks.ApproveAction, updated, StringComparison.Ordinal);
        Assert.Empty(_slack.Replies);
    }

    [Fact]
    public async Task Page_WhenDecidedInSlack_ShouldSayDecidedInSlackByWhomAndWhen()
    {
        var (prepared, record) = await PostedAsync();
        var url = await _host.Service.IssueOwnLinkAsync(prepared.ApprovalId, "oncall2@example.com", CancellationToken.None);
        await ClickAsync("U0ONCALL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");

        var (response, body) = await _host.GetAsync(url!);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already approved in Slack by Alex Kim (On call) at", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Click_WhenSignatureForged_ShouldRefuseWith401AndNeitherDecideNorCallTheBodysUrl()
    {
        var (prepared, record) = await PostedAsync();

        var request = FakeSlack.Signed(_slack.BlockAction("U0ONCALL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}"), _host.Clock.GetUtcNow(), secret: "not-the-signing-secret-of-this-app");
        var (response, body) = await _host.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not signed by this Slack app", body, StringComparison.Ordinal);
        await AssertStillPendingAsync(prepared.ApprovalId);
        Assert.Empty(_slack.Replies);
    }

    [Fact]
    public async Task Click_WhenSignatureHeadersMissing_ShouldRefuseWith401()
    {
        var (prepared, record) = await PostedAsync();
        var request = FakeSlack.Signed(_slack.BlockAction("U0ONCALL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}"), _host.Clock.GetUtcNow());
        request.Headers.Remove("X-Slack-Signature");

        var (response, _) = await _host.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Click_WhenTimestampStale_ShouldRefuseAndTellTheUserWhy()
    {
        var (prepared, record) = await PostedAsync();

        var response = await ClickAsync("U0ONCALL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}", at: _host.Clock.GetUtcNow().AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertStillPendingAsync(prepared.ApprovalId);
        AssertReplied("more than 5 minutes");
    }

    [Fact]
    public async Task Click_WhenReplayed_ShouldRefuseTheCopyAndTellTheUserWhy()
    {
        var (prepared, record) = await PostedAsync();
        var payload = _slack.BlockAction("U0DEV", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");
        var at = _host.Clock.GetUtcNow();
        await _host.SendAsync(FakeSlack.Signed(payload, at));
        while (_slack.Replies.TryDequeue(out _))
        {
        }

        var (response, _) = await _host.SendAsync(FakeSlack.Signed(payload, at));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        AssertReplied("already received (replay)");
    }

    [Fact]
    public async Task Click_WhenSlackUserUnknown_ShouldRefuseWithReason()
    {
        var (prepared, record) = await PostedAsync();

        await ClickAsync("U0STRANGER", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");

        await AssertStillPendingAsync(prepared.ApprovalId);
        AssertReplied("(U0STRANGER) is not linked to a person of the approval policy");
        Assert.Empty(_slack.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Click_WhenUserRoleMayNotApprove_ShouldRefuseWithReason()
    {
        var (prepared, record) = await PostedAsync();

        await ClickAsync("U0DEV", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");

        await AssertStillPendingAsync(prepared.ApprovalId);
        AssertReplied("Dana Novak (Developer) (role Developer) may not approve critical alerts in production");
    }

    [Fact]
    public async Task Click_WhenUserIsNotInTheCurrentTier_ShouldRefuseWithReason()
    {
        var (prepared, record) = await PostedAsync();

        await ClickAsync("U0CTO", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");

        await AssertStillPendingAsync(prepared.ApprovalId);
        AssertReplied("is not an approver of the current escalation tier (on-call)");
    }

    [Fact]
    public async Task Click_WhenApprovalExpired_ShouldRefuseWithReason()
    {
        var (prepared, record) = await PostedAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(16));

        await ClickAsync("U0ONCALL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");

        await AssertStillPendingAsync(prepared.ApprovalId);
        AssertReplied("this approval expired");
    }

    [Fact]
    public async Task Click_WhenScriptHashTampered_ShouldRefuseWithReason()
    {
        var (prepared, _) = await PostedAsync();

        await ClickAsync("U0ONCALL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{new string('a', 64)}");

        await AssertStillPendingAsync(prepared.ApprovalId);
        AssertReplied("script hash in this message does not match");
    }

    [Fact]
    public async Task Click_WhenAlreadyDecided_ShouldRefuseAndSayByWhomAndWhen()
    {
        var (prepared, record) = await PostedAsync();
        await ClickAsync("U0ONCALL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");

        await ClickAsync("U0SAM", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}", messageTs: "1700000000.000002");

        Assert.Single(_host.Callback.Successes);
        AssertReplied("Already decided — Approved in Slack by Alex Kim (On call)");
    }

    [Fact]
    public async Task Reject_WhenClickedAndReasonSubmitted_ShouldOpenModalThenRejectWithTheReason()
    {
        var (prepared, record) = await PostedAsync();

        await ClickAsync("U0SAM", SlackBlocks.RejectAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");
        var open = Assert.Single(_slack.CallsTo("views.open"));
        Assert.Equal("trigger-U0SAM", (string?)open["trigger_id"]);
        await AssertStillPendingAsync(prepared.ApprovalId);

        var submission = FakeSlack.RejectSubmission("U0SAM", (string)open["view"]!["private_metadata"]!, "Logs are evidence for the incident review");
        var (response, body) = await _host.SendAsync(FakeSlack.Signed(submission, _host.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", body);
        var decided = await _host.Service.GetAsync(prepared.ApprovalId, CancellationToken.None);
        Assert.Equal(ApprovalStatus.Rejected, decided!.Status);
        Assert.Equal("Logs are evidence for the incident review", decided.Decision!.Comment);
        var update = Assert.Single(_slack.CallsTo("chat.update")).ToJsonString();
        Assert.Contains("Rejected in Slack by Sam Lopez (On call)", update, StringComparison.Ordinal);
        Assert.Contains("Logs are evidence for the incident review", update, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_WhenSubmittedByUserWhoMayNotDecide_ShouldKeepTheModalOpenWithTheReason()
    {
        var (prepared, record) = await PostedAsync();
        await ClickAsync("U0DEV", SlackBlocks.RejectAction, $"{prepared.ApprovalId}:{record.ScriptSha256}");
        var open = Assert.Single(_slack.CallsTo("views.open"));

        var submission = FakeSlack.RejectSubmission("U0DEV", (string)open["view"]!["private_metadata"]!, "no");
        var (response, body) = await _host.SendAsync(FakeSlack.Signed(submission, _host.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = JsonNode.Parse(body)!;
        Assert.Equal("errors", (string?)errors["response_action"]);
        Assert.Contains("may not approve critical alerts in production", (string?)errors["errors"]![SlackBlocks.ReasonBlock], StringComparison.Ordinal);
        await AssertStillPendingAsync(prepared.ApprovalId);
    }

    [Fact]
    public async Task Click_When50ArriveInParallel_ShouldDecideExactlyOnce()
    {
        var (prepared, record) = await PostedAsync();
        var at = _host.Clock.GetUtcNow();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
        {
            var user = i % 2 == 0 ? "U0ONCALL" : "U0SAM";
            var payload = _slack.BlockAction(user, SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}", messageTs: $"1700000000.{i:D6}");
            return _host.SendAsync(FakeSlack.Signed(payload, at), _host.NewBrowserLikeClient());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Response.StatusCode));
        Assert.Single(_host.Callback.Successes);
        Assert.Equal(49, _slack.Replies.Count(r => ((string?)r["text"] ?? "").StartsWith("Already decided", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Click_WhenUserMappedByEmailThatSlackConfirmed_ShouldDecide()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await ApprovalTestHost.StartAsync(slack: slack.Options(byEmail: true));
        slack.Users["U0MAIL"] = ("oncall@example.com", true);
        var (prepared, record) = await PostedAsync(host);

        await host.SendAsync(FakeSlack.Signed(slack.BlockAction("U0MAIL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}"), host.Clock.GetUtcNow()));

        Assert.Equal(ApprovalStatus.Approved, (await host.Service.GetAsync(prepared.ApprovalId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Click_WhenSlackEmailIsNotConfirmed_ShouldRefuseAsUnknownUser()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await ApprovalTestHost.StartAsync(slack: slack.Options(byEmail: true));
        slack.Users["U0MAIL"] = ("oncall@example.com", false);
        var (prepared, record) = await PostedAsync(host);

        await host.SendAsync(FakeSlack.Signed(slack.BlockAction("U0MAIL", SlackBlocks.ApproveAction, $"{prepared.ApprovalId}:{record.ScriptSha256}"), host.Clock.GetUtcNow()));

        Assert.Equal(ApprovalStatus.Pending, (await host.Service.GetAsync(prepared.ApprovalId, CancellationToken.None))!.Status);
        Assert.Contains(slack.Replies, r => ((string?)r["text"] ?? "").Contains("is not linked to a person of the approval policy", StringComparison.Ordinal));
    }

    private Task<(PreparedApproval Prepared, ApprovalRecord Record)> PostedAsync() => PostedAsync(_host);

    private static Task<(PreparedApproval Prepared, ApprovalRecord Record)> PostedAsync(ApprovalTestHost host) => ChatPublishing.PostedAsync(host);

    private Task PublishAsync(string approvalId) => ChatPublishing.PublishAsync(_host, approvalId);

    private async Task<HttpResponseMessage> ClickAsync(string userId, string actionId, string value, DateTimeOffset? at = null, string messageTs = "1700000000.000001")
    {
        var (response, _) = await _host.SendAsync(FakeSlack.Signed(_slack.BlockAction(userId, actionId, value, messageTs), at ?? _host.Clock.GetUtcNow()));
        return response;
    }

    private async Task AssertStillPendingAsync(string approvalId)
    {
        Assert.Equal(ApprovalStatus.Pending, (await _host.Service.GetAsync(approvalId, CancellationToken.None))!.Status);
        Assert.Empty(_host.Callback.Successes);
    }

    private void AssertReplied(string reason)
    {
        var reply = Assert.Single(_slack.Replies);
        Assert.Equal("ephemeral", (string?)reply["response_type"]);
        Assert.Contains(reason, (string?)reply["text"], StringComparison.Ordinal);
    }
}
