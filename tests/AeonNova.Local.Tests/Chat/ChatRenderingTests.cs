using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Local.Tests.Approvals;

namespace AeonNova.Local.Tests.Chat;

/// <summary>
/// Pictures of the chat messages for docs/approvals.md: the Block Kit message and the Adaptive Card the tests post
/// are rendered to HTML by a deliberately small renderer (only the block types we send) and screenshot with Debian's
/// headless chromium into artifacts/ of the test output. The rendering also proves the script, hash and buttons reach
/// the picture.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChatRenderingTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task Render_WhenSlackMessageAndTeamsCardArePosted_ShouldScreenshotBothWithScriptHashAndButtons()
    {
        Assert.True(File.Exists(ChromiumPath), $"chromium not found at {ChromiumPath}; install it with 'apt-get install -y chromium'.");
        await using var slack = await FakeSlack.StartAsync();
        await using var teams = await FakeTeams.StartAsync();
        await using var host = await ApprovalTestHost.StartAsync(slack: slack.Options(), teams: teams.Options(new Dictionary<string, string>()));
        var (_, record) = await ChatPublishing.PostedAsync(host);
        var message = Assert.Single(slack.CallsTo("chat.postMessage"));
        var card = Assert.Single(teams.Posted).Activity["attachments"]![0]!["content"]!;
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(dir);

        var slackHtml = Page("Slack", RenderBlocks(message["blocks"]!.AsArray()));
        var teamsHtml = Page("Teams", RenderCard(card));
        foreach (var html in new[] { slackHtml, teamsHtml })
        {
            Assert.Contains(record.ScriptSha256, html, StringComparison.Ordinal);
            Assert.Contains("logrotate --force /etc/logrotate.d/nginx", html, StringComparison.Ordinal);
            Assert.Contains(">Approve</button>", html, StringComparison.Ordinal);
            Assert.Contains(">Reject</button>", html, StringComparison.Ordinal);
        }
        await ScreenshotAsync(slackHtml, Path.Combine(dir, "chat-slack-approval.png"), dir);
        await ScreenshotAsync(teamsHtml, Path.Combine(dir, "chat-teams-approval.png"), dir);
    }

    private static async Task ScreenshotAsync(string html, string png, string dir)
    {
        var file = Path.Combine(dir, Path.GetFileNameWithoutExtension(png) + ".html");
        await File.WriteAllTextAsync(file, html);
        File.Delete(png);
        using var process = Process.Start(new ProcessStartInfo(ChromiumPath)
        {
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={Path.Combine(dir, "chromium-profile")}",
                "--window-size=720,1280", $"--screenshot={png}", new Uri(file).AbsoluteUri,
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(File.Exists(png) && new FileInfo(png).Length > 1000, $"chromium wrote no screenshot: {await stderr}");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Slack mrkdwn as sent: ```code```, *bold*, `code`; the &amp;lt; escapes are Slack's and stay as they are.</summary>
    private static string Mrkdwn(string? text)
    {
        var raw = text ?? "";
        var sb = new StringBuilder();
        var parts = raw.Split("```");
        for (var i = 0; i < parts.Length; i++)
        {
            // Slack escapes &, <, > itself: undo them once, then HTML-encode for the page.
            var part = WebUtility.HtmlDecode(parts[i]);
            if (i % 2 == 1)
            {
                sb.Append("<pre>").Append(E(part)).Append("</pre>");
                continue;
            }
            var html = E(part).Replace("\n", "<br>", StringComparison.Ordinal);
            html = System.Text.RegularExpressions.Regex.Replace(html, @"\*([^*<]+)\*", "<b>$1</b>");
            html = System.Text.RegularExpressions.Regex.Replace(html, "`([^`<]+)`", "<code>$1</code>");
            sb.Append(html);
        }
        return sb.ToString();
    }

    private static string RenderBlocks(JsonArray blocks)
    {
        var sb = new StringBuilder("<div class=\"slack\"><div class=\"who\"><b>AeonNova</b> <span class=\"app\">APP</span></div>");
        foreach (var block in blocks)
        {
            switch ((string?)block!["type"])
            {
                case "header":
                    sb.Append("<h2>").Append(E((string?)block["text"]!["text"])).Append("</h2>");
                    break;
                case "section" when block["fields"] is JsonArray fields:
                    sb.Append("<div class=\"fields\">");
                    foreach (var f in fields)
                    {
                        sb.Append("<div>").Append(Mrkdwn((string?)f!["text"])).Append("</div>");
                    }
                    sb.Append("</div>");
                    break;
                case "section":
                    sb.Append("<div class=\"section\">").Append(Mrkdwn((string?)block["text"]!["text"])).Append("</div>");
                    break;
                case "actions":
                    sb.Append("<div class=\"actions\">");
                    foreach (var b in block["elements"]!.AsArray())
                    {
                        sb.Append($"<button class=\"{E((string?)b!["style"])}\">").Append(E((string?)b["text"]!["text"])).Append("</button>");
                    }
                    sb.Append("</div>");
                    break;
                case "context":
                    sb.Append("<div class=\"context\">").Append(Mrkdwn((string?)block["elements"]![0]!["text"])).Append("</div>");
                    break;
            }
        }
        return sb.Append("</div>").ToString();
    }

    private static string RenderCard(JsonNode card)
    {
        var sb = new StringBuilder("<div class=\"teams\">");
        foreach (var element in card["body"]!.AsArray())
        {
            RenderElement(sb, element!);
        }
        if (card["actions"] is JsonArray actions)
        {
            sb.Append("<div class=\"actions\">");
            foreach (var a in actions)
            {
                sb.Append($"<button class=\"{E((string?)a!["style"])}\">").Append(E((string?)a["title"])).Append("</button>");
            }
            sb.Append("</div>");
        }
        return sb.Append("</div>").ToString();
    }

    private static void RenderElement(StringBuilder sb, JsonNode element)
    {
        switch ((string?)element["type"])
        {
            case "TextBlock":
                var tag = (string?)element["size"] == "Large" ? "h2" : "p";
                var bold = (string?)element["weight"] == "Bolder" ? " class=\"bold\"" : "";
                sb.Append($"<{tag}{bold}>").Append(E((string?)element["text"])).Append($"</{tag}>");
                break;
            case "RichTextBlock":
                foreach (var run in element["inlines"]!.AsArray())
                {
                    var mono = (string?)run!["fontType"] == "Monospace";
                    sb.Append(mono ? "<pre>" : "<p>").Append(E((string?)run["text"])).Append(mono ? "</pre>" : "</p>");
                }
                break;
            case "FactSet":
                sb.Append("<table>");
                foreach (var fact in element["facts"]!.AsArray())
                {
                    sb.Append("<tr><th>").Append(E((string?)fact!["title"])).Append("</th><td>").Append(E((string?)fact["value"])).Append("</td></tr>");
                }
                sb.Append("</table>");
                break;
            case "Container":
                sb.Append("<div class=\"emphasis\">");
                foreach (var item in element["items"]!.AsArray())
                {
                    RenderElement(sb, item!);
                }
                sb.Append("</div>");
                break;
            case "Input.Text":
                sb.Append("<label>").Append(E((string?)element["label"])).Append("</label><textarea rows=\"2\"></textarea>");
                break;
        }
    }

    private static string Page(string title, string body) => $$"""
        <!doctype html><html><head><meta charset="utf-8"><title>{{title}}</title><style>
        body{margin:0;padding:16px;background:#f4f4f4;font:14px/1.45 -apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d1c1d}
        .slack,.teams{background:#fff;border:1px solid #ddd;border-radius:8px;padding:14px 16px;max-width:660px}
        .who{margin-bottom:6px}.app{font-size:10px;background:#eee;padding:1px 4px;border-radius:3px;color:#616061}
        h2{font-size:18px;margin:4px 0 10px}.fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin:8px 0}
        .section{margin:8px 0}pre{background:#f8f8f8;border:1px solid #e1e1e1;border-radius:4px;padding:8px;white-space:pre-wrap;
        word-break:break-all;font:12px/1.4 Menlo,Consolas,monospace;margin:6px 0}code{background:#f2f2f2;padding:1px 3px;border-radius:3px;
        font:12px Menlo,Consolas,monospace;color:#c01343;word-break:break-all}.context{color:#616061;font-size:12px;margin-top:8px}
        .actions{margin:10px 0;display:flex;gap:8px}button{padding:6px 14px;border-radius:4px;border:1px solid #bbb;background:#fff;font-weight:bold}
        .primary{background:#007a5a;color:#fff;border-color:#007a5a}.danger{background:#e01e5a;color:#fff;border-color:#e01e5a}
        .teams{border-top:4px solid #6264a7}.positive{background:#6264a7;color:#fff}.destructive{color:#c4314b;border-color:#c4314b}
        table{border-collapse:collapse;margin:6px 0}th{text-align:left;padding:2px 12px 2px 0;font-weight:600}td{padding:2px 0}
        .bold{font-weight:600;margin:10px 0 2px}.emphasis{background:#f5f5f5;padding:4px 8px}label{display:block;margin-top:8px}
        textarea{width:100%;box-sizing:border-box}p{margin:2px 0}
        </style></head><body>{{body}}</body></html>
        """;
}
