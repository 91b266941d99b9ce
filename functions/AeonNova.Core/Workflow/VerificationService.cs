using AeonNova.Core.Ports;

namespace AeonNova.Core.Workflow;

/// <summary>
/// Verify: the fix holds when the alert resolved after the execution started, or when the runbook's verification
/// step (the last part of the executed script) reported success. Otherwise re-check a bounded number of times.
/// </summary>
public sealed class VerificationService(IAlertStore alerts, WorkflowOptions options)
{
    /// <summary>Line the runbook's verification step prints to stdout: AEONNOVA_VERIFY=ok | AEONNOVA_VERIFY=failed.</summary>
    public const string Marker = "AEONNOVA_VERIFY=";

    public async Task<VerificationStep> VerifyAsync(WorkflowState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var alert = state.Alert ?? throw new WorkflowInputException("Verify input lacks 'alert'.");
        var record = state.Record ?? throw new WorkflowInputException("Verify input lacks 'record'.");
        var attempt = (state.Verification?.Attempt ?? 0) + 1;

        var alertState = await alerts.GetAsync(alert.Fingerprint, cancellationToken);
        if (alertState?.ResolvedAt is { } resolvedAt && resolvedAt >= record.StartedAt)
        {
            return Done(attempt, verified: true, "alert-resolved", $"the source resolved the alert at {resolvedAt:O}");
        }
        switch (RunbookCheck(state.CommandResult?.Stdout))
        {
            case true:
                return Done(attempt, verified: true, "runbook-check", "the runbook's verification step reported ok");
            case false:
                return Done(attempt, verified: false, "runbook-check", "the runbook's verification step reported failure");
        }
        // Plans end with the runbook's verification step, so the script's exit code is the verification's.
        if (state.Plan is { Verification.Length: > 0 } && state.CommandResult is { Status: "Success", ResponseCode: 0 })
        {
            return Done(attempt, verified: true, "runbook-check", "the script's final verification step exited 0");
        }
        if (attempt < options.VerifyMaxAttempts)
        {
            return new VerificationStep
            {
                Attempt = attempt,
                Pending = true,
                RetryAfterSeconds = options.VerifyRetryAfterSeconds,
                Method = "none",
                Detail = $"alert still firing; re-check {attempt + 1} of {options.VerifyMaxAttempts}",
            };
        }
        return Done(attempt, verified: false, "none", $"alert still firing after {attempt} checks and no runbook verification result");
    }

    /// <summary>
    /// VerifyRollback: the host is back to its pre-change state only when the rollback ran to Success and its own check
    /// (the comparison with the snapshot) printed AEONNOVA_ROLLBACK=ok as its last marker. Anything else is a failed
    /// rollback; it is never re-checked or re-run.
    /// </summary>
    public static VerificationStep VerifyRollback(WorkflowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = state.RollbackResult ?? throw new WorkflowInputException("VerifyRollback input lacks 'rollbackResult'.");
        var check = Planning.ExecutionState.RollbackCheck(result.Stdout);
        if (result.Status != "Success")
        {
            return Done(1, verified: false, "rollback-check",
                $"the rollback ended {result.Status} with exit code {result.ResponseCode}{(check is null ? "" : check.Value ? " after its check printed ok" : " and its check reported a difference")}");
        }
        return check switch
        {
            true => Done(1, verified: true, "rollback-check", "the rollback's check found the host in its recorded pre-change state"),
            false => Done(1, verified: false, "rollback-check", "the rollback's check found the host differs from its recorded pre-change state"),
            null => Done(1, verified: false, "rollback-check",
                $"the rollback printed no {Planning.ExecutionState.RollbackMarker} result, so the pre-change state is not confirmed"),
        };
    }

    /// <summary>The last marker line wins: true = ok, false = failed, null = none.</summary>
    public static bool? RunbookCheck(string? stdout)
    {
        if (string.IsNullOrEmpty(stdout))
        {
            return null;
        }
        bool? result = null;
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                result = string.Equals(line[Marker.Length..].Trim(), "ok", StringComparison.OrdinalIgnoreCase);
            }
        }
        return result;
    }

    private static VerificationStep Done(int attempt, bool verified, string method, string detail) =>
        new() { Attempt = attempt, Verified = verified, Pending = false, Method = method, Detail = detail };
}
