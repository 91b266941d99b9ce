using AeonNova.Local.Tests.Security;
using AeonNova.Local.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AeonNova.Local.Tests.Ui;

/// <summary>
/// Debian's Chromium signs in through the test OpenID Connect provider. The provider answers as
/// <c>localhost</c> and serve as <c>127.0.0.1</c>: two different sites, so the browser really applies SameSite
/// to the correlation/nonce cookies on the way back and to the Strict session cookie afterwards.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OidcBrowserTests
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    [Fact]
    public async Task Ui_WhenOperatorSignsInThroughTheIdentityProvider_ShouldReachTheExecutionsPage()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is required at /usr/bin/chromium (.ci/run installs it)");
        await using var provider = await TestOidcProvider.StartAsync();
        await using var host = await OidcSignInTests.StartHostAsync(provider);
        provider.Email = "sam@example.com";
        provider.Groups = ["sre"];

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync();
        // Discovery, keys and the code exchange all run on this shared 2-core machine: the 30 s default is too tight under load.
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);

        await page.GotoAsync($"{host.Url}/ui");
        Assert.EndsWith("/signin?returnUrl=%2Fui", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test IdP" }).ClickAsync();
        // Poll the page's URL rather than wait for a navigation event: after the cross-site redirect chain (IdP on
        // localhost → callback → /ui on 127.0.0.1) Chromium sometimes swaps renderer processes without Playwright
        // seeing the navigation (seen: page on /ui with the executions page shown, WaitForURL timing out after 120 s).
        await Expect(page).ToHaveURLAsync($"{host.Url}/ui", new() { Timeout = 120_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
        Assert.Equal(1, provider.VerifiedCodeExchanges);
        var cookies = await page.Context.CookiesAsync([host.Url]);
        var session = Assert.Single(cookies, c => c.Name == AeonNova.Local.Auth.OperatorAuth.SessionCookie);
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
    }
}
