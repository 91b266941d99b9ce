using System.Net;
using System.Text;
using AeonNova.Local.Auth;
using AeonNova.Local.Config;
using AeonNova.Local.Hosting;
using AeonNova.Local.Tests.Config;
using AeonNova.Local.Tests.Support;
using AeonNova.StepFunctions;
using Microsoft.Extensions.DependencyInjection;
using AeonNova.Testing;

namespace AeonNova.Local.Tests.Security;

/// <summary>The attacks of issue #14, each tried against the real host on loopback and refused.</summary>
[Trait("Category", "Integration")]
public sealed class ServeSecurityTests
{
    private static string Sample(string source, string file = "firing.json") =>
        File.ReadAllText(Path.Combine(RepoFiles.Root, "samples", "alerts", source, file));

    private static async Task<(RunningHost Host, string Execution, string ApprovalId)> WaitingApprovalAsync(RunningHost host)
    {
        using (var response = await host.Http.PostAsync("/alerts/alertmanager", new StringContent(Sample("alertmanager"), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var execution = await host.WaitForAsync(list => list.FirstOrDefault(e => e.Waiting && e.CurrentState == "WaitForApproval"), "an execution waiting for approval");
        return (host, execution.Name, await host.WaitForApprovalIdAsync(execution.Name));
    }

    [Fact]
    public async Task Responses_WhenAnApprovalIsWaiting_ShouldNeverContainAnApprovalTokenForSignedInOrAnonymousUsers()
    {
        await using var host = await RunningHost.StartAsync();
        var (_, execution, approvalId) = await WaitingApprovalAsync(host);
        var tokens = Outbox.Links(host.Services.OutboxDirectory, approvalId).Select(l => l.Url[(l.Url.IndexOf("?t=", StringComparison.Ordinal) + 3)..]).ToList();
        Assert.NotEmpty(tokens);
        using var scraper = new HttpClient { BaseAddress = new Uri(host.Url) };

        foreach (var path in new[] { "/ui", $"/ui/executions/{execution}", "/ui/approvals", "/ui/dead-letters", "/executions", $"/executions/{execution}", "/metrics", "/health" })
        {
            foreach (var (who, client) in new[] { ("signed-in", host.Http), ("anonymous", host.Anonymous) })
            {
                var body = await client.GetStringAsyncAllowingErrors(path);
                Assert.DoesNotContain("?t=", body, StringComparison.Ordinal);
                Assert.All(tokens, t => Assert.DoesNotContain(t, body, StringComparison.Ordinal));
                Assert.True(body.Length > 0, $"{who} {path} answered nothing");
            }
        }
        // The workflow's own state (what the JSON API and history expose) names the approvers but holds no link.
        var json = await host.Http.GetStringAsync($"/executions/{execution}");
        Assert.Contains("Waiting for:", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_WhenApprovalHasSeveralApprovers_ShouldWriteOneMessagePerApproverHoldingOnlyTheirOwnLink()
    {
        // The unit tests' policy has two on-call approvers for this alert's severity in production.
        var policy = Path.Combine(AppContext.BaseDirectory, "Approvals", "Fixtures", "approval-policy.json");
        await using var host = await RunningHost.StartAsync(o => o with { ApprovalPolicyFile = policy });
        var (_, _, approvalId) = await WaitingApprovalAsync(host);
        var messages = Outbox.Messages(host.Services.OutboxDirectory, approvalId);
        for (var i = 0; i < 100 && messages.Count < 2; i++)
        {
            await Task.Delay(50);
            messages = Outbox.Messages(host.Services.OutboxDirectory, approvalId);
        }

        Assert.True(messages.Count >= 2, $"expected one message per approver, got {messages.Count}");
        Assert.Equal(messages.Count, messages.Select(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var message in messages)
        {
            Assert.DoesNotContain(",", message.To, StringComparison.Ordinal);
            var own = Assert.Single(message.Links);
            foreach (var other in messages.Where(m => m != message))
            {
                var token = other.Links[0][(other.Links[0].IndexOf("?t=", StringComparison.Ordinal) + 3)..];
                Assert.DoesNotContain(token, message.Text, StringComparison.Ordinal);
            }
            Assert.Contains("?t=", own, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/ui")]
    [InlineData("/approvals/0123456789abcdef0123456789abcdef?t=x")]
    [InlineData("/alerts/alertmanager")]
    public async Task AnyRequest_WhenHostHeaderIsARebindingName_ShouldAnswer400BeforeRouting(string path)
    {
        await using var host = await RunningHost.StartAsync();
        var port = new Uri(host.Url).Port;
        using var request = new HttpRequestMessage(path.StartsWith("/alerts", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.Host = $"evil.example:{port}";
        request.Headers.Add("Origin", $"http://evil.example:{port}");
        if (request.Method == HttpMethod.Post)
        {
            request.Content = new StringContent(Sample("alertmanager"), Encoding.UTF8, "application/json");
        }

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bad_host", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, host.Services.Queue.Depth());
    }

    [Theory]
    [InlineData("null", null, null)]
    [InlineData("https://127.0.0.1:{port}", null, null)]
    [InlineData(null, null, "http://evil.example/attack.html")]
    [InlineData("http://evil.example:{port}", null, null)]
    public async Task ApprovalPost_WhenOriginIsNotThePublicOrigin_ShouldRefuseAndDecideNothing(string? origin, string? secFetchSite, string? referer)
    {
        await using var host = await RunningHost.StartAsync();
        var (_, execution, approvalId) = await WaitingApprovalAsync(host);
        var link = Outbox.Links(host.Services.OutboxDirectory, approvalId)[0].Url;
        var port = new Uri(host.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies });
        var page = await browser.GetStringAsync(link);
        var form = System.Text.RegularExpressions.Regex.Matches(page, "<input type=\"hidden\" name=\"([a-zA-Z0-9]+)\" value=\"([^\"]*)\">")
            .ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        form["decision"] = "approve";
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{host.Url}/approvals/{approvalId}") { Content = new FormUrlEncodedContent(form) };
        if (origin is not null)
        {
            post.Headers.Add("Origin", origin.Replace("{port}", port, StringComparison.Ordinal));
        }
        if (secFetchSite is not null)
        {
            post.Headers.Add("Sec-Fetch-Site", secFetchSite);
        }
        if (referer is not null)
        {
            post.Headers.Referrer = new Uri(referer);
        }

        using var response = await browser.SendAsync(post);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(host.Services.Executions.Find(execution)!.Checkpoint?.TaskToken is not null, "the execution must still wait for a decision");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task PostAlerts_WhenContentTypeIsASimpleCrossSiteType_ShouldAnswer415AndQueueNothing(string contentType)
    {
        await using var host = await RunningHost.StartAsync();
        using var content = new StringContent(Sample("alertmanager"), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await host.Anonymous.PostAsync("/alerts/alertmanager", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, host.Services.Queue.Depth());
    }

    [Theory]
    [InlineData("/ui")]
    [InlineData("/ui/approvals")]
    [InlineData("/ui/dead-letters")]
    [InlineData("/")]
    public async Task Page_WhenNotSignedIn_ShouldRedirectToSignIn(string path)
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/executions")]
    [InlineData("/executions/some-name")]
    [InlineData("/metrics")]
    public async Task Api_WhenNotSignedIn_ShouldAnswer401(string path)
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("unauthenticated", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WhenPrometheusSendsTheScrapeToken_ShouldAnswerAndRefuseAWrongToken()
    {
        const string token = "scrape-token-0123456789abcdef";
        await using var host = await RunningHost.StartAsync(o => o with { Auth = o.Auth with { MetricsTokenEnv = "SCRAPE" } }, environment: n => n == "SCRAPE" ? token : null);
        using var good = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        good.Headers.Authorization = new("Bearer", token);
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        bad.Headers.Authorization = new("Bearer", token + "x");
        using var executions = new HttpRequestMessage(HttpMethod.Get, "/executions");
        executions.Headers.Authorization = new("Bearer", token);

        using var ok = await host.Anonymous.SendAsync(good);
        using var refused = await host.Anonymous.SendAsync(bad);
        using var notForApi = await host.Anonymous.SendAsync(executions);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("aeonnova", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, notForApi.StatusCode);
    }

    [Fact]
    public async Task CancelExecution_WhenViewerTriesIt_ShouldAnswer403AndOperatorShouldSucceed()
    {
        await using var host = await RunningHost.StartAsync();
        var (_, execution, approvalId) = await WaitingApprovalAsync(host);
        host.Accounts.Add("vera", "vera@example.com", OperatorRole.Viewer, RunningHost.Password);
        host.Accounts.Add("otto", "otto@example.com", OperatorRole.Operator, RunningHost.Password);
        using var viewer = await host.SignInAsync("vera", RunningHost.Password);
        using var operatorClient = await host.SignInAsync("otto", RunningHost.Password);

        using var asViewer = await SameOriginPostAsync(host, viewer, $"/executions/{execution}/cancel");
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal("RUNNING", host.Services.Executions.Find(execution)!.Status.ToApiString());
        using var viewerReads = await viewer.GetAsync($"/executions/{execution}");
        Assert.Equal(HttpStatusCode.OK, viewerReads.StatusCode);

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/executions/{execution}/cancel");
        crossSite.Headers.Add("Origin", "http://evil.example");
        using var forged = await operatorClient.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        using var asOperator = await SameOriginPostAsync(host, operatorClient, $"/executions/{execution}/cancel");
        Assert.Equal(HttpStatusCode.OK, asOperator.StatusCode);
        Assert.Equal("ABORTED", host.Services.Executions.Find(execution)!.Status.ToApiString());
        Assert.Equal("expired", AeonNova.Local.Ui.ApprovalQueries.Status(host.Services.Database, approvalId));
    }

    [Fact]
    public async Task SignIn_WhenPasswordIsWrongFiveTimes_ShouldLockTheAccountEvenForTheRightPassword()
    {
        await using var host = await RunningHost.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await SignInFormAsync(host, RunningHost.AdminName, "not the password at all");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var locked = await SignInFormAsync(host, RunningHost.AdminName, RunningHost.Password);

        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.DoesNotContain(locked.Headers, h => h.Key == "Set-Cookie");
    }

    [Fact]
    public async Task SignIn_WhenSucceeded_ShouldSetAStrictHttpOnlyCookieThatSignOutRevokes()
    {
        await using var host = await RunningHost.StartAsync();
        using var response = await SignInFormAsync(host, RunningHost.AdminName, RunningHost.Password);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("HttpOnly", cookie, StringComparison.Ordinal);
        Assert.Contains("SameSite=Strict", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("Secure", cookie, StringComparison.Ordinal);
        Assert.Contains("; Secure", OperatorAuth.SessionCookieHeader("v", https: true, TimeSpan.FromMinutes(1)), StringComparison.Ordinal);
        var session = cookie.Split(';')[0];

        using var before = new HttpRequestMessage(HttpMethod.Get, "/executions");
        before.Headers.Add("Cookie", session);
        Assert.Equal(HttpStatusCode.OK, (await host.Anonymous.SendAsync(before)).StatusCode);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/signout");
        signOut.Headers.Add("Cookie", session);
        signOut.Headers.Add("Origin", host.Url);
        Assert.Equal(HttpStatusCode.Redirect, (await host.Anonymous.SendAsync(signOut)).StatusCode);
        using var after = new HttpRequestMessage(HttpMethod.Get, "/executions");
        after.Headers.Add("Cookie", session);

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.SendAsync(after)).StatusCode);
    }

    [Fact]
    public async Task Setup_WhenFirstStartHasNoAccount_ShouldCreateTheAdminOnceWithTheOneTimeToken()
    {
        await using var host = await RunningHost.StartAsync(signIn: false);
        var token = host.App.Services.GetRequiredService<FirstAdminSetup>().Token;
        Assert.NotNull(token);

        using var wrong = await FormAsync(host, "/setup", new() { ["token"] = new string('x', token.Length), ["user"] = "eve", ["email"] = "eve@example.com", ["password"] = RunningHost.Password });
        using var ok = await FormAsync(host, "/setup", new() { ["token"] = token, ["user"] = "alex", ["email"] = RunningHost.AdminEmail, ["password"] = RunningHost.Password });
        using var again = await FormAsync(host, "/setup", new() { ["token"] = token, ["user"] = "mallory", ["email"] = "m@example.com", ["password"] = RunningHost.Password });

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Equal(1, host.Accounts.Count());
        using var signedIn = await SignInFormAsync(host, "alex", RunningHost.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public void Build_WhenListeningBeyondLoopbackWithAnOpenSource_ShouldRefuseNamingTheSourceAndTheSetting()
    {
        using var dir = new TempDir();
        var options = new AeonNovaOptions
        {
            Urls = $"http://0.0.0.0:{LoopbackServer.FreePort()}",
            DataDir = dir.Path,
            Sources = new(StringComparer.OrdinalIgnoreCase) { ["alertmanager"] = new() { Auth = "bearer", Secrets = ["s3cret-token-value"] } },
        };

        var error = Assert.Throws<ConfigException>(() => LocalHost.Build(new LocalHostSettings { Options = options, FindRepoFolder = f => Path.Combine(RepoFiles.Root, f) }));

        Assert.Contains("datadog", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alertmanager,", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowUnauthenticated", error.Message, StringComparison.Ordinal);
        Assert.Contains("sources.<name>.auth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_WhenEveryOpenSourceIsExplicitlyAllowedOrDisabled_ShouldStartBeyondLoopback()
    {
        using var dir = new TempDir();
        var probe = new AeonNova.Local.Ingest.SourceIntake(new AeonNovaOptions(), TimeProvider.System, dir.Path);
        var sources = probe.Sources.ToDictionary(s => s, s => new SourceOptions { Enabled = false }, StringComparer.OrdinalIgnoreCase);
        sources["alertmanager"] = new() { Auth = "none", AllowUnauthenticated = true };
        var options = new AeonNovaOptions { Urls = $"http://0.0.0.0:{LoopbackServer.FreePort()}", DataDir = dir.Path, Sources = sources };

        var app = LocalHost.Build(new LocalHostSettings { Options = options, FindRepoFolder = f => Path.Combine(RepoFiles.Root, f) });

        await app.DisposeAsync();
    }

    [Fact]
    public async Task Restart_WhenAuthSettingsChange_ShouldKeepAcceptedAlertsExecutionsAndAccounts()
    {
        using var data = new TempDir();
        string execution;
        await using (var first = await RunningHost.StartAsync(dataDir: data.Path))
        {
            (_, execution, _) = await WaitingApprovalAsync(first);
        }

        await using var second = await RunningHost.StartAsync(
            o => o with { Auth = o.Auth with { AllowedHosts = ["aeonnova.internal"], SessionMinutes = 30, MetricsTokenEnv = "SCRAPE" } },
            dataDir: data.Path, environment: n => n == "SCRAPE" ? "scrape-token-0123456789abcdef" : null);

        using var response = await second.Http.GetAsync($"/executions/{execution}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await second.WaitForAsync(list => list.FirstOrDefault(e => e.Name == execution && e.Waiting), "the resumed execution to wait for approval again");
        Assert.Equal(1, second.Accounts.Count());
    }

    private static async Task<HttpResponseMessage> SameOriginPostAsync(RunningHost host, HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Origin", host.Url);
        return await client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SignInFormAsync(RunningHost host, string user, string password) =>
        FormAsync(host, "/signin", new() { ["user"] = user, ["password"] = password, ["returnUrl"] = "/ui" });

    private static async Task<HttpResponseMessage> FormAsync(RunningHost host, string path, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", host.Url);
        return await host.Anonymous.SendAsync(request);
    }
}

internal static class HttpClientExtensions
{
    /// <summary>The body whatever the status (401 and 302 bodies are scraped too).</summary>
    public static async Task<string> GetStringAsyncAllowingErrors(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {response.Headers.Location} {body}";
    }
}
