using System.Text.RegularExpressions;
using AeonNova.Approvals.Tests.Support;

namespace AeonNova.Approvals.Tests;

/// <summary>Each approver receives only their own link; links are issued at delivery, never in the published notice.</summary>
public sealed partial class ApprovalDeliveryTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ClientInfo Client = new("192.0.2.10", "tests");

    [Fact]
    public async Task DeliverAsync_WhenTierHasSeveralApprovers_ShouldSendEachOneMessageWithOnlyTheirOwnWorkingLink()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var emails = await h.Service.DeliverAsync(prepared.ApprovalId, None);

        Assert.Equal(prepared.Links.Select(l => l.Email).Order(), emails.Select(e => Assert.Single(e.Links).Email).Order());
        foreach (var email in emails)
        {
            var own = email.Links[0];
            var found = Links().Matches(email.Text + email.Html).Select(m => m.Value).Distinct().ToList();
            Assert.Equal([own.Url], found);
            foreach (var other in emails.Where(e => e != email))
            {
                Assert.DoesNotContain(Harness.TokenOf(other.Links[0]), email.Text + email.Html + email.Subject, StringComparison.Ordinal);
            }
            var view = await h.Service.ViewAsync(prepared.ApprovalId, Harness.TokenOf(own), Client, head: false, None);
            Assert.Equal(ApprovalOutcome.Confirm, view.Outcome);
            Assert.Equal(own.Email, view.Approver!.Email);
        }
    }

    [Fact]
    public async Task DeliverAsync_WhenDelivered_ShouldRetireTheLinksIssuedBeforeDelivery()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        await h.Service.DeliverAsync(prepared.ApprovalId, None);

        var old = await h.Service.ViewAsync(prepared.ApprovalId, Harness.TokenOf(prepared.Links[0]), Client, head: false, None);
        Assert.Equal(ApprovalOutcome.Superseded, old.Outcome);
    }

    [Fact]
    public async Task IssueOwnLinkAsync_WhenSignedInPersonIsACurrentApprover_ShouldIssueALinkThatWorksOnlyAsThem()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var emails = await h.Service.DeliverAsync(prepared.ApprovalId, None);
        var me = prepared.Links[0].Email;

        var url = await h.Service.IssueOwnLinkAsync(prepared.ApprovalId, me.ToUpperInvariant(), None);

        Assert.NotNull(url);
        var view = await h.Service.ViewAsync(prepared.ApprovalId, url[(url.IndexOf("?t=", StringComparison.Ordinal) + 3)..], Client, head: false, None);
        Assert.Equal(ApprovalOutcome.Confirm, view.Outcome);
        Assert.Equal(me, view.Approver!.Email);
        Assert.All(emails, e => Assert.NotEqual(e.Links[0].Url, url));
        // The emailed links of everyone else still work.
        foreach (var email in emails)
        {
            Assert.Equal(ApprovalOutcome.Confirm, (await h.Service.ViewAsync(prepared.ApprovalId, Harness.TokenOf(email.Links[0]), Client, head: false, None)).Outcome);
        }
    }

    [Theory]
    [InlineData("cto@example.com")] // an approver of a later tier only
    [InlineData("someone@example.com")] // not in the policy
    public async Task IssueOwnLinkAsync_WhenPersonIsNotACurrentApprover_ShouldIssueNothing(string email)
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var before = (await h.Store.GetAsync(prepared.ApprovalId, None))!.Links.Count;

        var url = await h.Service.IssueOwnLinkAsync(prepared.ApprovalId, email, None);

        Assert.Null(url);
        Assert.Equal(before, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Links.Count);
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/approvals/[0-9a-f]+\?t=[A-Za-z0-9_\-]+")]
    private static partial Regex Links();
}
