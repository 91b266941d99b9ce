using System.Text.Json.Nodes;

namespace AeonNova.Approvals.Chat.Teams;

/// <summary>
/// The Adaptive Card of an approval (schema 1.4, needed for Action.Execute —
/// https://learn.microsoft.com/en-us/adaptive-cards/authoring-cards/universal-action-model): the same content as the
/// Slack message (its <see cref="ApprovalSummary"/>: alert facts, diagnosis, script and rollback script in monospace
/// with their SHA-256, findings, expiry), a reason field and
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
        var summary = ApprovalSummary.From(record);
        var facts = new JsonArray();
        foreach (var (name, value) in summary.Facts)
        {
            facts.Add(Fact(name, value));
        }
        var body = new JsonArray
        {
            Text(summary.Title, size: "Large", weight: "Bolder"),
            new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
            Text("Diagnosis", weight: "Bolder"),
            Plain(summary.Diagnosis),
            Text("Plan", weight: "Bolder"),
            Plain(summary.Plan),
        };
        foreach (var part in (ScriptPart?[])[summary.Script, summary.Rollback])
        {
            if (part is not null)
            {
                body.Add(Text(part.Heading, weight: "Bolder"));
                body.Add(new JsonObject { ["type"] = "Container", ["style"] = "emphasis", ["items"] = new JsonArray { Plain(part.Body, monospace: true) } });
            }
        }
        if (summary.Rollback is null)
        {
            body.Add(Plain(summary.NoRollback));
        }
        body.Add(Text($"Safety findings ({summary.Findings.Count})", weight: "Bolder"));
        foreach (var f in summary.Findings)
        {
            body.Add(Plain($"• [{f.Severity}] {f.RuleId} line {f.Line}: {f.Message}"));
        }
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (summary.Closed is null)
        {
            body.Add(new JsonObject
            {
                ["type"] = "Input.Text",
                ["id"] = ReasonInput,
                ["label"] = "Reason (for a rejection)",
                ["isMultiline"] = true,
                ["maxLength"] = 1000,
            });
            var data = new JsonObject { ["approvalId"] = summary.ApprovalId, ["scriptSha256"] = summary.ApprovalSha256 };
            card["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.Execute", ["title"] = "Approve", ["verb"] = ApproveVerb, ["style"] = "positive", ["data"] = data.DeepClone() },
                new JsonObject { ["type"] = "Action.Execute", ["title"] = "Reject", ["verb"] = RejectVerb, ["style"] = "destructive", ["data"] = data.DeepClone() },
            };
        }
        else
        {
            body.Add(Text(summary.Closed, weight: "Bolder", color: record.Status == ApprovalStatus.Approved ? "Good" : "Attention"));
        }
        body.Add(Text(summary.Footer, size: "Small", color: "Default"));
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
