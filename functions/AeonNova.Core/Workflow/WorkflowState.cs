using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AeonNova.Core.Alerts;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Core.Workflow;

/// <summary>
/// The JSON document that flows through statemachines/remediation.asl.json. Each Task writes one member
/// (its ResultPath); each function receives the subset its Parameters select, deserialised into this type.
/// </summary>
public sealed record WorkflowState
{
    public CanonicalAlert? Alert { get; init; }
    /// <summary>RecordReceived: $.record.</summary>
    public ExecutionRef? Record { get; init; }
    /// <summary>Enrich: $.enrichment.</summary>
    public Enrichment? Enrichment { get; init; }
    /// <summary>BuildAnalysisRequest: $.analysisRequest.</summary>
    public AnalysisRequestStep? AnalysisRequest { get; init; }
    /// <summary>Analyze (bedrock:invokeModel, ResultSelector {body}): $.modelResponse.</summary>
    public ModelResponseStep? ModelResponse { get; init; }
    /// <summary>Why the built-in planner plans (Catch output or SkipModel): $.analysisError.</summary>
    public StepError? AnalysisError { get; init; }
    public RemediationPlan? Plan { get; init; }
    public SafetyStep? Safety { get; init; }
    public ApprovalStep? Approval { get; init; }
    /// <summary>WaitForApproval's task output (SendTaskSuccess by the approvals domain): $.decision.</summary>
    public ApprovalDecision? Decision { get; init; }
    public StepError? ApprovalTimeout { get; init; }
    public CommandRef? Command { get; init; }
    public CommandResult? CommandResult { get; init; }
    public VerificationStep? Verification { get; init; }
    /// <summary>Set by a Task's Parameters when one function serves two states: "rollback" = Verify checks the rollback.</summary>
    public string? Phase { get; init; }
    /// <summary>ExecuteRollback's SSM command id ($.rollbackCommand).</summary>
    public CommandRef? RollbackCommand { get; init; }
    /// <summary>GetRollbackResult ($.rollbackResult).</summary>
    public CommandResult? RollbackResult { get; init; }
    /// <summary>VerifyRollback ($.rollbackVerification): is the host back to its pre-change state?</summary>
    public VerificationStep? RollbackVerification { get; init; }
    public OutcomeStep? Outcome { get; init; }
    public AuditRef? Audit { get; init; }
    public CloseOutResult? CloseOut { get; init; }
    public StepError? Error { get; init; }
    public StepError? AuditError { get; init; }
    public StepError? CloseOutError { get; init; }
    public StepError? StatusError { get; init; }
    /// <summary>CheckAlert (settle, before execution, after a failed approval wait): $.gate.</summary>
    public GateStep? Gate { get; init; }
}

/// <summary>What ParseAlerts passes to StartExecution.</summary>
public sealed record WorkflowInput
{
    public required CanonicalAlert Alert { get; init; }
}

/// <summary>RecordReceived's input (Parameters with context-object values).</summary>
public sealed record RecordReceivedInput
{
    public required CanonicalAlert Alert { get; init; }
    public required string ExecutionId { get; init; }
    public string ExecutionName { get; init; } = "";
    public required DateTimeOffset StartedAt { get; init; }
}

public sealed record ExecutionRef
{
    public required string ExecutionId { get; init; }
    public string ExecutionName { get; init; } = "";
    public required DateTimeOffset StartedAt { get; init; }
}

public sealed record Enrichment
{
    public IReadOnlyList<HistoryItem> HostHistory { get; init; } = [];
    public IReadOnlyList<HistoryItem> RecentRemediations { get; init; } = [];
    public IReadOnlyList<RunbookHit> Runbooks { get; init; } = [];
    public required LoopGuardResult LoopGuard { get; init; }
    /// <summary>How long to wait for the alert to recover on its own before planning (0 = go on at once).</summary>
    public SettleStep Settle { get; init; } = new();
}

