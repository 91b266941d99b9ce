using System.Globalization;
using System.Text.Json;
using AeonNova.Core.Alerts;
using AeonNova.Core.Json;
using AeonNova.Core.Ports;

namespace AeonNova.Core.Workflow;

/// <summary>
/// ParseAlerts' domain: canonical alerts from a queue message, dedupe/cooldown by fingerprint (conditional claim),
/// one workflow execution per new firing alert named from fingerprint + occurrence window (so re-delivery is
/// idempotent), and for a resolved alert: record it and cancel its pending approval.
/// </summary>
public sealed class AlertDispatcher(IAlertIntake intake, IAlertStore alerts, IWorkflowStarter starter, IApprovalCanceller approvals, WorkflowOptions options, TimeProvider clock)
{
    public async Task<DispatchResult> DispatchAsync(AlertEnvelope envelope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var parsed = intake.Parse(envelope.Source, envelope.Body, envelope.ReceivedAt);
        var result = new DispatchResult();
        for (var i = 0; i < parsed.Count; i++)
        {
            // Ids and receive time come from the envelope, so a re-delivered message yields byte-identical input.
            var alert = parsed[i] with
            {
                Id = i < envelope.AlertIds.Count && envelope.AlertIds[i].Length > 0
                    ? envelope.AlertIds[i]
                    : string.Create(CultureInfo.InvariantCulture, $"{envelope.RequestId}-{i}"),
                ReceivedAt = envelope.ReceivedAt,
            };
            result.Received.Add(alert);
            if (alert.Status == AlertStatus.Resolved)
            {
                await alerts.MarkResolvedAsync(alert.Fingerprint, clock.GetUtcNow(), cancellationToken);
                var cancelled = await approvals.CancelPendingAsync(alert.Fingerprint, "alert resolved at the source", cancellationToken);
                result.Resolved.Add(new ResolvedAlert(alert.Id, alert.Fingerprint, cancelled));
                continue;
            }
            if (alert.Status == AlertStatus.InsufficientData)
            {
                // Data stopped arriving: nothing is known to be broken or fixed, so nothing starts and nothing resolves.
                result.NoData.Add(alert);
                continue;
            }
            var claim = await alerts.ClaimAsync(new AlertClaimRequest(alert.Fingerprint, alert.Id, clock.GetUtcNow(), options.DedupeCooldown,
                alert.Labels.TryGetValue("alertname", out var name) && name.Length > 0 ? name : alert.Title, alert.Host), cancellationToken);
            if (claim.Outcome == ClaimOutcome.Duplicate)
            {
                result.Duplicates.Add(new DuplicateAlert(alert.Id, alert.Fingerprint, claim.State.ExecutionName));
                continue;
            }
            var start = await starter.StartAsync(claim.State.ExecutionName, InputJson(alert), cancellationToken);
            result.Started.Add(new StartedExecution(alert.Id, alert.Fingerprint, claim.State.ExecutionName, start.ExecutionArn, start.AlreadyStarted || claim.Outcome == ClaimOutcome.Redelivery));
        }
        return result;
    }

    /// <summary>The state machine input: {"alert": canonical alert}.</summary>
    public static string InputJson(CanonicalAlert alert) =>
        "{\"alert\":" + JsonSerializer.Serialize(alert, CoreJsonContext.Default.CanonicalAlert) + "}";
}

public sealed class DispatchResult
{
    public List<CanonicalAlert> Received { get; } = [];
    public List<StartedExecution> Started { get; } = [];
    public List<DuplicateAlert> Duplicates { get; } = [];
    public List<ResolvedAlert> Resolved { get; } = [];
    /// <summary>insufficient_data alerts: recorded, never started, never counted as recovery.</summary>
    public List<CanonicalAlert> NoData { get; } = [];
}

public sealed record StartedExecution(string AlertId, string Fingerprint, string ExecutionName, string ExecutionArn, bool Redelivered);

public sealed record DuplicateAlert(string AlertId, string Fingerprint, string ExistingExecutionName);

public sealed record ResolvedAlert(string AlertId, string Fingerprint, bool ApprovalCancelled);
