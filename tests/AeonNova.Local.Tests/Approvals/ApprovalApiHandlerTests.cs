using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.Approvals;
using AeonNova.Approvals.Email;
using AeonNova.Approvals.Tests.Support;
using AeonNova.Functions.Adapters;
using AeonNova.Functions.Handlers;
using AeonNova.Workflow.Observability;

namespace AeonNova.Local.Tests.Approvals;

/// <summary>The API Gateway / SNS form of the approval routes, fed with AWS-shaped event fixtures.</summary>
public sealed partial class ApprovalApiHandlerTests
{
    private const string TaskToken = "AAAAKgAAAAIAAAAAAAAAAFAKE-SNS-TASK-TOKEN-5f4e3d2c1b0a";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly InMemoryApprovalStore _store = new();
    private readonly RecordingCallback _callback = new();
    private readonly StringWriter _log = new();
    private readonly ApprovalService _service;
    private readonly ApprovalApiHandler _function;
    private readonly RecordingApproverMessages _messages = new();

    public ApprovalApiHandlerTests()
    {
        _service = new ApprovalService(_store, _callback, ApprovalFixtures.LoadPolicy(),
            new ApprovalServiceOptions { BaseUrl = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod" }, TimeProvider.System, new CryptoRandomSource());
        _function = new ApprovalApiHandler(new InProcessFunctionRuntimes(_log, TimeProvider.System), _service, new CryptoRandomSource(), _messages);
    }

    [Fact]
    public async Task Handle_WhenSnsEventCarriesTaskToken_ShouldRegisterItWithoutLoggingIt()
    {
        var prepared = await _service.CreateAsync(ApprovalFixtures.LoadRequest(), None);

        await InvokeAsync("sns-task-token.json", ("approvalId", prepared.ApprovalId), ("taskToken", TaskToken));

        Assert.Equal(TaskToken, (await _store.GetAsync(prepared.ApprovalId, None))!.TaskToken);
        Assert.Contains("\"outcome\":\"Registered\"", _log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TaskToken, _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_WhenApiGatewayGetThenPost_ShouldRenderPageAndDecideOnce()
    {
        var prepared = await _service.CreateAsync(ApprovalFixtures.LoadRequest(), None);
        await _service.RegisterTaskTokenAsync(prepared.ApprovalId, TaskToken, None);
        var linkToken = ApprovalFixtures.TokenOf(prepared.Links[0]);

        var get = await InvokeAsync("apigw-rest-get.json", ("approvalId", prepared.ApprovalId), ("linkToken", linkToken));
        Assert.Equal(200, (int)get["statusCode"]!);
        var html = (string)get["body"]!;
        Assert.Contains("logrotate --force", html, StringComparison.Ordinal);
        Assert.DoesNotContain(TaskToken, html, StringComparison.Ordinal);
        var setCookie = (string)get["headers"]!["Set-Cookie"]!;
        Assert.EndsWith("; Secure", setCookie, StringComparison.Ordinal);
        var fields = HiddenField().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var form = $"t={fields["t"]}&scriptSha256={fields["scriptSha256"]}&csrf={fields["csrf"]}&decision=reject&comment=not+during+peak";
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(form));

        var post = await InvokeAsync("apigw-rest-post.json", ("approvalId", prepared.ApprovalId), ("csrf", fields["csrf"]), ("body", body));
        var replay = await InvokeAsync("apigw-rest-post.json", ("approvalId", prepared.ApprovalId), ("csrf", fields["csrf"]), ("body", body));

        Assert.Equal(200, (int)post["statusCode"]!);
        Assert.Contains("<h1>Rejected</h1>", (string)post["body"]!, StringComparison.Ordinal);
        Assert.Equal(409, (int)replay["statusCode"]!);
        var (token, output) = Assert.Single(_callback.Successes);
        Assert.Equal(TaskToken, token);
        Assert.Equal("rejected", (string?)JsonNode.Parse(output)!["decision"]);
        Assert.Contains(await _store.GetAuditAsync(prepared.ApprovalId, None), a => a.Action == "decision" && a.Ip == "198.51.100.23");
        Assert.DoesNotContain(TaskToken, _log.ToString(), StringComparison.Ordinal);
        // The decision is counted once, by RecordOutcome when the workflow acts on it, not by the page.
        Assert.DoesNotContain("\"ApprovalsRejected\"", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_WhenHttpApiHeadFromLinkScanner_ShouldAnswerWithoutBodyAndNotDecide()
    {
        var prepared = await _service.CreateAsync(ApprovalFixtures.LoadRequest(), None);
        await _service.RegisterTaskTokenAsync(prepared.ApprovalId, TaskToken, None);

        var head = await InvokeAsync("apigw-http-v2-head.json", ("approvalId", prepared.ApprovalId), ("linkToken", ApprovalFixtures.TokenOf(prepared.Links[0])));

        Assert.Equal(200, (int)head["statusCode"]!);
        Assert.Equal("", (string)head["body"]!);
        Assert.Equal(ApprovalStatus.Pending, (await _store.GetAsync(prepared.ApprovalId, None))!.Status);
        Assert.Contains(await _store.GetAuditAsync(prepared.ApprovalId, None), a => a.Action == "head" && a.UserAgent == "Mimecast-LinkScanner/1.0");
        Assert.Empty(_callback.Successes);
    }

    [Fact]
    public async Task Handle_WhenSnsRegistersTheTaskToken_ShouldSendEachApproverOneMessageHoldingOnlyTheirOwnLink()
    {
        var prepared = await _service.CreateAsync(ApprovalFixtures.LoadRequest(), None);
        var approvers = prepared.Links.Select(l => l.Email).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(approvers.Count >= 2, "the fixture's first tier needs several approvers for this test");

        await InvokeAsync("sns-task-token.json", ("approvalId", prepared.ApprovalId), ("taskToken", TaskToken));

        Assert.Equal(approvers.Order(StringComparer.OrdinalIgnoreCase), _messages.Sent.Select(m => m.Approver).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        var allUrls = _messages.Sent.SelectMany(m => m.Email.Links.Select(l => l.Url)).ToList();
        Assert.Equal(allUrls.Count, allUrls.Distinct(StringComparer.Ordinal).Count());
        foreach (var (approver, email) in _messages.Sent)
        {
            var own = Assert.Single(email.Links);
            Assert.Equal(approver, own.Email, StringComparer.OrdinalIgnoreCase);
            Assert.Contains(own.Url, email.Text, StringComparison.Ordinal);
            Assert.All(allUrls.Where(u => u != own.Url), other => Assert.DoesNotContain(other, email.Text + email.Html, StringComparison.Ordinal));
            Assert.Single(LinkPattern().Matches(email.Text));
            // The link works for its approver: the page opens (GET never decides).
            var page = await InvokeAsync("apigw-rest-get.json", ("approvalId", prepared.ApprovalId), ("linkToken", ApprovalFixtures.TokenOf(own)));
            Assert.Equal(200, (int)page["statusCode"]!);
        }
        // The links handed out when the approval was prepared were retired by the delivery.
        var stale = await InvokeAsync("apigw-rest-get.json", ("approvalId", prepared.ApprovalId), ("linkToken", ApprovalFixtures.TokenOf(prepared.Links[0])));
        Assert.NotEqual(200, (int)stale["statusCode"]!);
        Assert.DoesNotContain(TaskToken, _log.ToString() + string.Join("", _messages.Sent.Select(m => m.Email.Text + m.Email.Html)), StringComparison.Ordinal);
    }

    private sealed class RecordingApproverMessages : IApproverMessages
    {
        public List<(string Approver, ApprovalEmail Email)> Sent { get; } = [];

        public Task SendAsync(string approverEmail, ApprovalEmail email, CancellationToken cancellationToken)
        {
            Sent.Add((approverEmail, email));
            return Task.CompletedTask;
        }
    }

    [GeneratedRegex(@"/approvals/[^?\s]+\?t=")]
    private static partial Regex LinkPattern();

    private async Task<JsonNode> InvokeAsync(string fixture, params (string Name, string Value)[] values)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Approvals", fixture));
        foreach (var (name, value) in values)
        {
            text = text.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        }
        await using var output = await _function.Handle(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        return JsonNode.Parse(output)!;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([a-zA-Z0-9]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
