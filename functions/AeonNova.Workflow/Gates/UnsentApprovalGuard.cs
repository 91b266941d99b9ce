using System.Globalization;
using AeonNova.Approvals;
using AeonNova.Core.Alerts;
using AeonNova.Core.Workflow;

namespace AeonNova.Workflow.Gates;

/// <summary>
/// PrepareApproval and Escalate create links that nobody has seen yet. Re-reading the alert state after the write
/// closes the race with a resolve: ParseAlerts records the resolve before it cancels open approvals, so a resolve
/// this read misses will find (and cancel) the approval just written.
/// </summary>
public sealed class UnsentApprovalGuard(AlertGate alerts, ApprovalService approvals)
{
    /// <summary>The retirement reason when the alert has resolved (the approval is then cancelled), else null.</summary>
    public async Task<string?> RetireIfResolvedAsync(CanonicalAlert alert, ExecutionRef record, string approvalId, CancellationToken cancellationToken = default)
    {
        if (await alerts.ResolvedAtAsync(alert, record, cancellationToken) is not { } resolvedAt)
        {
            return null;
        }
        var reason = string.Create(CultureInfo.InvariantCulture, $"alert resolved at the source at {resolvedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
        await approvals.CancelAsync(approvalId, reason, cancellationToken);
        return reason;
    }
}
