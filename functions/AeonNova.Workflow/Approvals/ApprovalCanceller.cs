using AeonNova.Approvals;
using AeonNova.Core.Ports;

namespace AeonNova.Workflow.Approvals;

/// <summary>Resolved alert → the approvals domain cancels the fingerprint's open approvals (token completed "cancelled").</summary>
public sealed class ApprovalCanceller(ApprovalService approvals) : IApprovalCanceller
{
    public async Task<bool> CancelPendingAsync(string fingerprint, string reason, CancellationToken cancellationToken = default) =>
        await approvals.CancelByFingerprintAsync(fingerprint, reason, cancellationToken) > 0;
}
