using AeonNova.Core.Alerts;
using AeonNova.Core.Ports;

namespace AeonNova.Core.Workflow;

/// <summary>
/// The one rule for "the alert resolved" that every step which matters consults (settle check, PrepareApproval and
/// Escalate after they create links, the last check before ExecuteScript, a failed approval wait). ParseAlerts records
/// the resolve in the alert store first and only then cancels open approvals, and the workflow re-reads the store
/// after each approval it creates; so whatever order the two sides interleave in, either the resolve sees the approval
/// (and cancels it) or the workflow sees the resolve (and retires the approval itself). Nothing depends on timing.
/// </summary>
public sealed class AlertGate(IAlertStore alerts)
{
    /// <summary>When the occurrence this execution works on resolved, or null while it is still firing.</summary>
    public async Task<DateTimeOffset?> ResolvedAtAsync(CanonicalAlert alert, ExecutionRef record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(record);
        var state = await alerts.GetAsync(alert.Fingerprint, cancellationToken);
        if (state?.ResolvedAt is not { } resolvedAt)
        {
            return null;
        }
        // A new occurrence's claim clears ResolvedAt, so a resolve on record belongs to this execution's occurrence,
        // or to a later one that was also claimed after this execution started; either way this run is stale.
        var sameOccurrence = string.Equals(state.ExecutionName, record.ExecutionName, StringComparison.Ordinal);
        return sameOccurrence || resolvedAt >= record.StartedAt ? resolvedAt : null;
    }
}
