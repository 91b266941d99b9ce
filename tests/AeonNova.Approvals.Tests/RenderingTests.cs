using System.Text;
using System.Text.Json;
using AeonNova.Approvals.Email;
using AeonNova.Approvals.Http;
using AeonNova.Approvals.Json;
using AeonNova.Approvals.Pages;
using AeonNova.Approvals.Tests.Support;

namespace AeonNova.Approvals.Tests;

public sealed class RenderingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Render_WhenAnyPageOrEmailIsProduced_ShouldNeverContainTheTaskToken()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var record = (await h.Store.GetAsync(prepared.ApprovalId, None))!;
        Assert.Equal(Harness.TaskToken, record.TaskToken);
        var approver = record.Links[0].Approver;
        var outputs = new List<(string Name, string Text)>
        {
            ("confirm", ApprovalPageRenderer.Confirm(record, approver, Harness.TokenOf(prepared.Links[0]), new string('a', 32)).Html),
            ("prepared json", JsonSerializer.Serialize(prepared, ApprovalsJsonContext.Default.PreparedApproval)),
            ("email text", prepared.Message),
            ("email html", prepared.HtmlMessage),
            ("subject", prepared.Subject),
        };
        foreach (var outcome in Enum.GetValues<ApprovalOutcome>())
        {
            outputs.Add(($"page {outcome}", ApprovalPageRenderer.Result(new ApprovalResult(outcome, record, approver)).Html));
        }
        var decided = (await h.DecideAsync(prepared, prepared.Links[0])).Record!;
        outputs.Add(("decided", ApprovalPageRenderer.Result(new ApprovalResult(ApprovalOutcome.Decided, decided, approver)).Html));
        outputs.Add(("already", ApprovalPageRenderer.Result(new ApprovalResult(ApprovalOutcome.AlreadyDecided, decided, approver)).Html));
        var email = ApprovalEmailRenderer.Render(record, prepared.Links);
        var outbox = new EmlOutbox(Path.Combine(Path.GetTempPath(), "unused"), TextWriter.Null, h.Time, new CryptoRandomSource());
        var eml = outbox.Compose(email, h.Time.GetUtcNow(), "id@test", "b1");
        outputs.Add(("eml", eml));
        outputs.Add(("eml html decoded", DecodeHtmlPart(eml)));

        foreach (var (name, text) in outputs)
        {
            Assert.False(text.Contains(Harness.TaskToken, StringComparison.Ordinal), $"{name} contains the task token");
            Assert.False(text.Contains("FAKE-TASK-TOKEN", StringComparison.Ordinal), $"{name} contains part of the task token");
        }
    }

    [Fact]
    public async Task Confirm_WhenRendered_ShouldShowScriptFindingsRiskRunbookExpiryApproverAndPostForm()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var record = (await h.Store.GetAsync(prepared.ApprovalId, None))!;
        var token = Harness.TokenOf(prepared.Links[0]);

        var html = ApprovalPageRenderer.Confirm(record, record.Links[0].Approver, token, new string('c', 32)).Html;

        Assert.Contains("find /var/log/nginx -name &#39;access.log.*.gz&#39; -mtime +7 -print -delete", html, StringComparison.Ordinal);
        Assert.Contains("fs.delete-find", html, StringComparison.Ordinal);
        Assert.Contains("disk-cleanup-linux", html, StringComparison.Ordinal);
        Assert.Contains("45 / 100", html, StringComparison.Ordinal);
        Assert.Contains("2026-11-23 04:46 UTC", html, StringComparison.Ordinal);
        Assert.Contains("Alex Kim (On call)", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\"", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"t\" value=\"{token}\"", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"scriptSha256\" value=\"{record.ScriptSha256}\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"csrf\"", html, StringComparison.Ordinal);
        Assert.Contains("white-space:pre-wrap", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Confirm_WhenAlertTextContainsMarkup_ShouldEncodeIt()
    {
        var h = new Harness();
        var request = Harness.LoadRequest();
        request = request with { Alert = request.Alert with { Title = "<script>alert(1)</script>", Description = "\"><img src=x onerror=alert(1)>" } };
        var prepared = await h.CreateReadyAsync(request);
        var record = (await h.Store.GetAsync(prepared.ApprovalId, None))!;

        var html = ApprovalPageRenderer.Confirm(record, record.Links[0].Approver, Harness.TokenOf(prepared.Links[0]), new string('c', 32)).Html;

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", prepared.HtmlMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_WhenRendered_ShouldRevealNothingAboutTheApproval()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();

        var page = ApprovalPageRenderer.Result(ApprovalResult.Invalid);

        Assert.Equal(404, page.StatusCode);
        foreach (var secret in new[] { prepared.ApprovalId, "web-1", "Disk", "Alex", "oncall", "expire", "pending" })
        {
            Assert.DoesNotContain(secret, page.Html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Result_WhenAlreadyDecided_ShouldNameWhoDecidedAndWhen()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var decided = (await h.DecideAsync(prepared, prepared.Links[1])).Record!;

        var page = ApprovalPageRenderer.Result(new ApprovalResult(ApprovalOutcome.AlreadyDecided, decided));

        Assert.Equal(409, page.StatusCode);
        Assert.Contains("already approved by Sam Lopez (On call) at 2026-11-23 04:31 UTC", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_WhenEmailComposed_ShouldCarrySeverityHostAlertAndOneUnbrokenLinkPerApprover()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var record = (await h.Store.GetAsync(prepared.ApprovalId, None))!;
        var email = ApprovalEmailRenderer.Render(record, prepared.Links);
        var dir = Path.Combine(Path.GetTempPath(), $"aeonnova-outbox-{Guid.NewGuid():N}");
        var console = new StringWriter();
        var outbox = new EmlOutbox(dir, console, h.Time, new CryptoRandomSource(), consoleLinks: true);

        var path = await outbox.WriteAsync(email, prepared.ApprovalId, None);

        Assert.Equal("[AeonNova approval][CRITICAL] web-1: Disk /var almost full on web-1", prepared.Subject);
        Assert.StartsWith(dir, path, StringComparison.Ordinal);
        Assert.EndsWith(".eml", path, StringComparison.Ordinal);
        var eml = await File.ReadAllTextAsync(path);
        Assert.Contains("\r\nSubject: [AeonNova approval][CRITICAL] web-1: Disk /var almost full on web-1\r\n", eml, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/alternative;", eml, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=utf-8", eml, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/html; charset=utf-8", eml, StringComparison.Ordinal);
        foreach (var link in prepared.Links)
        {
            Assert.Contains($"\r\n{link.Url}\r\n", eml, StringComparison.Ordinal);
            Assert.Contains(link.Url, console.ToString(), StringComparison.Ordinal);
        }
        Assert.Single(console.ToString().TrimEnd().Split('\n'));
        Assert.Contains(prepared.Links[0].Url.Replace("&", "&amp;", StringComparison.Ordinal), DecodeHtmlPart(eml), StringComparison.Ordinal);
        Assert.All(eml.Split("\r\n"), line => Assert.True(line.Length <= 998));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task WriteAsync_WhenNotInDevelopment_ShouldKeepTheLinkOffTheConsole()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        var record = (await h.Store.GetAsync(prepared.ApprovalId, None))!;
        var dir = Path.Combine(Path.GetTempPath(), $"aeonnova-outbox-{Guid.NewGuid():N}");
        var console = new StringWriter();
        var outbox = new EmlOutbox(dir, console, h.Time, new CryptoRandomSource(), consoleLinks: false);

        var path = await outbox.WriteAsync(ApprovalEmailRenderer.Render(record, [prepared.Links[0]]), prepared.ApprovalId, None);

        Assert.Contains(path, console.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("?t=", console.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Harness.TokenOf(prepared.Links[0]), console.ToString(), StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task CreateAsync_WhenNoticeRendered_ShouldNameTheApproversButHoldNoLink()
    {
        var h = new Harness();

        var prepared = await h.CreateReadyAsync();

        Assert.True(prepared.Links.Count >= 2, "the fixture's first tier has several approvers");
        foreach (var text in new[] { prepared.Message, prepared.HtmlMessage, JsonSerializer.Serialize(prepared.Message) })
        {
            Assert.DoesNotContain("?t=", text, StringComparison.Ordinal);
            Assert.All(prepared.Links, l => Assert.DoesNotContain(Harness.TokenOf(l), text, StringComparison.Ordinal));
        }
        Assert.All(prepared.Links, l => Assert.Contains(l.Name, prepared.Message, StringComparison.Ordinal));
    }

    private static string DecodeHtmlPart(string eml)
    {
        var start = eml.IndexOf("Content-Transfer-Encoding: base64\r\n\r\n", StringComparison.Ordinal) + "Content-Transfer-Encoding: base64\r\n\r\n".Length;
        var end = eml.IndexOf("\r\n--=_aeonnova_", start, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(Convert.FromBase64String(eml[start..end].Replace("\r\n", "", StringComparison.Ordinal)));
    }
}
