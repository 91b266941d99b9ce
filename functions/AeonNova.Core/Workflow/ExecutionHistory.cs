using AeonNova.Core.Alerts;
using AeonNova.Core.Ports;

namespace AeonNova.Core.Workflow;

/// <summary>RecordReceived and Enrich: the execution record, host history, recent remediations, runbooks, loop guard (executed fixes and runs), settle window.</summary>
public sealed class ExecutionHistory(IExecutionRecordStore records, IRunbookSearch runbooks, WorkflowOptions options, TimeProvider clock)
{
    public async Task<ExecutionRef> RecordReceivedAsync(RecordReceivedInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var alert = input.Alert;
        // Idempotent: a retried task re-writes the same record with the same key.
        await records.PutAsync(new ExecutionRecord
        {
            ExecutionId = input.ExecutionId,
            ExecutionName = input.ExecutionName,
            Fingerprint = alert.Fingerprint,
            AlertId = alert.Id,
            Source = alert.Source,
            Host = alert.Host,
            Title = alert.Title,
            Severity = alert.Severity.ToString().ToLowerInvariant(),
            Status = "received",
            StartedAt = input.StartedAt,
            UpdatedAt = clock.GetUtcNow(),
        }, cancellationToken);
        return new ExecutionRef { ExecutionId = input.ExecutionId, ExecutionName = input.ExecutionName, StartedAt = input.StartedAt };
    }

    public async Task<Enrichment> EnrichAsync(CanonicalAlert alert, ExecutionRef record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(record);
        var now = clock.GetUtcNow();
        var sameFingerprint = await records.ListByFingerprintAsync(alert.Fingerprint, now - options.LoopGuardWindow, cancellationToken);
        var previous = sameFingerprint.Where(r => r.ExecutionId != record.ExecutionId).ToList();
        var executed = previous.Count(r => r.Executed);
        var remediationLimit = executed >= options.LoopGuardLimit;
        var runLimit = previous.Count >= options.RunLimit;
        var found = runbooks.Search(alert, options.TopRunbooks);
        // The best-matching runbook may set its own settle window (e.g. a service that restarts itself in 10 minutes).
        var settle = found.FirstOrDefault() is { SettleSeconds: { } runbookSettle } best
            ? new SettleStep { Seconds = runbookSettle, Source = $"runbook {best.Id}" }
            : new SettleStep { Seconds = options.SettleSecondsFor(alert.Severity), Source = $"severity {alert.Severity.ToString().ToLowerInvariant()}" };
        var hostHistory = string.IsNullOrEmpty(alert.Host)
            ? []
            : await records.ListByHostAsync(alert.Host, now - options.HostHistoryWindow, options.HostHistoryLimit + 1, cancellationToken);
        return new Enrichment
        {
            HostHistory = [.. hostHistory.Where(r => r.ExecutionId != record.ExecutionId).Take(options.HostHistoryLimit).Select(ToItem)],
            RecentRemediations = [.. previous.Select(ToItem)],
            Runbooks = found,
            LoopGuard = new LoopGuardResult
            {
                Tripped = remediationLimit || runLimit,
                Count = executed,
                Limit = options.LoopGuardLimit,
                WindowMinutes = (int)options.LoopGuardWindow.TotalMinutes,
                // Too many fixes is the stronger signal (the fix does not hold); flapping alone plans nothing either.
                Reason = remediationLimit ? "remediation-limit" : runLimit ? "run-limit" : "",
                Runs = previous.Count,
                RunLimit = options.RunLimit,
            },
            Settle = settle,
        };
    }

    private static HistoryItem ToItem(ExecutionRecord r) => new()
    {
        ExecutionId = r.ExecutionId,
        Fingerprint = r.Fingerprint,
        Title = r.Title,
        Status = r.Status,
        Executed = r.Executed,
        RunbookId = r.RunbookId,
        StartedAt = r.StartedAt,
    };
}
