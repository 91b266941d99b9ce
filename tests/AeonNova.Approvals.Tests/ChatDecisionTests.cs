using AeonNova.Approvals.Tests.Support;

namespace AeonNova.Approvals.Tests;

/// <summary>DecideFromChatAsync applies the page's rules to a verified chat user.</summary>
public sealed class ChatDecisionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<ApprovalResult> DecideAsync(Harness h, string approvalId, string? email, string? hash = null, DecisionOutcome decision = DecisionOutcome.Approved) =>
        await h.Service.DecideFromChatAsync(approvalId, new ChatDecisionRequest
        {
            Via = "Slack",
            ChatUserId = "U0TEST",
            ApproverEmail = email,
            Decision = decision,
            ScriptSha256 = hash ?? (await h.Store.GetAsync(approvalId, None))!.ScriptSha256,
        }, ClientInfo.Unknown, None);

    [Fact]
    public async Task DecideFromChatAsync_WhenTierApproverApproves_ShouldDecideOnceRecordingTheChatApp()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var first = await DecideAsync(h, prepared.ApprovalId, "ONCALL@example.com");
        var second = await DecideAsync(h, prepared.ApprovalId, "oncall2@example.com");

        Assert.Equal(ApprovalOutcome.Decided, first.Outcome);
        Assert.Equal("Slack", first.Record!.Decision!.Via);
        Assert.Equal("Alex Kim (On call)", first.Record.Decision.By);
        Assert.Equal(ApprovalOutcome.AlreadyDecided, second.Outcome);
        Assert.Single(h.Callback.Successes);
        var audit = await h.Store.GetAuditAsync(prepared.ApprovalId, None);
        Assert.Contains(audit, e => e.Action == "decision" && e.Detail == "approved via Slack");
    }

    [Theory]
    [InlineData(null, ApprovalOutcome.UnknownApprover)]
    [InlineData("stranger@example.com", ApprovalOutcome.UnknownApprover)]
    [InlineData("dev@example.com", ApprovalOutcome.NotAllowed)]
    [InlineData("cto@example.com", ApprovalOutcome.NotInTier)]
    public async Task DecideFromChatAsync_WhenUserMayNotDecide_ShouldRefuseAndLeavePending(string? email, ApprovalOutcome expected)
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var result = await DecideAsync(h, prepared.ApprovalId, email);

        Assert.Equal(expected, result.Outcome);
        Assert.Empty(h.Callback.Successes);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Status);
    }

    [Fact]
    public async Task DecideFromChatAsync_WhenHashDiffersOrExpired_ShouldRefuse()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        Assert.Equal(ApprovalOutcome.ScriptChanged, (await DecideAsync(h, prepared.ApprovalId, "oncall@example.com", new string('0', 64))).Outcome);
        h.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(ApprovalOutcome.Expired, (await DecideAsync(h, prepared.ApprovalId, "oncall@example.com")).Outcome);
        Assert.Empty(h.Callback.Successes);
    }

    [Fact]
    public async Task DecideFromChatAsync_WhenEscalatedToTheNextTier_ShouldAcceptOnlyThatTiersApprovers()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        await h.Service.EscalateAsync(prepared.ApprovalId, 0, None);
        await h.Service.RegisterTaskTokenAsync(prepared.ApprovalId, Harness.TaskToken + "-cto", None);

        Assert.Equal(ApprovalOutcome.NotInTier, (await DecideAsync(h, prepared.ApprovalId, "oncall@example.com")).Outcome);
        Assert.Equal(ApprovalOutcome.Decided, (await DecideAsync(h, prepared.ApprovalId, "cto@example.com", decision: DecisionOutcome.Rejected)).Outcome);
    }

    [Fact]
    public async Task DecideFromChatAsync_WhenApprovalIdUnknownOrMalformed_ShouldReturnInvalid()
    {
        var h = new Harness();
        var result = await h.Service.DecideFromChatAsync(new string('a', 32), new ChatDecisionRequest
        {
            Via = "Teams", ChatUserId = "x", ApproverEmail = "oncall@example.com", Decision = DecisionOutcome.Approved, ScriptSha256 = new string('0', 64),
        }, ClientInfo.Unknown, None);
        Assert.Equal(ApprovalOutcome.Invalid, result.Outcome);
        Assert.Equal(ApprovalOutcome.Invalid, (await h.Service.DecideFromChatAsync("../x", new ChatDecisionRequest
        {
            Via = "Teams", ChatUserId = "x", ApproverEmail = "oncall@example.com", Decision = DecisionOutcome.Approved, ScriptSha256 = new string('0', 64),
        }, ClientInfo.Unknown, None)).Outcome);
    }
}
