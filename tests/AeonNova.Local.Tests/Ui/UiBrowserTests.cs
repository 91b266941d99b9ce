using System.Net;
using System.Text;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Config;
using AeonNova.Local.Tests.Support;
using Microsoft.Playwright;

namespace AeonNova.Local.Tests.Ui;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser): /ui lists the execution, its page shows
/// the timeline and the approval link, and the link opens the approval page (opening it decides nothing).
/// </summary>
[Trait("Category", "Integration")]
public sealed class UiBrowserTests
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    [Fact]
    public async Task Ui_WhenApproverSignsInAndFollowsExecutionToApproval_ShouldApproveAndSucceed()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is required at /usr/bin/chromium (.ci/run installs it)");
        await using var host = await RunningHost.StartAsync();
        var sample = File.ReadAllText(Path.Combine(RepoFiles.Root, "samples", "alerts", "alertmanager", "firing.json"));
        using (var response = await host.Http.PostAsync("/alerts/alertmanager", new StringContent(sample, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var execution = await host.WaitForAsync(list => list.FirstOrDefault(e => e.Waiting && e.CurrentState == "WaitForApproval"), "an execution waiting for approval");
        await host.WaitForApprovalIdAsync(execution.Name);
        await host.WaitForAsync(list => list.All(e => e.Status != "RUNNING" || e.Waiting) ? list[0] : null, "the other sample alert to settle");
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 720 } });

        // Not signed in: /ui leads to the sign-in page; signing in there returns to /ui.
        await page.GotoAsync($"{host.Url}/ui");
        Assert.EndsWith("/signin?returnUrl=%2Fui", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=user]", RunningHost.AdminName);
        await page.FillAsync("input[name=password]", RunningHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByText("WAITING FOR APPROVAL").First.WaitForAsync();
        Assert.Equal($"{host.Url}/ui", page.Url);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "ui-executions.png"), FullPage = true });

        await page.ClickAsync($"a[href='/ui/executions/{execution.Name}']");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Timeline" }).WaitForAsync();
        var executionPage = await page.ContentAsync();
        Assert.Contains("WaitForApproval", executionPage, StringComparison.Ordinal);
        Assert.Contains("Plan:", executionPage, StringComparison.Ordinal);
        Assert.Contains("Alex Kim", executionPage, StringComparison.Ordinal);
        Assert.DoesNotContain("?t=", executionPage, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "ui-execution.png"), FullPage = true });

        // The signed-in approver opens an approval issued for this session, not one of the emailed links.
        await page.GetByRole(AriaRole.Button, new() { Name = "Open my approval page" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "ui-approval.png"), FullPage = true });
        var approvalPage = await page.ContentAsync();
        Assert.DoesNotContain(page.Url, ApprovalLinks(host, execution.Name), StringComparer.Ordinal);
        Assert.Contains("Alex Kim", approvalPage, StringComparison.Ordinal);
        Assert.Contains("Reject", approvalPage, StringComparison.Ordinal);
        Assert.Equal("RUNNING", host.Services.Executions.Find(execution.Name)!.Status.ToString().ToUpperInvariant());
        Assert.True(new FileInfo(Path.Combine(artifacts, "ui-executions.png")).Length > 1000);

        // Approving decides (the browser's own Origin passes the origin check), and the execution finishes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Approved" }).WaitForAsync();
        await host.WaitForAsync(list => list.FirstOrDefault(e => e.Name == execution.Name && e.Status == "SUCCEEDED"), "the approved execution to succeed");
    }

    private static IReadOnlyList<string> ApprovalLinks(RunningHost host, string executionName)
    {
        var id = host.WaitForApprovalIdAsync(executionName).GetAwaiter().GetResult();
        return [.. Outbox.Links(host.Services.OutboxDirectory, id).Select(l => l.Url)];
    }
}
