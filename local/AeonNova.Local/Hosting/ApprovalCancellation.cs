using AeonNova.Approvals;
using AeonNova.Core.Ports;

namespace AeonNova.Local.Hosting;

/// <summary>A resolved alert cancels its fingerprint's open approval (the approvals domain completes the token with "cancelled").</summary>
public sealed class ApprovalCancellation(ApprovalService approvals) : IApprovalCanceller
{
    public async Task<bool> CancelPendingAsync(string fingerprint, string reason, CancellationToken cancellationToken = default) =>
        await approvals.CancelByFingerprintAsync(fingerprint, reason, cancellationToken) > 0;
}
