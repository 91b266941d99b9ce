using AeonNova.Approvals;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AeonNova.Local.Tests.Approvals;

/// <summary>
/// The approval page in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).
/// A missing chromium fails the test: the approval page is a feature, not an optional extra.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApprovalBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task ApprovalPage_WhenOpenedOnAPhoneAndApproved_ShouldShowScriptFindingsAndConfirmation()
    {
        Assert.True(File.Exists(ChromiumPath),
            $"chromium not found at {ChromiumPath}; install it with 'apt-get install -y chromium' (.ci/run does this).");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await using var host = await ApprovalTestHost.StartAsync();
        var prepared = await host.CreateReadyAsync();
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
        // A phone-sized viewport with JavaScript off: the page must work without it.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 412, Height = 915 },
            JavaScriptEnabled = false,
            DeviceScaleFactor = 1,
        });
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(prepared.Links[0].Url);
        Assert.Equal(200, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approve this remediation?" })).ToBeVisibleAsync();
        await Expect(page.Locator("pre.script")).ToContainTextAsync("logrotate --force /etc/logrotate.d/nginx");
        await Expect(page.Locator("pre.script")).ToContainTextAsync("-mtime +7 -print -delete");
        await Expect(page.Locator("li.finding")).ToContainTextAsync("fs.delete-find");
        await Expect(page.Locator("p.who")).ToContainTextAsync("Alex Kim (On call)");
        // Long script lines wrap instead of widening the page on a phone.
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 412, $"page is {scrollWidth}px wide on a 412px screen");
        Assert.DoesNotContain(ApprovalTestHost.TaskToken, await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "approval-page.png"), FullPage = true });

        await page.GetByLabel("Comment (optional)").FillAsync("Checked the find filter; go ahead.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approved" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was recorded");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "approval-confirmed.png"), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(artifacts, "approval-page.png")).Length > 10_000);
        var record = await host.Store.GetAsync(prepared.ApprovalId, CancellationToken.None);
        Assert.Equal(ApprovalStatus.Approved, record!.Status);
        Assert.Equal("Checked the find filter; go ahead.", record.Decision!.Comment);
        Assert.Single(host.Callback.Successes);
    }
}
