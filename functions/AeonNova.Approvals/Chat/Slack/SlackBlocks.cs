using System.Text;
using System.Text.Json.Nodes;

namespace AeonNova.Approvals.Chat.Slack;

/// <summary>
/// The Block Kit message of an approval (https://api.slack.com/reference/block-kit/blocks), laying out its
/// <see cref="ApprovalSummary"/>: header, alert fields, diagnosis, the script and the rollback script in code blocks
/// with their SHA-256, safety findings, expiry, and Approve / Reject buttons whose
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
        var summary = ApprovalSummary.From(record);
        var fields = new JsonArray();
        foreach (var (name, value) in summary.Facts)
        {
            fields.Add(Field(name, value));
        }
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(Clip(summary.Title, 150)) },
            new JsonObject { ["type"] = "section", ["fields"] = fields },
            Section($"*Diagnosis*\n{Escape(summary.Diagnosis)}"),
            Section($"*Plan*\n{Escape(summary.Plan)}"),
        };
        // The script and the rollback share the code-block budget, so a long script cannot push the rollback out unseen.
        var budget = MaxScriptBlocks;
        foreach (var part in (ScriptPart?[])[summary.Script, summary.Rollback])
        {
            if (part is null)
            {
                continue;
            }
            blocks.Add(Section($"*{Escape(part.Heading)}*"));
            foreach (var block in ScriptBlocks(part.Body, ref budget))
            {
                blocks.Add(block);
            }
        }
        if (summary.Rollback is null)
        {
            blocks.Add(Section(Escape(summary.NoRollback)));
        }
        blocks.Add(Section(Findings(summary.Findings)));
        if (summary.Closed is null)
        {
            var value = $"{summary.ApprovalId}:{summary.ApprovalSha256}";
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
            blocks.Add(Section($"*{Escape(summary.Closed)}*"));
        }
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray { Mrkdwn(Escape(summary.Footer)) },
        });
        return new JsonObject
        {
            ["channel"] = channel,
            ["text"] = Clip(summary.Headline, 300),
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

    /// <summary>The script in code blocks, at most <paramref name="budget"/> of them (decremented by what is used).</summary>
    private static List<JsonObject> ScriptBlocks(string script, ref int budget)
    {
        var blocks = new List<JsonObject>();
        // Whole lines per block (an escape like &amp; is never cut in two); a ``` inside the script would close the
        // code block, so a zero-width space keeps it literal.
        const int room = SectionLimit - 8;
        var current = new StringBuilder();
        foreach (var raw in script.Split('\n'))
        {
            var line = Escape(raw).Replace("```", "`\u200b``", StringComparison.Ordinal);
            if (line.Length > room)
            {
                line = line[..(room - 1)] + "…";
            }
            if (current.Length + line.Length + 1 > room)
            {
                if (budget <= 1)
                {
                    blocks.Add(Section("_The script is longer than a Slack message can hold; read it in full on the approval page before deciding._"));
                    budget = 0;
                    return blocks;
                }
                blocks.Add(Section($"```{current}```"));
                budget--;
                current.Clear();
            }
            current.Append(line).Append('\n');
        }
        if (current.Length > 0 && budget > 0)
        {
            blocks.Add(Section($"```{current.ToString().TrimEnd('\n')}```"));
            budget--;
        }
        else if (current.Length > 0)
        {
            blocks.Add(Section("_The script is longer than a Slack message can hold; read it in full on the approval page before deciding._"));
        }
        return blocks;
    }

    private static string Findings(IReadOnlyList<FindingLine> findings)
    {
        if (findings.Count == 0)
        {
            return "*Safety findings*: none";
        }
        var sb = new StringBuilder($"*Safety findings* ({findings.Count})");
        foreach (var f in findings)
        {
            var line = $"\n• [{f.Severity}] `{Escape(f.RuleId)}` line {f.Line}: {Escape(f.Message)}";
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