public sealed record SettleStep
{
    public int Seconds { get; init; }
    /// <summary>Where the window comes from, e.g. "severity high".</summary>
    public string Source { get; init; } = "";
}

public sealed record HistoryItem
{
    public required string ExecutionId { get; init; }
    public string Fingerprint { get; init; } = "";
    public string Title { get; init; } = "";
    public required string Status { get; init; }
    public bool Executed { get; init; }
    public string RunbookId { get; init; } = "";
    public required DateTimeOffset StartedAt { get; init; }
}

public sealed record RunbookHit
{
    public required string Id { get; init; }
    public string Title { get; init; } = "";
    public double Score { get; init; }
    /// <summary>The runbook's own settle window (front matter <c>settle-seconds</c>); null = the severity's.</summary>
    public int? SettleSeconds { get; init; }
}

public sealed record LoopGuardResult
{
    public required bool Tripped { get; init; }
    /// <summary>Executed remediations of this fingerprint inside the window (this execution excluded).</summary>
    public required int Count { get; init; }
    public required int Limit { get; init; }
    public required int WindowMinutes { get; init; }
    /// <summary>"remediation-limit" (too many executed fixes) | "run-limit" (too many runs: flapping) | "" (not tripped).</summary>
    public string Reason { get; init; } = "";
    /// <summary>Executions of this fingerprint inside the window, executed or not (this execution excluded).</summary>
    public int Runs { get; init; }
    public int RunLimit { get; init; }
}

public sealed record AnalysisRequestStep
{
    public required bool UseModel { get; init; }
    public string ModelId { get; init; } = "";
    public string PromptVersion { get; init; } = "";
    /// <summary>The model request body (Bedrock invokeModel Body), absent when UseModel is false.</summary>
    public JsonNode? Body { get; init; }
    /// <summary>What ParsePlan checks the response against: the forced tool, the runbooks shown, the host's language.</summary>
    public string ToolName { get; init; } = "";
    public IReadOnlyList<string> RunbookIds { get; init; } = [];
    public ScriptLanguage? Language { get; init; }
    public int EstimatedInputTokens { get; init; }
}

public sealed record ModelResponseStep
{
    /// <summary>The model's response body as Step Functions returns it (parsed JSON).</summary>
    public JsonElement Body { get; init; }
}

/// <summary>A Catch's error output. Step Functions writes these two keys in PascalCase.</summary>
public sealed record StepError
{
    [JsonPropertyName("Error")] public string Error { get; init; } = "";
    [JsonPropertyName("Cause")] public string Cause { get; init; } = "";
}

public sealed record SafetyStep
{
    public required SafetyReport Report { get; init; }
    /// <summary>block | auto | approval (see <see cref="SafetyDecisions"/>).</summary>
    public required string Decision { get; init; }
    public required string Reason { get; init; }
    /// <summary>Lowercase hex SHA-256 of the script body's UTF-8 bytes: the exact script a human approves.</summary>
    public required string ScriptSha256 { get; init; }
    public required bool DiagnosticOnly { get; init; }
    public required SsmCommand Command { get; init; }
    /// <summary>
    /// What the approver approves: <see cref="PlanDigest.ApprovalSha256(RemediationPlan)"/>, covering the script and the
    /// rollback (equal to <see cref="ScriptSha256"/> when the plan has no rollback).
    /// </summary>
    public string ApprovalSha256 { get; init; } = "";
    /// <summary>The rollback the workflow runs when verification fails (always present; <c>available</c> false when none).</summary>
    public RollbackSafety Rollback { get; init; } = RollbackSafety.None("");
}

/// <summary>The validated rollback: its own safety report, hash and SSM command, or why there is none.</summary>
public sealed record RollbackSafety
{
    public required bool Available { get; init; }
    /// <summary>Why no rollback runs: the plan's "no inverse" reason, or a diagnostics-only plan.</summary>
    public string Reason { get; init; } = "";
    public SafetyReport? Report { get; init; }
    public string ScriptSha256 { get; init; } = "";
    public SsmCommand? Command { get; init; }

