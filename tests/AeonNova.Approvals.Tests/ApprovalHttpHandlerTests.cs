using System.Text.RegularExpressions;
using AeonNova.Approvals.Http;
using AeonNova.Approvals.Tests.Support;

namespace AeonNova.Approvals.Tests;

public sealed partial class ApprovalHttpHandlerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task HandleAsync_WhenGet_ShouldRenderFormSetCsrfCookieAndSafeHeaders()
    {
        var (h, handler, prepared) = await SetupAsync();

        var response = await handler.HandleAsync(Get(prepared), None);

        Assert.Equal(200, response.StatusCode);
        var cookie = Assert.Single(response.Headers, x => x.Key == "Set-Cookie").Value;
        Assert.Matches("^aeonnova_csrf=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Strict; Secure$", cookie);
        Assert.Contains(response.Headers, x => x.Key == "Cache-Control" && x.Value == "no-store");
        Assert.Contains(response.Headers, x => x.Key == "Referrer-Policy" && x.Value == "same-origin");
        Assert.Contains(response.Headers, x => x.Key == "Content-Security-Policy" && x.Value.StartsWith("default-src 'none'", StringComparison.Ordinal));
        Assert.Contains($"value=\"{cookie[14..46]}\"", response.Body, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Status);
    }

    [Fact]
    public async Task HandleAsync_WhenHead_ShouldSendNoBodyAndNotDecide()
    {
        var (h, handler, prepared) = await SetupAsync();

        var response = await handler.HandleAsync(Get(prepared) with { Method = "HEAD" }, None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("", response.Body);
        Assert.Contains(response.Headers, x => x.Key == "Content-Length" && int.Parse(x.Value, System.Globalization.CultureInfo.InvariantCulture) > 1000);
        Assert.Equal(ApprovalStatus.Pending, (await h.Store.GetAsync(prepared.ApprovalId, None))!.Status);
    }

    [Fact]
    public async Task HandleAsync_WhenPostHasValidFormAndCookie_ShouldDecide()
    {
        var (h, handler, prepared) = await SetupAsync();
        var (form, csrf) = await FormAsync(handler, prepared);

        var response = await handler.HandleAsync(Post(prepared, form, csrf), None);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("Approved", response.Body, StringComparison.Ordinal);
        Assert.Single(h.Callback.Successes);
    }

    [Fact]
    public async Task HandleAsync_WhenCsrfCookieMissingOrDifferent_ShouldRefuseWith403()
    {
        var (h, handler, prepared) = await SetupAsync();
        var (form, _) = await FormAsync(handler, prepared);

        var missing = await handler.HandleAsync(Post(prepared, form, csrf: null), None);
        var different = await handler.HandleAsync(Post(prepared, form, new string('f', 32)), None);

        Assert.Equal(403, missing.StatusCode);
        Assert.Equal(403, different.StatusCode);
        Assert.Empty(h.Callback.Successes);
    }

    [Fact]
    public async Task HandleAsync_WhenPostComesFromAnotherSite_ShouldRefuseWith403()
    {
        var (h, handler, prepared) = await SetupAsync();
        var (form, csrf) = await FormAsync(handler, prepared);

        var otherOrigin = await handler.HandleAsync(Post(prepared, form, csrf) with { Origin = "https://evil.example" }, None);
        var crossSite = await handler.HandleAsync(Post(prepared, form, csrf) with { SecFetchSite = "cross-site" }, None);

        Assert.Equal(403, otherOrigin.StatusCode);
        Assert.Equal(403, crossSite.StatusCode);
        Assert.Empty(h.Callback.Successes);
    }

    [Theory]
    [InlineData("null", null, null)] // sandboxed frame, data: or file: page
    [InlineData("http://approvals.example.test", null, null)] // http page posting to the https origin
    [InlineData("https://approvals.example.test:8443", null, null)] // same host, other port
    [InlineData("https://evil.example", null, null)] // DNS rebinding: the attacker's name, whatever the Host says
    [InlineData(null, null, "https://evil.example/page")] // foreign Referer, no Origin
    [InlineData(null, null, null)] // nothing says where it came from
    [InlineData(null, "same-site", "https://approvals.example.test/x")] // a sibling subdomain
    public async Task HandleAsync_WhenPostDoesNotProveThePublicOrigin_ShouldRefuseWith403(string? origin, string? secFetchSite, string? referer)
    {
        var (h, handler, prepared) = await SetupAsync();
        var (form, csrf) = await FormAsync(handler, prepared);

        var response = await handler.HandleAsync(Post(prepared, form, csrf) with { Origin = origin, SecFetchSite = secFetchSite, Referer = referer }, None);

        Assert.Equal(403, response.StatusCode);
        Assert.Empty(h.Callback.Successes);
    }

    [Theory]
    [InlineData("https://approvals.example.test", null, null)]
    [InlineData("HTTPS://Approvals.Example.Test:443", null, null)]
    [InlineData(null, "same-origin", null)]
    [InlineData(null, "none", null)]
    [InlineData(null, null, "https://approvals.example.test/approvals/x?t=y")]
    public async Task HandleAsync_WhenPostProvesThePublicOrigin_ShouldDecide(string? origin, string? secFetchSite, string? referer)
    {
        var (h, handler, prepared) = await SetupAsync();
        var (form, csrf) = await FormAsync(handler, prepared);

        var response = await handler.HandleAsync(Post(prepared, form, csrf) with { Origin = origin, SecFetchSite = secFetchSite, Referer = referer }, None);

        Assert.Equal(200, response.StatusCode);
        Assert.Single(h.Callback.Successes);
    }

    [Fact]
    public async Task HandleAsync_WhenGetHasWrongToken_ShouldShowTheSameInvalidPageAsAnUnknownId()
    {
        var (_, handler, prepared) = await SetupAsync();

        var wrongToken = await handler.HandleAsync(Get(prepared) with { QueryToken = new string('A', 43) }, None);
        var unknownId = await handler.HandleAsync(Get(prepared) with { ApprovalId = new string('0', 32) }, None);
        var junk = await handler.HandleAsync(Get(prepared) with { ApprovalId = "../../etc/passwd", QueryToken = "x" }, None);

        Assert.Equal(404, wrongToken.StatusCode);
        Assert.Equal(wrongToken.Body, unknownId.Body);
        Assert.Equal(wrongToken.Body, junk.Body);
        Assert.DoesNotContain(wrongToken.Headers, x => x.Key == "Set-Cookie");
    }

    [Fact]
    public async Task HandleAsync_WhenMethodIsPut_ShouldAnswer405()
    {
        var (_, handler, prepared) = await SetupAsync();

        var response = await handler.HandleAsync(Get(prepared) with { Method = "PUT" }, None);

        Assert.Equal(405, response.StatusCode);
        Assert.Contains(response.Headers, x => x.Key == "Allow" && x.Value == "GET, HEAD, POST");
    }

    internal static async Task<(Harness, ApprovalHttpHandler, PreparedApproval)> SetupAsync()
    {
        var h = new Harness();
        var prepared = await h.CreateReadyAsync();
        return (h, new ApprovalHttpHandler(h.Service, new CryptoRandomSource(), ex => throw ex), prepared);
    }

    private static ApprovalHttpRequest Get(PreparedApproval prepared) => new()
    {
        Method = "GET",
        ApprovalId = prepared.ApprovalId,
        QueryToken = Harness.TokenOf(prepared.Links[0]),
        Host = "approvals.example.test",
        IsHttps = true,
        Client = new ClientInfo("192.0.2.10", "Mozilla/5.0 test"),
    };

    private static ApprovalHttpRequest Post(PreparedApproval prepared, string form, string? csrf) => new()
    {
        Method = "POST",
        ApprovalId = prepared.ApprovalId,
        FormBody = form,
        ContentType = "application/x-www-form-urlencoded",
        CsrfCookie = csrf,
        Origin = "https://approvals.example.test",
        Host = "approvals.example.test",
        IsHttps = true,
        Client = new ClientInfo("192.0.2.10", "Mozilla/5.0 test"),
    };

    /// <summary>Reads the hidden fields from the rendered page, as a browser would submit them.</summary>
    private static async Task<(string Form, string Csrf)> FormAsync(ApprovalHttpHandler handler, PreparedApproval prepared)
    {
        var page = await handler.HandleAsync(Get(prepared), None);
        var fields = HiddenField().Matches(page.Body).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var form = $"t={Uri.EscapeDataString(fields["t"])}&scriptSha256={fields["scriptSha256"]}&csrf={fields["csrf"]}&comment=ok&decision=approve";
        return (form, fields["csrf"]);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([a-zA-Z0-9]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
