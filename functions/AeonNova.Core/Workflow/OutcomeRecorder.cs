using AeonNova.Core.Ports;

namespace AeonNova.Core.Workflow;

/// <summary>RecordOutcome: the final execution record (history, loop guard) and the full audit document.</summary>
public sealed class OutcomeRecorder(IExecutionRecordStore records, IAuditSink audit, TimeProvider clock)
{
    /// <param name="state">The whole workflow state.</param>
    /// <param name="auditJson">The same state as received (UTF-8 JSON): stored verbatim as the audit document.</param>
    public async Task<AuditRef> RecordAsync(WorkflowState state, ReadOnlyMemory<byte> auditJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var alert = state.Alert ?? throw new WorkflowInputException("RecordOutcome input lacks 'alert'.");
        var execution = state.Record ?? throw new WorkflowInputException("RecordOutcome input lacks 'record' (RecordReceived's result).");
        var outcome = state.Outcome ?? throw new WorkflowInputException("RecordOutcome input lacks 'outcome' (set by a Mark* state).");
        var now = clock.GetUtcNow();

        var location = await audit.WriteAsync(execution.ExecutionId, now, auditJson, cancellationToken);
        var existing = await records.GetAsync(execution.ExecutionId, cancellationToken);
        var executed = state.Command is not null;
        await records.PutAsync(new ExecutionRecord
        {
            ExecutionId = execution.ExecutionId,
            ExecutionName = execution.ExecutionName,
            Fingerprint = alert.Fingerprint,
            AlertId = alert.Id,
            Source = alert.Source,
            Host = alert.Host,
            Title = alert.Title,
            Severity = alert.Severity.ToString().ToLowerInvariant(),
            Status = outcome.Status,
            Reason = outcome.Reason,
            StartedAt = execution.StartedAt,
            UpdatedAt = now,
            FinishedAt = now,
            Executed = executed,
            Automatic = executed && state.Decision is null,
            RunbookId = state.Plan?.RunbookId ?? "",
            PlanModel = state.Plan?.Model ?? "",
            ScriptSha256 = state.Safety?.ScriptSha256 ?? "",
            ApprovalId = state.Approval?.ApprovalId ?? existing?.ApprovalId ?? "",
            Approver = state.Decision?.Approver ?? "",
            CommandStatus = state.CommandResult?.Status ?? "",
            AuditLocation = location,
            Attributes = WithCause(existing?.Attributes, outcome.Cause),
        }, cancellationToken);
        return new AuditRef { ExecutionId = execution.ExecutionId, AuditLocation = location };
    }

    /// <summary>The outcome's human-readable cause travels in the record's free attributes ("cause"), which every store keeps.</summary>
    private static Dictionary<string, string> WithCause(IReadOnlyDictionary<string, string>? attributes, string cause)
    {
        var merged = attributes is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        if (cause.Length > 0)
        {
            merged["cause"] = cause;
        }
        return merged;
    }

    /// <summary>
    /// The step a workflow error came from, read off the state: each step writes one member, and a Catch that leads to
    /// MarkWorkflowError keeps everything written before it, so the first missing member names the step that failed.
    /// </summary>
    public static string FailingState(WorkflowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state switch
        {
            { Record: null } => "RecordReceived",
            { Enrichment: null } => "Enrich",
            { Plan: null } => "PlanWithBuiltinPlanner",
            { Safety: null } => "ValidateScript",
            { Gate: { Proceed: false } gate } => gate.Checkpoint switch
            {
                "approval-error" => "WaitForApproval",
                "settle" => "CheckSettled",
                _ => "CheckBeforeExecution",
            },
            { Approval: null, Decision: null, Safety.Decision: SafetyDecisions.Approval } => "PrepareApproval",
            { Approval: not null, Decision: null, ApprovalTimeout: not null } => "Escalate",
            { Safety.Decision: SafetyDecisions.Auto, Gate: null } => "CheckBeforeAutoRun",
            { Decision: not null, Gate: null } => "CheckBeforeApprovedRun",
            { Enrichment.Settle.Seconds: > 0, Gate: null } => "CheckSettled",
            _ => "unknown (see the execution history)",
        };
    }
}
