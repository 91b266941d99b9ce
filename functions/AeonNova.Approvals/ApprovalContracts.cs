using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Approvals;

/// <summary>What PrepareApproval hands the service.</summary>
public sealed record CreateApprovalRequest
{
    public required string ExecutionId { get; init; }
    public required CanonicalAlert Alert { get; init; }
    public required RemediationPlan Plan { get; init; }
    public required SafetyReport Safety { get; init; }
}

/// <summary>
/// What the state machine gets back from PrepareApproval/Escalate: a notice naming who must decide and the timeout.
/// <see cref="Message"/> never holds a link or a task token (it lands in execution state and history); the links
/// in <see cref="Links"/> are for in-process callers only and die when <see cref="ApprovalService.DeliverAsync"/>
/// issues the per-approver links.
/// </summary>
public sealed record PreparedApproval
{
    public required string ApprovalId { get; init; }
    public required int Tier { get; init; }
    public required string TierName { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required int TimeoutSeconds { get; init; }
    public required string Subject { get; init; }
    /// <summary>Plain-text notice: the approval, the alert and the approvers' names; no link.</summary>
    public required string Message { get; init; }
    /// <summary>HTML alternative of <see cref="Message"/> (local outbox; SNS email sends only the text).</summary>
    public required string HtmlMessage { get; init; }
    public required IReadOnlyList<IssuedLink> Links { get; init; }
}

public sealed record IssuedLink
{
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required ApproverRole Role { get; init; }
    public required string Url { get; init; }
}

/// <summary>Escalate's answer: either the next tier's approval (new links) or expired "not approved".</summary>
public sealed record EscalationResult
{
    public required string ApprovalId { get; init; }
    public required bool Expired { get; init; }
    public required ApprovalStatus Status { get; init; }
    public PreparedApproval? Next { get; init; }
}

/// <summary>The decision a form submits.</summary>
public sealed record DecisionRequest
{
    public required string Token { get; init; }
    public required DecisionOutcome Decision { get; init; }
    /// <summary>The script hash the page showed; must equal the record's.</summary>
    public required string ScriptSha256 { get; init; }
    public string Comment { get; init; } = "";
}

/// <summary>
/// A decision clicked in a chat app. The caller verified the platform's signature and mapped the chat user to an
/// email (a configured user id, or an email the platform says is verified); the service does the rest.
/// </summary>
public sealed record ChatDecisionRequest
{
    /// <summary>"Slack" or "Teams": shown as "decided in Slack by X at T".</summary>
    public required string Via { get; init; }
    /// <summary>The platform's user id (audit trail).</summary>
    public required string ChatUserId { get; init; }
    /// <summary>The approver's email, or null when the chat user could not be mapped to anyone.</summary>
    public string? ApproverEmail { get; init; }
    public required DecisionOutcome Decision { get; init; }
    /// <summary>The script hash the message showed (carried in the button); must equal the record's.</summary>
    public required string ScriptSha256 { get; init; }
    public string Comment { get; init; } = "";
}

/// <summary>Where a request came from, for the audit trail.</summary>
public sealed record ClientInfo(string Ip, string UserAgent)
{
    public static ClientInfo Unknown { get; } = new("", "");
}

/// <summary>Which page a view or decision leads to.</summary>
public enum ApprovalOutcome
{
    /// <summary>Valid link, open approval: show the confirmation page.</summary>
    Confirm,
    /// <summary>This request decided the approval.</summary>
    Decided,
    AlreadyDecided,
    Expired,
    Cancelled,
    /// <summary>The approval escalated; this tier's links no longer work.</summary>
    Superseded,
    /// <summary>Unknown id, wrong or malformed token: nothing about the approval is revealed.</summary>
    Invalid,
    /// <summary>The script hash sent back differs from the record's (changed after it was shown).</summary>
    ScriptChanged,
    /// <summary>The approver's role may not approve this severity/environment (per current policy).</summary>
    NotAllowed,
    /// <summary>A chat user who is not a person of the current approval policy.</summary>
    UnknownApprover,
    /// <summary>A chat user of the policy who is not an approver of the approval's current escalation tier.</summary>
    NotInTier,
    /// <summary>The workflow's task token is not registered yet (just created or just escalated): try again.</summary>
    NotReady,
    /// <summary>The decision was recorded but the workflow could not be notified.</summary>
    CallbackFailed,
}

/// <summary>
/// Result of a view or decision. <see cref="Record"/> and <see cref="Approver"/> are only set when the token
/// matched, so pages for invalid links cannot leak anything.
/// </summary>
public sealed record ApprovalResult(ApprovalOutcome Outcome, ApprovalRecord? Record = null, Approver? Approver = null)
{
    public static ApprovalResult Invalid { get; } = new(ApprovalOutcome.Invalid);
}

/// <summary>Output given to SendTaskSuccess: the workflow's Choice branches on "decision".</summary>
public sealed record TaskDecisionOutput
{
    public required string Decision { get; init; }
    public required string ApprovalId { get; init; }
    public required string Approver { get; init; }
    public string ApproverEmail { get; init; } = "";
    public string Comment { get; init; } = "";
    public required string ScriptSha256 { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
}

/// <summary>Result of registering the task token from SNS MessageAttributes (or the local sns binding).</summary>
public enum TokenRegistration
{
    Registered,
    AlreadyRegistered,
    /// <summary>The approval had been cancelled; the token was completed at once with "cancelled".</summary>
    CompletedAsCancelled,
    /// <summary>The approval is already decided or expired; the token was left alone.</summary>
    Closed,
    NotFound,
}

public sealed record ApprovalServiceOptions
{
    /// <summary>Public base URL of the approval pages, without trailing slash (e.g. http://127.0.0.1:5080).</summary>
    public required string BaseUrl { get; init; }
    public int MaxCommentLength { get; init; } = 1000;
    /// <summary>How often a writer retries after losing an optimistic-concurrency race to a non-decision write.</summary>
    public int MaxWriteAttempts { get; init; } = 8;
}

public sealed class ApprovalNotFoundException : Exception
{
    public ApprovalNotFoundException(string approvalId) : base($"approval '{approvalId}' does not exist") { }
    public ApprovalNotFoundException() : this("?") { }
    public ApprovalNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
