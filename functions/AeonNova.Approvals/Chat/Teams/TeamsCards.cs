using System.Text.Json.Nodes;
using AeonNova.Approvals.Pages;
using AeonNova.Approvals.Policy;

namespace AeonNova.Approvals.Chat.Teams;

/// <summary>
/// The Adaptive Card of an approval (schema 1.4, needed for Action.Execute —
/// https://learn.microsoft.com/en-us/adaptive-cards/authoring-cards/universal-action-model): the same content as the
/// Slack message (alert facts, diagnosis, script in monospace with its SHA-256, findings, expiry), a reason field and
/// Approve / Reject actions whose data is only the approval id and script hash. A closed approval's card shows who
/// decided and when instead of the actions.
/// </summary>
public static class TeamsCards
{
    public const string ApproveVerb = "approve";
    public const string RejectVerb = "reject";
    public const string ReasonInput = "reason";
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    public static JsonObject Card(ApprovalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = new JsonArray
        {
            Text($"Approval needed: {record.Alert.Title}", size: "Large", weight: "Bolder"),
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray
                {
                    Fact("Alert", record.Alert.Title),
                    Fact("Host", record.Alert.Host),
                    Fact("Severity", ApprovalPolicy.SeverityKey(record.Alert.Severity)),
                    Fact("Environment", record.Alert.Environment),
                    Fact("Safety verdict", $"{record.Safety.Verdict.ToString().ToLowerInvariant()} (risk {record.Safety.RiskScore})"),
                    Fact("Expires", $"{HtmlText.Utc(record.ExpiresAt)} (tier {record.TierName})"),
                },
            },
            Text("Diagnosis", weight: "Bolder"),
            Plain(record.Plan.Diagnosis),
            Text("Plan", weight: "Bolder"),
            Plain(record.Plan.Summary),
            Text($"Script ({record.Plan.Script.Language.ToString().ToLowerInvariant()}) — SHA-256 {record.ScriptSha256}", weight: "Bolder"),
            new JsonObject
            {
                ["type"] = "Container",
                ["style"] = "emphasis",
                ["items"] = new JsonArray { Plain(record.Script, monospace: true) },
            },
            Text($"Safety findings ({record.Safety.Findings.Count})", weight: "Bolder"),
        };
        foreach (var f in record.Safety.Findings)
        {
            body.Add(Plain($"• [{f.Severity.ToString().ToLowerInvariant()}] {f.RuleId} line {f.Line}: {f.Message}"));
        }
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (record.Status.IsOpen())
        {
            body.Add(new JsonObject
            {
                ["type"] = "Input.Text",
                ["id"] = ReasonInput,
                ["label"] = "Reason (for a rejection)",
                ["isMultiline"] = true,
                ["maxLength"] = 1000,
            });
            var data = new JsonObject { ["approvalId"] = record.Id, ["scriptSha256"] = record.ScriptSha256 };
            card["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.Execute", ["title"] = "Approve", ["verb"] = ApproveVerb, ["style"] = "positive", ["data"] = data.DeepClone() },
                new JsonObject { ["type"] = "Action.Execute", ["title"] = "Reject", ["verb"] = RejectVerb, ["style"] = "destructive", ["data"] = data.DeepClone() },
            };
        }
        else
        {
            body.Add(Text(ChatText.Closed(record), weight: "Bolder", color: record.Status == ApprovalStatus.Approved ? "Good" : "Attention"));
        }
        body.Add(Text($"Approval {record.Id} · the approval page from your email works too", size: "Small", color: "Default"));
        return card;
    }

    /// <summary>The message activity that posts a card to a channel conversation.</summary>
    public static JsonObject Activity(JsonObject card) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray { new JsonObject { ["contentType"] = ContentType, ["content"] = card } },
    };

    /// <summary>
    /// Text shown exactly as written: a RichTextBlock's TextRun is never read as Markdown, unlike a TextBlock, so a
    /// script's <c>*</c> or <c>_</c> cannot turn into emphasis and hide characters from the approver.
    /// </summary>
    private static JsonObject Plain(string text, bool monospace = false)
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = text };
        if (monospace)
        {
            run["fontType"] = "Monospace";
        }
        return new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray { run } };
    }

    private static JsonObject Text(string text, string? size = null, string? weight = null, string? color = null, bool monospace = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null)
        {
            block["size"] = size;
        }
        if (weight is not null)
        {
            block["weight"] = weight;
        }
        if (color is not null)
        {
            block["color"] = color;
        }
        if (monospace)
        {
            block["fontType"] = "Monospace";
        }
        return block;
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
