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
