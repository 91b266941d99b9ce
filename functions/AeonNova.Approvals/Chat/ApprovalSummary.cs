using AeonNova.Approvals.Pages;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Planning;

namespace AeonNova.Approvals.Chat;

/// <summary>
/// What an approval message shows, chosen once for every chat app: the facts, diagnosis, plan, the script and —
/// as on the approval page and in the email — the rollback script that runs if verification fails (or why there is
/// none), the findings, and either the buttons' target or who decided. <see cref="Slack.SlackBlocks"/> and
/// <see cref="Teams.TeamsCards"/> only lay it out in their own markup.
/// </summary>
public sealed record ApprovalSummary
{
    public required string ApprovalId { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; }
    public required string Diagnosis { get; init; }
    public required string Plan { get; init; }
    public required ScriptPart Script { get; init; }
    /// <summary>The rollback script, or null (then <see cref="NoRollback"/> says why).</summary>
    public ScriptPart? Rollback { get; init; }
    public string NoRollback { get; init; } = "";
    /// <summary>The hash the buttons carry; it covers the script and the rollback when there is one.</summary>
    public required string ApprovalSha256 { get; init; }
    public required IReadOnlyList<FindingLine> Findings { get; init; }
    /// <summary>Null while open (buttons shown); otherwise "Approved in Slack by … at …".</summary>
    public string? Closed { get; init; }
    public required string Footer { get; init; }
    /// <summary>The one-line notification text (Slack's fallback).</summary>
    public required string Headline { get; init; }

    public static ApprovalSummary From(ApprovalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plan = record.Plan;
        var severity = ApprovalPolicy.SeverityKey(record.Alert.Severity);
        var rollback = plan.RollbackScript is { } r
            ? new ScriptPart($"Rollback script ({Language(r.Language)}, runs automatically if verification fails) — SHA-256 {PlanDigest.Sha256Hex(r.Body)}", r.Body)
            : null;
        return new ApprovalSummary
        {
            ApprovalId = record.Id,
            Title = $"Approval needed: {record.Alert.Title}",
            Facts =
            [
                new("Alert", record.Alert.Title),
                new("Host", record.Alert.Host),
                new("Severity", severity),
                new("Environment", record.Alert.Environment),
                new("Safety verdict", $"{record.Safety.Verdict.ToString().ToLowerInvariant()} (risk {record.Safety.RiskScore})"),
                new("Expires", $"{HtmlText.Utc(record.ExpiresAt)} (tier {record.TierName})"),
            ],
            Diagnosis = plan.Diagnosis,
            Plan = plan.Summary,
            Script = new ScriptPart(
                $"Script ({Language(plan.Script.Language)}) — SHA-256 {record.ScriptSha256}{(rollback is null ? "" : " (covers the script and the rollback)")}",
                record.Script),
            Rollback = rollback,
            NoRollback = rollback is null
                ? "Rollback: none — " + (string.IsNullOrEmpty(plan.NoRollbackReason) ? "the plan names none" : plan.NoRollbackReason) + ". If verification fails, a human is called."
                : "",
            ApprovalSha256 = record.ScriptSha256,
            Findings = [.. record.Safety.Findings.Select(f => new FindingLine(f.Severity.ToString().ToLowerInvariant(), f.RuleId, f.Line, f.Message))],
            Closed = record.Status.IsOpen() ? null : ChatText.Closed(record),
            Footer = $"Approval {record.Id} · the approval page from your email works too",
            Headline = $"Approval needed [{severity}] {record.Alert.Host}: {record.Alert.Title}",
        };
    }

    private static string Language<T>(T language) where T : struct, Enum => language.ToString().ToLowerInvariant();
}

/// <param name="Heading">e.g. "Script (bash) — SHA-256 …".</param>
/// <param name="Body">The script text exactly as it will run.</param>
public sealed record ScriptPart(string Heading, string Body);

public sealed record FindingLine(string Severity, string RuleId, int Line, string Message);
