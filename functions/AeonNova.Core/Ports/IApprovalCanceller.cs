namespace AeonNova.Core.Ports;

/// <summary>
/// Port: cancels the pending approval of a fingerprint when its alert resolves (the approvals domain completes
/// the waiting task token with decision "cancelled", so the workflow closes as auto-resolved).
/// </summary>
public interface IApprovalCanceller
{
    /// <summary>Returns true when a pending approval existed and was cancelled.</summary>
    Task<bool> CancelPendingAsync(string fingerprint, string reason, CancellationToken cancellationToken = default);
}
