using AeonNova.Approvals.Pages;
using AeonNova.Approvals.Policy;

namespace AeonNova.Approvals.Chat;

/// <summary>What a chat app answers for each outcome: the same reasons in Slack and Teams, plain text.</summary>
public static class ChatText
{
    /// <summary>The line that replaces the buttons once an approval is closed, e.g. "Approved in Slack by Alex Kim at 2026-11-23 04:35 UTC".</summary>
    public static string Closed(ApprovalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Decision is not { } d)
        {
            return $"Status: {record.Status.ToString().ToLowerInvariant()}";
        }
        var verb = d.Outcome switch
        {
            DecisionOutcome.Approved => "Approved",
            DecisionOutcome.Rejected => "Rejected",
            DecisionOutcome.Cancelled => "Cancelled",
            _ => "Expired",
        };
        var where = d.Via.Length > 0 ? $" in {d.Via}" : d.By == "system" ? "" : " on the approval page";
        var comment = d.Comment.Length > 0 ? $": {d.Comment}" : "";
        return $"{verb}{where} by {d.By} at {HtmlText.Utc(d.At)}{comment}";
    }

    /// <summary>Why a click did not decide (shown only to the person who clicked), or the confirmation when it did.</summary>
    public static string Reason(ApprovalResult result, string chatUser)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result.Record;
        var who = result.Approver is { } a ? $"{a.Name} (role {a.Role})" : chatUser;
        return result.Outcome switch
        {
            ApprovalOutcome.Decided when r is not null => $"{Closed(r)}. The workflow continues.",
            ApprovalOutcome.AlreadyDecided when r is not null => $"Already decided — {Closed(r)}. Nothing was changed.",
            ApprovalOutcome.Expired => $"Refused: this approval expired{(r is null ? "" : $" at {HtmlText.Utc(r.ExpiresAt)}")}. Nothing was decided.",
            ApprovalOutcome.Cancelled => "Refused: the alert resolved and the approval was cancelled. Nothing will run.",
            ApprovalOutcome.Superseded => "Refused: the approval moved to the next escalation tier. Nothing was decided.",
            ApprovalOutcome.ScriptChanged => "Refused: the script hash in this message does not match the script on record (tampered or changed). Nothing was decided.",
            ApprovalOutcome.NotAllowed when r is not null =>
                $"Refused: {who} may not approve {ApprovalPolicy.SeverityKey(r.Alert.Severity)} alerts in {r.Alert.Environment} under the current approval policy. Nothing was decided.",
            ApprovalOutcome.NotInTier when r is not null =>
                $"Refused: {who} is not an approver of the current escalation tier ({r.TierName}). Nothing was decided.",
            ApprovalOutcome.UnknownApprover =>
                $"Refused: your chat account ({chatUser}) is not linked to a person of the approval policy. Nothing was decided.",
            ApprovalOutcome.NotReady => "Not ready: the workflow is not waiting for this approval yet (just created or escalated). Try again in a few seconds.",
            ApprovalOutcome.CallbackFailed => "Your decision was recorded, but the workflow could not be notified. Do not decide again; operators see it in the audit log.",
            _ => "Refused: this approval does not exist. Nothing was decided.",
        };
    }
}
