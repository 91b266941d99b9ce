using System.Text.Json.Nodes;
using AeonNova.Approvals.Links;
using AeonNova.Approvals.Policy;
using AeonNova.Approvals.Tests.Support;

namespace AeonNova.Approvals.Tests;

public sealed class ApprovalServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CreateAsync_WhenCriticalProductionAlert_ShouldIssueOneLinkPerAllowedOnCallApprover()
    {
        var h = new Harness();
        var prepared = await h.Service.CreateAsync(Harness.LoadRequest(), None);

        Assert.Equal(["oncall@example.com", "oncall2@example.com"], prepared.Links.Select(l => l.Email));
        Assert.Equal(900, prepared.TimeoutSeconds);
        Assert.Equal("on-call", prepared.TierName);
        Assert.Matches("^[0-9a-f]{32}$", prepared.ApprovalId);
        var record = await h.Store.GetAsync(prepared.ApprovalId, None);
        Assert.NotNull(record);
        Assert.Equal(ApprovalStatus.Pending, record.Status);
        Assert.Null(record.TaskToken);
        Assert.Equal(LinkTokens.ScriptSha256(record.Script), record.ScriptSha256);
        foreach (var link in prepared.Links)
        {
            var token = Harness.TokenOf(link);
            Assert.Equal(LinkTokens.TokenLength, token.Length);
            // Only a hash bound to approval + approver is stored, never the token itself.
            Assert.DoesNotContain(record.Links, l => l.TokenHash.Contains(token, StringComparison.Ordinal));
            Assert.Contains(record.Links, l => l.TokenHash == LinkTokens.Hash(prepared.ApprovalId, link.Email, token));
        }
    }

    [Fact]
    public async Task DecideAsync_WhenApproved_ShouldCompleteTaskTokenWithDecisionJson()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var result = await h.DecideAsync(prepared, prepared.Links[0]);

        Assert.Equal(ApprovalOutcome.Decided, result.Outcome);
        var (token, output) = Assert.Single(h.Callback.Successes);
        Assert.Equal(Harness.TaskToken, token);
        var json = JsonNode.Parse(output)!;
        Assert.Equal("approved", (string?)json["decision"]);
        Assert.Equal("Alex Kim (On call)", (string?)json["approver"]);
        Assert.Equal("looks right", (string?)json["comment"]);
        Assert.Equal(result.Record!.ScriptSha256, (string?)json["scriptSha256"]);
        Assert.NotNull(json["decidedAt"]);
        Assert.Empty(h.Callback.Failures);
        var audit = await h.Store.GetAuditAsync(prepared.ApprovalId, None);
        var decision = Assert.Single(audit, a => a.Action == "decision");
        Assert.Equal(("oncall@example.com", "203.0.113.7", "UnitTest/1.0"), (decision.Actor, decision.Ip, decision.UserAgent));
    }

    [Fact]
    public async Task DecideAsync_WhenRejected_ShouldStillUseTaskSuccessWithRejectedDecision()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var result = await h.DecideAsync(prepared, prepared.Links[1], DecisionOutcome.Rejected);

        Assert.Equal(ApprovalOutcome.Decided, result.Outcome);
        Assert.Equal(ApprovalStatus.Rejected, result.Record!.Status);
        Assert.Equal("rejected", (string?)JsonNode.Parse(Assert.Single(h.Callback.Successes).Output)!["decision"]);
        Assert.Empty(h.Callback.Failures);
    }

    [Fact]
    public async Task DecideAsync_WhenTokenForged_ShouldReturnInvalidAndLeavePending()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var forged = prepared.Links[0] with { Url = $"{Harness.BaseUrl}/approvals/{prepared.ApprovalId}?t={LinkTokens.NewToken(new CryptoRandomSource())}" };

        var result = await h.DecideAsync(prepared, forged);

        Assert.Equal(ApprovalResult.Invalid, result);
        Assert.Null(result.Record);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Status);
        Assert.Empty(h.Callback.Successes);
        Assert.Contains(await h.Store.GetAuditAsync(prepared.ApprovalId, None), a => a.Action == "denied" && a.Actor == "unknown");
    }

    [Fact]
    public async Task DecideAsync_WhenTokenBelongsToAnotherApproval_ShouldReturnInvalid()
    {
        var h = new Harness();
        var target = await h.CreateReadyAsync();
        var other = await h.CreateReadyAsync();
        var foreign = other.Links[0] with { Url = other.Links[0].Url.Replace(other.ApprovalId, target.ApprovalId, StringComparison.Ordinal) };

        var result = await h.DecideAsync(target, foreign);

        Assert.Equal(ApprovalOutcome.Invalid, result.Outcome);
        Assert.Empty(h.Callback.Successes);
    }

    [Fact]
    public async Task DecideAsync_WhenAnotherApproversTokenIsUsed_ShouldDecideAsThatApproverOnlyOnce()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var first = await h.DecideAsync(prepared, prepared.Links[1]);
        var second = await h.DecideAsync(prepared, prepared.Links[0]);

        // The token, not anything the form claims, says who decides: Sam's link decides as Sam.
        Assert.Equal("oncall2@example.com", first.Record!.Decision!.ByEmail);
        Assert.Equal(ApprovalOutcome.AlreadyDecided, second.Outcome);
        Assert.Equal("Sam Lopez (On call)", second.Record!.Decision!.By);
        Assert.Single(h.Callback.Successes);
    }

    [Fact]
    public async Task DecideAsync_WhenReplayed_ShouldReturnAlreadyDecidedAndNotCallbackTwice()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        await h.DecideAsync(prepared, prepared.Links[0]);

        var replay = await h.DecideAsync(prepared, prepared.Links[0], DecisionOutcome.Rejected);

        Assert.Equal(ApprovalOutcome.AlreadyDecided, replay.Outcome);
        Assert.Equal(ApprovalStatus.Approved, replay.Record!.Status);
        Assert.Single(h.Callback.Successes);
        Assert.NotNull(replay.Record.Links.Single(l => l.Approver.Email == "oncall@example.com" && l.Active).UsedAt);
    }

    [Fact]
    public async Task DecideAsync_WhenExpired_ShouldReturnExpired()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        h.Time.Advance(TimeSpan.FromMinutes(15));

        var result = await h.DecideAsync(prepared, prepared.Links[0]);

        Assert.Equal(ApprovalOutcome.Expired, result.Outcome);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Status);
        Assert.Empty(h.Callback.Successes);
    }

    [Fact]
    public async Task DecideAsync_WhenScriptHashTampered_ShouldRefuseAsScriptChanged()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var result = await h.DecideAsync(prepared, prepared.Links[0], scriptHash: LinkTokens.ScriptSha256("rm -rf /\n"));

        Assert.Equal(ApprovalOutcome.ScriptChanged, result.Outcome);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Status);
        Assert.Empty(h.Callback.Successes);
    }

    [Fact]
    public async Task DecideAsync_WhenApproverRoleNoLongerAllowed_ShouldRefuseAsNotAllowed()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        // Policy changed after the links went out: Alex is now a Developer, who may not approve critical production fixes.
        var demoted = h.Policy with
        {
            People = [.. h.Policy.People.Select(p => p.Email == "oncall@example.com" ? p with { Role = ApproverRole.Developer } : p)],
        };
        var service = h.NewService(demoted);

        var result = await service.DecideAsync(prepared.ApprovalId, new DecisionRequest
        {
            Token = Harness.TokenOf(prepared.Links[0]),
            Decision = DecisionOutcome.Approved,
            ScriptSha256 = (await h.Store.GetAsync(prepared.ApprovalId, None))!.ScriptSha256,
        }, ClientInfo.Unknown, None);

        Assert.Equal(ApprovalOutcome.NotAllowed, result.Outcome);
        Assert.Empty(h.Callback.Successes);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Status);
    }

    [Fact]
    public async Task ViewAsync_WhenGetAndHeadRepeated_ShouldNeverChangeStateButAuditEachView()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var before = await h.Store.GetAsync(prepared.ApprovalId, None);

        for (var i = 0; i < 5; i++)
        {
            var view = await h.Service.ViewAsync(prepared.ApprovalId, Harness.TokenOf(prepared.Links[0]), new ClientInfo("198.51.100.1", "SafeLinks/1.0"), head: i % 2 == 1, None);
            Assert.Equal(ApprovalOutcome.Confirm, view.Outcome);
        }

        var after = await h.Store.GetAsync(prepared.ApprovalId, None);
        Assert.Equal(before, after);
        Assert.Empty(h.Callback.Successes);
        var audit = await h.Store.GetAuditAsync(prepared.ApprovalId, None);
        Assert.Equal(3, audit.Count(a => a.Action == "view" && a.UserAgent == "SafeLinks/1.0" && a.Ip == "198.51.100.1"));
        Assert.Equal(2, audit.Count(a => a.Action == "head"));
        // And the link still decides afterwards: the prefetch used nothing up.
        Assert.Equal(ApprovalOutcome.Decided, (await h.DecideAsync(prepared, prepared.Links[0])).Outcome);
    }

    [Fact]
    public async Task DecideAsync_When50ParallelPostsInMemory_ShouldDecideExactlyOnce()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            h.DecideAsync(prepared, prepared.Links[i % 2], i % 3 == 0 ? DecisionOutcome.Rejected : DecisionOutcome.Approved))));

        Assert.Single(results, r => r.Outcome == ApprovalOutcome.Decided);
        Assert.Equal(49, results.Count(r => r.Outcome == ApprovalOutcome.AlreadyDecided));
        Assert.Single(h.Callback.Successes);
        var winner = results.Single(r => r.Outcome == ApprovalOutcome.Decided).Record!.Decision!;
        Assert.All(results.Where(r => r.Outcome == ApprovalOutcome.AlreadyDecided), r => Assert.Equal(winner, r.Record!.Decision));
    }

    [Fact]
    public async Task DecideAsync_WhenTaskTokenNotRegisteredYet_ShouldAskToTryAgain()
    {
        var h = new Harness();
        var prepared = await h.Service.CreateAsync(Harness.LoadRequest(), None);

        var result = await h.DecideAsync(prepared, prepared.Links[0]);

        Assert.Equal(ApprovalOutcome.NotReady, result.Outcome);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Status);
    }

    [Fact]
    public async Task EscalateAsync_WhenTierTimesOut_ShouldInvalidateOldLinksAndIssueNextTier()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        h.Time.Advance(TimeSpan.FromMinutes(15));

        var escalation = await h.Service.EscalateAsync(prepared.ApprovalId, None);

        Assert.False(escalation.Expired);
        var next = escalation.Next!;
        Assert.Equal("cto", next.TierName);
        Assert.Equal(["cto@example.com"], next.Links.Select(l => l.Email));
        Assert.Equal(ApprovalOutcome.Superseded, (await h.DecideAsync(prepared, prepared.Links[0])).Outcome);
        Assert.Equal(ApprovalOutcome.Superseded,
            (await h.Service.ViewAsync(prepared.ApprovalId, Harness.TokenOf(prepared.Links[1]), ClientInfo.Unknown, head: false, None)).Outcome);
        // New tier needs its own WaitForApproval token before deciding.
        Assert.Equal(ApprovalOutcome.NotReady, (await h.DecideAsync(next, next.Links[0])).Outcome);
        Assert.Equal(TokenRegistration.Registered, await h.Service.RegisterTaskTokenAsync(prepared.ApprovalId, "second-task-token", None));
        Assert.Equal(ApprovalOutcome.Decided, (await h.DecideAsync(next, next.Links[0])).Outcome);
        Assert.Equal("second-task-token", Assert.Single(h.Callback.Successes).Token);
    }

    [Fact]
    public async Task EscalateAsync_WhenRetriedForTheSameTier_ShouldEscalateOnceAndIssueTheLinksAgain()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        h.Time.Advance(TimeSpan.FromMinutes(15));

        var first = (await h.Service.EscalateAsync(prepared.ApprovalId, fromTier: prepared.Tier, None)).Next!; // response lost
        var retried = (await h.Service.EscalateAsync(prepared.ApprovalId, fromTier: prepared.Tier, None)).Next!;

        Assert.Equal("cto", first.TierName);
        Assert.Equal(first.Tier, retried.Tier);
        Assert.Equal("cto", retried.TierName);
        var record = (await h.Store.GetAsync(prepared.ApprovalId, None))!;
        Assert.Equal(first.Tier, record.Tier);
        Assert.Single(record.Links, l => l.Active);
        Assert.Contains(await h.Store.GetAuditAsync(prepared.ApprovalId, None), e => e.Action == "escalation-repeated");
        // Only the links that get published work.
        await h.Service.RegisterTaskTokenAsync(prepared.ApprovalId, "second-task-token", None);
        Assert.Equal(ApprovalOutcome.Superseded, (await h.DecideAsync(first, first.Links[0])).Outcome);
        Assert.Equal(ApprovalOutcome.Decided, (await h.DecideAsync(retried, retried.Links[0])).Outcome);
    }

    [Fact]
    public async Task CreateAsync_WhenPrepareApprovalRunsAgainForTheExecution_ShouldCancelTheUnpublishedFirstApproval()
    {
        var h = new Harness();
        var request = Harness.LoadRequest();
        var lost = await h.Service.CreateAsync(request, None); // Lambda retried: this response never reached the workflow
        var other = await h.CreateReadyAsync(request with { ExecutionId = request.ExecutionId + "-other" });

        var second = await h.Service.CreateAsync(request, None);

        Assert.Equal(ApprovalStatus.Cancelled, (await h.Store.GetAsync(lost.ApprovalId, None))!.Status);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(second.ApprovalId, None))!.Status);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(other.ApprovalId, None))!.Status);
        Assert.Empty(h.Callback.Successes);
    }

    [Fact]
    public async Task EscalateAsync_WhenLastTierTimesOut_ShouldExpireAsNotApproved()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var second = (await h.Service.EscalateAsync(prepared.ApprovalId, None)).Next!;
        await h.Service.RegisterTaskTokenAsync(prepared.ApprovalId, "second-task-token", None);

        var last = await h.Service.EscalateAsync(prepared.ApprovalId, None);

        Assert.True(last.Expired);
        Assert.Null(last.Next);
        var record = await h.Store.GetAsync(prepared.ApprovalId, None);
        Assert.Equal(ApprovalStatus.Expired, record!.Status);
        Assert.Null(record.TaskToken);
        Assert.Equal(ApprovalOutcome.Expired, (await h.DecideAsync(second, second.Links[0])).Outcome);
        Assert.Empty(h.Callback.Successes);
    }

    [Fact]
    public async Task CancelByFingerprintAsync_WhenAlertResolves_ShouldCompleteTokenWithCancelled()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var count = await h.Service.CancelByFingerprintAsync("fp-disk-web-1", "alert resolved", None);

        Assert.Equal(1, count);
        Assert.Equal("cancelled", (string?)JsonNode.Parse(Assert.Single(h.Callback.Successes).Output)!["decision"]);
        Assert.Equal(ApprovalOutcome.Cancelled, (await h.DecideAsync(prepared, prepared.Links[0])).Outcome);
    }

    [Fact]
    public async Task RegisterTaskTokenAsync_WhenAlreadyCancelled_ShouldReleaseWorkflowAtOnce()
    {
        var h = new Harness();
        var prepared = await h.Service.CreateAsync(Harness.LoadRequest(), None);
        Assert.True(await h.Service.CancelAsync(prepared.ApprovalId, "alert resolved", None));

        var registration = await h.Service.RegisterTaskTokenAsync(prepared.ApprovalId, Harness.TaskToken, None);

        Assert.Equal(TokenRegistration.CompletedAsCancelled, registration);
        Assert.Equal(Harness.TaskToken, Assert.Single(h.Callback.Successes).Token);
    }

    [Fact]
    public async Task DecideAsync_WhenCallbackFails_ShouldKeepDecisionAndReportCallbackFailed()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        h.Callback.Fail = true;

        var result = await h.DecideAsync(prepared, prepared.Links[0]);

        Assert.Equal(ApprovalOutcome.CallbackFailed, result.Outcome);
        Assert.Equal(ApprovalStatus.Approved, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Status);
        Assert.Contains(await h.Store.GetAuditAsync(prepared.ApprovalId, None), a => a.Action == "callback-failed");
    }

    [Fact]
    public async Task CreateAsync_WhenNobodyMayApprove_ShouldThrowPolicyErrorNamingSeverityAndEnvironment()
    {
        var h = new Harness();
        var policy = h.Policy with { Environments = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<ApproverRole>>>() };
        var service = h.NewService(policy);

        var error = await Assert.ThrowsAsync<ApprovalPolicyException>(() => service.CreateAsync(Harness.LoadRequest(), None));

        Assert.Contains("'critical'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'production'", error.Message, StringComparison.Ordinal);
    }
}
