namespace AeonNova.Approvals;

/// <summary>
/// Port: completes the waiting workflow task. AWS: SigV4-signed Step Functions SendTaskSuccess/Failure;
/// local: the in-process engine. Approved, rejected and cancelled all use success (the workflow branches
/// on "decision"); failure is reserved for internal faults.
/// </summary>
public interface ITaskTokenCallback
{
    /// <param name="outputJson">{"decision":"approved"|"rejected"|"cancelled","approver":…,"comment":…,"scriptSha256":…,"decidedAt":…}</param>
    Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken);

    Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken);
}
