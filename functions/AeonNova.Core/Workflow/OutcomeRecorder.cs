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
            Attributes = existing?.Attributes ?? new Dictionary<string, string>(),
        }, cancellationToken);
        return new AuditRef { ExecutionId = execution.ExecutionId, AuditLocation = location };
    }
}
