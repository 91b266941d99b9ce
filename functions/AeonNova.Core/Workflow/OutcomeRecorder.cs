using System.Buffers;
using System.Globalization;
using System.Text.Json;
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

    /// <summary>
    /// The state as received plus a "cost" member with every term, so the audit trail keeps what was spent. The state's
    /// bytes are kept as they are and the member is written in before the closing brace: no document tree of the whole
    /// state is built and serialised again (it is the largest payload of the execution). Only a state that already
    /// has a top-level "cost" member goes through the tree, so that member is replaced rather than repeated.
    /// </summary>
    private static byte[] WithCost(ReadOnlyMemory<byte> auditJson, ExecutionCost cost)
    {
        var (close, hasMembers, hasCost) = ScanTopLevel(auditJson.Span);
        if (hasCost)
        {
            var document = (JsonObject)JsonNode.Parse(auditJson.Span)!;
            document[AuditCostMember] = JsonNode.Parse(CostTerms(cost));
            return System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
        }
        var terms = CostTerms(cost);
        var member = System.Text.Encoding.UTF8.GetBytes($"{(hasMembers ? "," : "")}\"{AuditCostMember}\":");
        var result = new byte[auditJson.Length + member.Length + terms.Length];
        var span = auditJson.Span;
        span[..close].CopyTo(result);
        member.CopyTo(result.AsSpan(close));
        terms.CopyTo(result.AsSpan(close + member.Length));
        span[close..].CopyTo(result.AsSpan(close + member.Length + terms.Length));
        return result;
    }

    /// <summary>
    /// Reads the whole document (so malformed JSON is refused as before) and returns where its closing brace is,
    /// whether the object has members, and whether one of them is "cost".
    /// </summary>
    private static (int Close, bool HasMembers, bool HasCost) ScanTopLevel(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new WorkflowInputException("RecordOutcome input is not a JSON object.");
        }
        var hasMembers = false;
        var hasCost = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            hasMembers = true;
            hasCost |= reader.ValueTextEquals(AuditCostMember);
            reader.Read();
            reader.Skip();
        }
        var close = (int)reader.TokenStartIndex;
        while (reader.Read())
        {
            // Utf8JsonReader refuses anything after the root value itself (JsonException), as JsonNode.Parse does.
        }
        return (close, hasMembers, hasCost);
    }

    /// <summary>The cost member: every record attribute without its "cost." prefix (numbers as numbers), then each term in USD.</summary>
    private static byte[] CostTerms(ExecutionCost cost)
    {
        var culture = CultureInfo.InvariantCulture;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in cost.ToAttributes())
            {
                var key = name["cost.".Length..];
                if (key == "model")
                {
                    writer.WriteString(key, value);
                }
                else
                {
                    writer.WriteNumber(key, double.Parse(value, NumberStyles.Float, culture));
                }
            }
            writer.WriteNumber("transitionsUsd", cost.TransitionsUsd);
            writer.WriteNumber("lambdaComputeUsd", cost.LambdaComputeUsd);
            writer.WriteNumber("lambdaRequestsUsd", cost.LambdaRequestsUsd);
            writer.WriteNumber("modelUsd", cost.ModelUsd);
            writer.WriteNumber("ssmUsd", cost.SsmUsd);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
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
