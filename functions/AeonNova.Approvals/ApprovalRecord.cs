using System.Text.Json.Serialization;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Approvals;

/// <summary>
/// One human approval of one remediation script. The task token lives only here: it never leaves the
/// store in a URL, a page or an email. Status changes only through <see cref="IApprovalStore.TryReplaceAsync"/>.
/// </summary>
public sealed record ApprovalRecord
{
    /// <summary>128-bit random, lowercase hex (32 characters).</summary>
    public required string Id { get; init; }
    public required string ExecutionId { get; init; }
    /// <summary>Step Functions task token of the current WaitForApproval; null until registered (and after escalation).</summary>
    public string? TaskToken { get; init; }
    public required CanonicalAlert Alert { get; init; }
    public required RemediationPlan Plan { get; init; }
    /// <summary>
    /// The approval hash shown to approvers and sent back by the form: <see cref="PlanDigest.ApprovalSha256(RemediationPlan)"/>,
    /// the script's own SHA-256 when the plan has no rollback, else one hash over the script and the rollback.
    /// </summary>
    public required string ScriptSha256 { get; init; }
    public required SafetyReport Safety { get; init; }
    /// <summary>Index into the severity's escalation chain (0 = first tier).</summary>
    public required int Tier { get; init; }
    public required string TierName { get; init; }
    /// <summary>Every link ever issued; only those of the current tier are active.</summary>
    public required IReadOnlyList<ApprovalLink> Links { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required ApprovalStatus Status { get; init; }
    public ApprovalDecision? Decision { get; init; }
    /// <summary>Optimistic-concurrency counter; every successful conditional write increments it.</summary>
    public long Version { get; init; }

    public string Script => Plan.Script.Body;
}

/// <summary>A one-time link: the token itself is never stored, only its bound hash.</summary>
public sealed record ApprovalLink
{
    public required Approver Approver { get; init; }
    public required int Tier { get; init; }
    /// <summary>Lowercase hex SHA-256 over (approval id, approver email, token); see <see cref="Links.LinkTokens"/>.</summary>
    public required string TokenHash { get; init; }
    public required bool Active { get; init; }
    public DateTimeOffset? UsedAt { get; init; }
}

public sealed record Approver
{
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required ApproverRole Role { get; init; }
}

public sealed record ApprovalDecision
{
    public required DecisionOutcome Outcome { get; init; }
    /// <summary>Who decided; "system" for cancellations and expiry.</summary>
    public required string By { get; init; }
    public string ByEmail { get; init; } = "";
    public string Comment { get; init; } = "";
    public required DateTimeOffset At { get; init; }
    public string Ip { get; init; } = "";
    public string UserAgent { get; init; } = "";
    /// <summary>Where the decision was made: "" for the approval page, "Slack" or "Teams" for a chat app.</summary>
    public string Via { get; init; } = "";
}

/// <summary>One line of the audit trail: every view, decision and refused attempt.</summary>
public sealed record ApprovalAuditEntry
{
    public required string ApprovalId { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>view | head | decision | denied | registered | escalated | escalation-repeated | cancelled | expired.</summary>
    public required string Action { get; init; }
    /// <summary>Approver email, or "unknown" when the token did not match, or "system".</summary>
    public required string Actor { get; init; }
    public string Ip { get; init; } = "";
    public string UserAgent { get; init; } = "";
    public string Detail { get; init; } = "";
}

[JsonConverter(typeof(JsonStringEnumConverter<ApprovalStatus>))]
public enum ApprovalStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("expired")] Expired,
    /// <summary>Moved to the next tier; waits for the new WaitForApproval's task token, then becomes pending again.</summary>
    [JsonStringEnumMemberName("escalated")] Escalated,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

[JsonConverter(typeof(JsonStringEnumConverter<DecisionOutcome>))]
public enum DecisionOutcome
{
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("expired")] Expired,
}

[JsonConverter(typeof(JsonStringEnumConverter<ApproverRole>))]
public enum ApproverRole
{
    Admin,
    Developer,
    Operator,
}

public static class ApprovalStatusExtensions
{
    /// <summary>True while a human can still decide (pending, or escalated and waiting for its new token).</summary>
    public static bool IsOpen(this ApprovalStatus status) =>
        status is ApprovalStatus.Pending or ApprovalStatus.Escalated;

    public static string ToWire(this DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Approved => "approved",
        DecisionOutcome.Rejected => "rejected",
        DecisionOutcome.Cancelled => "cancelled",
        _ => "expired",
    };
}