    public static RollbackSafety None(string reason) => new() { Available = false, Reason = reason };
}

/// <summary>The SSM SendCommand request for the validated script (AWS-RunShellScript / AWS-RunPowerShellScript).</summary>
public sealed record SsmCommand
{
    public required string DocumentName { get; init; }
    public required IReadOnlyList<string> InstanceIds { get; init; }
    public required IReadOnlyList<string> Commands { get; init; }
    /// <summary>SSM document parameters are string lists: ["600"].</summary>
    public required IReadOnlyList<string> ExecutionTimeout { get; init; }
    public string Comment { get; init; } = "";
}

public sealed record ApprovalStep
{
    public required string ApprovalId { get; init; }
    public int Tier { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public required int TimeoutSeconds { get; init; }
    public required string Subject { get; init; }
    public required string Message { get; init; }
    public string TierName { get; init; } = "";
    /// <summary>Set by Escalate after the last tier timed out (CheckEscalation → Expired).</summary>
    public bool Expired { get; init; }
    /// <summary>
    /// Set by PrepareApproval or Escalate when the alert resolved before the approval was published: the approval
    /// is already retired and nothing is sent (ApprovalStillNeeded / CheckEscalation → AutoResolved).
    /// </summary>
    public bool Cancelled { get; init; }
    public string CancelReason { get; init; } = "";
}

/// <summary>CheckAlert's answer: go on, or end with this outcome (status, reason, human-readable cause).</summary>
public sealed record GateStep
{
    /// <summary>settle | execute | approval-error.</summary>
    public required string Checkpoint { get; init; }
    public required bool Proceed { get; init; }
    public string Status { get; init; } = "";
    public string Reason { get; init; } = "";
    public string Cause { get; init; } = "";
}

/// <summary>CheckAlert's input: the state members its Parameters select plus the checkpoint name.</summary>
public sealed record GateInput
{
    public required string Checkpoint { get; init; }
    public CanonicalAlert? Alert { get; init; }
    public ExecutionRef? Record { get; init; }
    public RemediationPlan? Plan { get; init; }
    public SafetyStep? Safety { get; init; }
    public ApprovalStep? Approval { get; init; }
    public ApprovalDecision? Decision { get; init; }
    public StepError? Error { get; init; }
}

/// <summary>The approvals domain's SendTaskSuccess output (DESIGN-approvals-workflow.md §3).</summary>
public sealed record ApprovalDecision
{
    /// <summary>approved | rejected | cancelled.</summary>
    public required string Decision { get; init; }
    public string Approver { get; init; } = "";
    public string Comment { get; init; } = "";
    public string ScriptSha256 { get; init; } = "";
    public DateTimeOffset? DecidedAt { get; init; }
}

/// <summary>The SendCommand step's answer ($.command / $.rollbackCommand): the command id and how the ledger got it.</summary>
public sealed record CommandRef
{
    public required string CommandId { get; init; }
    /// <summary>execute | rollback.</summary>
    public string Step { get; init; } = "";
    /// <summary>The ledger row's key (execution + step + script hash + targets); the command's Comment carries it.</summary>
    public string IdempotencyKey { get; init; } = "";
    /// <summary>sent (this invocation sent it) | adopted (found after an ambiguous failure) | recorded (already in the ledger).</summary>
    public string Origin { get; init; } = "";
    /// <summary>Send attempts the ledger counted for this key.</summary>
    public int Attempts { get; init; }
}

/// <summary>SendCommand's input: which send step, the execution ($$.Execution.Id) and the validated command.</summary>
public sealed record SendCommandInput
{
    public required string Step { get; init; }
    public required string ExecutionId { get; init; }
    public SsmCommand? Command { get; init; }
}

/// <summary>GetCommandResult's ResultSelector output.</summary>
public sealed record CommandResult
{
    /// <summary>SSM status: Pending | InProgress | Delayed | Success | Cancelled | TimedOut | Failed | Cancelling.</summary>
    public required string Status { get; init; }
    public int ResponseCode { get; init; }
    public string Stdout { get; init; } = "";
    public string Stderr { get; init; } = "";
}

public sealed record VerificationStep
{
    public int Attempt { get; init; }
    public bool Verified { get; init; }
    /// <summary>Not verified yet but worth another check after <see cref="RetryAfterSeconds"/>.</summary>
    public bool Pending { get; init; }
    public int RetryAfterSeconds { get; init; }
    /// <summary>alert-resolved | runbook-check | none | command-failed; for a rollback: rollback-check.</summary>
    public string Method { get; init; } = "";
    public string Detail { get; init; } = "";
}

public sealed record OutcomeStep
{
    /// <summary>One of <see cref="WorkflowOutcomes"/>.</summary>
    public required string Status { get; init; }
    public string Reason { get; init; } = "";
    /// <summary>What happened, which step, what to do: the terminal state's Cause (CausePath $.outcome.cause).</summary>
    public string Cause { get; init; } = "";
}

public sealed record AuditRef
{
    public required string ExecutionId { get; init; }
    public required string AuditLocation { get; init; }
}

public sealed record CloseOutResult
{
    public IReadOnlyList<CloseOutTargetResult> Targets { get; init; } = [];
}

public sealed record CloseOutTargetResult
{
    /// <summary>servicenow | pagerduty | opsgenie | webhook.</summary>
    public required string Target { get; init; }
    /// <summary>sent | skipped | failed.</summary>
    public required string Status { get; init; }
    public string Detail { get; init; } = "";
}

public static class SafetyDecisions
{
    public const string Block = "block";
    public const string Auto = "auto";
    public const string Approval = "approval";
    /// <summary>Nothing to run the script on (the alert names no host or instance): a human takes over.</summary>
    public const string NoTarget = "no-target";
    /// <summary>The alert named a host/instance that is not a DNS name, IP address or cloud id: a human takes over.</summary>
    public const string InvalidTarget = "invalid-target";
}

/// <summary>Outcome statuses written by the Mark* Pass states; RouteOutcome maps them to the terminal states.</summary>
public static class WorkflowOutcomes
{
    public const string Remediated = "remediated";
    public const string Diagnosed = "diagnosed";
    public const string AutoResolved = "auto-resolved";
    public const string Blocked = "blocked";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
    public const string RemediationFailed = "remediation-failed";
    public const string VerificationFailed = "verification-failed";
    /// <summary>The fix was not verified; the approved rollback ran and its check confirmed the pre-change state.</summary>
    public const string RolledBack = "rolled-back";
    /// <summary>The fix was not verified and the rollback failed, or its check did not confirm the pre-change state.</summary>
    public const string RollbackFailed = "rollback-failed";
    /// <summary>The approved script hash differs from the validated one: possible tampering.</summary>
    public const string ScriptMismatch = "script-mismatch";
    /// <summary>Right before execution the target is no longer the approved (or the alert's) one.</summary>
    public const string TargetChanged = "target-changed";
    /// <summary>Right before execution the approval is no longer an approval of this execution's script.</summary>
    public const string ApprovalChanged = "approval-changed";
    /// <summary>Too many executed remediations of the fingerprint in the window.</summary>
    public const string LoopGuard = "loop-guard";
    /// <summary>Too many runs of the fingerprint in the window (a flapping alert): nothing planned.</summary>
    public const string Flapping = "flapping";
    public const string NoTarget = "no-target";
    /// <summary>The alert's host/instance is not a DNS name, IP address or cloud id: never a target.</summary>
    public const string InvalidTarget = "invalid-target";
    public const string WorkflowError = "workflow-error";

    public static bool IsSuccess(string status) => status is Remediated or Diagnosed or AutoResolved;
}
