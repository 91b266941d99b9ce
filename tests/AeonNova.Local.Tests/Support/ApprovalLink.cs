using System.Net;
using System.Text.RegularExpressions;

namespace AeonNova.Local.Tests.Support;

/// <summary>What an approver does with the emailed link: open the page, post its form with a decision.</summary>
public static partial class ApprovalLink
{
    /// <summary>Opens the first link of the approval's email in a fresh browser-like client and posts <paramref name="decision"/>.</summary>
    public static async Task DecideAsync(RunningHost host, string approvalId, string decision, string comment)
    {
        ArgumentNullException.ThrowIfNull(host);
        await DecideAsync(Outbox.Links(host.Services.OutboxDirectory, approvalId)[0].Url, host.Url, decision, comment);
    }

    /// <summary>Opens <paramref name="link"/> (an emailed approval link) and posts its form from <paramref name="origin"/>.</summary>
    public static async Task DecideAsync(string link, string origin, string decision, string comment)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies };
        using var browser = new HttpClient(handler);
        var page = await browser.GetStringAsync(link);
        Assert.Contains("Approve", page, StringComparison.Ordinal);
        var form = HiddenInputs().Matches(page).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        form["decision"] = decision;
        form["comment"] = comment;
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(link), FormAction().Match(page).Groups[1].Value))
        {
            Content = new FormUrlEncodedContent(form),
        };
        post.Headers.Add("Origin", origin);
        using var decided = await browser.SendAsync(post);
        Assert.True(decided.IsSuccessStatusCode, $"{(int)decided.StatusCode}: {await decided.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInputs();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\">")]
    private static partial Regex FormAction();
}
