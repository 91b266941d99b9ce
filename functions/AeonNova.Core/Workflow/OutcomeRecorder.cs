using System.Globalization;
using System.Text.Json.Nodes;
using AeonNova.Core.Cost;
using AeonNova.Core.Ports;

namespace AeonNova.Core.Workflow;

/// <summary>
/// RecordOutcome: the final execution record (history, loop guard) and the full audit document, both carrying what the
/// execution cost up to this step (transitions and Lambda from the host's history, tokens from the plan, SSM commands
/// from the state), priced from the <see cref="PriceList"/> the monthly estimate uses.
/// </summary>
public sealed class OutcomeRecorder(IExecutionRecordStore records, IAuditSink audit, TimeProvider clock, IExecutionUsageMeter meter, PriceList prices)
{
    /// <summary>The audit document's member holding the cost (the rest is the state as received).</summary>
    public const string AuditCostMember = "cost";

    /// <param name="state">The whole workflow state.</param>
    /// <param name="auditJson">The same state as received (UTF-8 JSON): stored verbatim as the audit document.</param>
    /// <returns>Where the audit document lives, and the cost both records carry.</returns>
    public async Task<(AuditRef Audit, ExecutionCost Cost)> RecordAsync(WorkflowState state, ReadOnlyMemory<byte> auditJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var alert = state.Alert ?? throw new WorkflowInputException("RecordOutcome input lacks 'alert'.");
        var execution = state.Record ?? throw new WorkflowInputException("RecordOutcome input lacks 'record' (RecordReceived's result).");
        var outcome = state.Outcome ?? throw new WorkflowInputException("RecordOutcome input lacks 'outcome' (set by a Mark* state).");
        var now = clock.GetUtcNow();
        var cost = await CostAsync(state, execution.ExecutionId, cancellationToken);

        var location = await audit.WriteAsync(execution.ExecutionId, now, WithCost(auditJson, cost), cancellationToken);
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
            Attributes = WithCost(WithCause(existing?.Attributes, outcome.Cause), cost),
        }, cancellationToken);
        return (new AuditRef { ExecutionId = execution.ExecutionId, AuditLocation = location }, cost);
    }

    /// <summary>What this execution used until now, priced.</summary>
    public async Task<ExecutionCost> CostAsync(WorkflowState state, string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var measured = await meter.MeasureAsync(executionId, cancellationToken);
        return ExecutionCost.Price(measured with
        {
            Model = state.Plan?.Model ?? "",
            InputTokens = state.Plan?.InputTokens ?? 0,
            OutputTokens = state.Plan?.OutputTokens ?? 0,
            SsmCommands = state.Command is null ? 0 : 1,
        }, prices);
    }

    private static Dictionary<string, string> WithCost(Dictionary<string, string> attributes, ExecutionCost cost)
    {
        foreach (var (name, value) in cost.ToAttributes())
        {
            attributes[name] = value;
        }
        return attributes;
    }

    /// <summary>The state as received plus a "cost" member with every term, so the audit trail keeps what was spent.</summary>
    private static byte[] WithCost(ReadOnlyMemory<byte> auditJson, ExecutionCost cost)
    {
        var document = JsonNode.Parse(auditJson.Span) as JsonObject
            ?? throw new WorkflowInputException("RecordOutcome input is not a JSON object.");
        var culture = CultureInfo.InvariantCulture;
        var terms = new JsonObject();
        foreach (var (name, value) in cost.ToAttributes())
        {
            var key = name["cost.".Length..];
            terms[key] = key == "model" ? value : JsonValue.Create(double.Parse(value, NumberStyles.Float, culture));
        }
        terms["transitionsUsd"] = cost.TransitionsUsd;
        terms["lambdaComputeUsd"] = cost.LambdaComputeUsd;
        terms["lambdaRequestsUsd"] = cost.LambdaRequestsUsd;
        terms["modelUsd"] = cost.ModelUsd;
        terms["ssmUsd"] = cost.SsmUsd;
        document[AuditCostMember] = terms;
        return System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
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
