using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Approvals.Pages;
using AeonNova.Approvals.Policy;

namespace AeonNova.Approvals.Chat.Slack;

/// <summary>
/// The Block Kit message of an approval (https://api.slack.com/reference/block-kit/blocks): header, alert fields,
/// diagnosis, the script in code blocks with its SHA-256, safety findings, expiry, and Approve / Reject buttons whose
/// value is "approvalId:scriptSha256" — nothing in it lets anyone decide without a signed click from Slack.
/// Limits honoured: header 150 characters, section text 3000, 10 fields, 50 blocks.
/// </summary>
public static class SlackBlocks
{
    public const string ApproveAction = "aeonnova_approve";
    public const string RejectAction = "aeonnova_reject";
    public const string RejectModal = "aeonnova_reject_modal";
    public const string ReasonBlock = "reason";
    public const string ReasonInput = "reason_input";
    private const int SectionLimit = 3000;
    private const int MaxScriptBlocks = 8;

    /// <summary>The message for an open approval (buttons) or a closed one (<see cref="ChatText.Closed"/> instead of buttons).</summary>
    public static JsonObject Message(ApprovalRecord record, string channel)
    {
        ArgumentNullException.ThrowIfNull(record);
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = PlainText(Clip($"Approval needed: {record.Alert.Title}", 150)),
            },
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray
                {
                    Field("Alert", record.Alert.Title),
                    Field("Host", record.Alert.Host),
                    Field("Severity", ApprovalPolicy.SeverityKey(record.Alert.Severity)),
                    Field("Environment", record.Alert.Environment),
                    Field("Safety verdict", $"{record.Safety.Verdict.ToString().ToLowerInvariant()} (risk {record.Safety.RiskScore})"),
                    Field("Expires", $"{HtmlText.Utc(record.ExpiresAt)} (tier {record.TierName})"),
                },
            },
            Section($"*Diagnosis*\n{Escape(record.Plan.Diagnosis)}"),
            Section($"*Plan*\n{Escape(record.Plan.Summary)}"),
            Section($"*Script* ({record.Plan.Script.Language.ToString().ToLowerInvariant()}) — SHA-256 `{record.ScriptSha256}`"),
        };
        foreach (var block in ScriptBlocks(record.Script))
        {
            blocks.Add(block);
        }
        blocks.Add(Section(Findings(record)));
        if (record.Status.IsOpen())
        {
            var value = $"{record.Id}:{record.ScriptSha256}";
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["block_id"] = "decision",
                ["elements"] = new JsonArray
                {
                    Button("Approve", ApproveAction, value, "primary"),
                    Button("Reject", RejectAction, value, "danger"),
                },
            });
        }
        else
        {
            blocks.Add(Section($"*{Escape(ChatText.Closed(record))}*"));
        }
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray { Mrkdwn($"Approval `{record.Id}` · the approval page from your email works too") },
        });
        return new JsonObject
        {
            ["channel"] = channel,
            ["text"] = Clip($"Approval needed [{ApprovalPolicy.SeverityKey(record.Alert.Severity)}] {record.Alert.Host}: {record.Alert.Title}", 300),
            ["blocks"] = blocks,
        };
    }

    /// <summary>The reject modal (views.open): a reason field; private_metadata carries where the message is.</summary>
    public static JsonObject RejectView(string privateMetadata) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = RejectModal,
        ["private_metadata"] = privateMetadata,
        ["title"] = PlainText("Reject remediation"),
        ["submit"] = PlainText("Reject"),
        ["close"] = PlainText("Cancel"),
        ["blocks"] = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "input",
                ["block_id"] = ReasonBlock,
                ["label"] = PlainText("Reason"),
                ["element"] = new JsonObject
                {
                    ["type"] = "plain_text_input",
                    ["action_id"] = ReasonInput,
                    ["multiline"] = true,
                    ["max_length"] = 1000,
                },
            },
        },
    };

    /// <summary>Slack mrkdwn needs &amp;, &lt; and &gt; escaped (https://api.slack.com/reference/surfaces/formatting#escaping).</summary>
    public static string Escape(string? text) => (text ?? "").Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static IEnumerable<JsonObject> ScriptBlocks(string script)
    {
        // Whole lines per block (an escape like &amp; is never cut in two); a ``` inside the script would close the
        // code block, so a zero-width space keeps it literal.
        const int room = SectionLimit - 8;
        var current = new StringBuilder();
        var count = 0;
        foreach (var raw in script.Split('\n'))
        {
            var line = Escape(raw).Replace("```", "`\u200b``", StringComparison.Ordinal);
            if (line.Length > room)
            {
                line = line[..(room - 1)] + "…";
            }
            if (current.Length + line.Length + 1 > room)
            {
                if (++count >= MaxScriptBlocks)
                {
                    yield return Section("_The script is longer than a Slack message can hold; read it in full on the approval page before deciding._");
                    yield break;
                }
                yield return Section($"```{current}```");
                current.Clear();
            }
            current.Append(line).Append('\n');
        }
        if (current.Length > 0)
        {
            yield return Section($"```{current.ToString().TrimEnd('\n')}```");
        }
    }

    private static string Findings(ApprovalRecord record)
    {
        var findings = record.Safety.Findings;
        if (findings.Count == 0)
        {
            return "*Safety findings*: none";
        }
        var sb = new StringBuilder($"*Safety findings* ({findings.Count})");
        foreach (var f in findings)
        {
            var line = $"\n• [{f.Severity.ToString().ToLowerInvariant()}] `{Escape(f.RuleId)}` line {f.Line}: {Escape(f.Message)}";
            if (sb.Length + line.Length > SectionLimit - 40)
            {
                sb.Append("\n• … more on the approval page");
                break;
            }
            sb.Append(line);
        }
        return sb.ToString();
    }

    private static JsonObject Button(string label, string actionId, string value, string style) => new()
    {
        ["type"] = "button",
        ["text"] = PlainText(label),
        ["action_id"] = actionId,
        ["value"] = value,
        ["style"] = style,
    };

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(Clip(mrkdwn, SectionLimit)) };

    private static JsonObject Field(string name, string value) => Mrkdwn(Clip($"*{name}*\n{Escape(value)}", 2000));

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
