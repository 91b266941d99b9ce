using AeonNova.Core.Workflow;
using AeonNova.Local.Storage;
using AeonNova.StepFunctions;
using AeonNova.StepFunctions.Persistence;
using Prometheus;

namespace AeonNova.Local.Hosting;

/// <summary>
/// The host's Prometheus metrics, in a registry of its own (no static state, several hosts per test process).
/// Gauges that mirror the database (executions by status, queue depth, dead letters) are read at scrape time.
/// </summary>
public sealed class LocalMetrics
{
    private readonly Counter alertsReceived;
    private readonly Counter alertsDeduplicated;
    private readonly Counter remediations;
    private readonly Histogram approvalLatency;
    private readonly Histogram timeToRemediate;
    private readonly Histogram acceptLatency;

    /// <summary>Prometheus names of the cost metrics (issue #20: cost per outcome and per verified fix).</summary>
    public const string CostTotalName = "aeonnova_cost_usd_total";
    public const string CostExecutionsName = "aeonnova_cost_executions_total";
    public const string CostPerVerifiedFixName = "aeonnova_cost_per_verified_fix_usd";

    public LocalMetrics(SqliteEngineStore executions, IIngestQueue queue, SqliteExecutionRecordStore records)
    {
        ArgumentNullException.ThrowIfNull(executions);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(records);
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        alertsReceived = factory.CreateCounter("aeonnova_alerts_received_total", "Alerts accepted by POST /alerts/{source}.", "source");
        alertsDeduplicated = factory.CreateCounter("aeonnova_alerts_deduplicated_total", "Alerts folded into an earlier alert's execution (same fingerprint within the cooldown).");
        remediations = factory.CreateCounter("aeonnova_remediations_total", "Closed executions by final status.", "status");
        approvalLatency = factory.CreateHistogram("aeonnova_approval_latency_seconds", "From WaitForApproval entered to the decision.",
            new HistogramConfiguration { Buckets = [5, 30, 60, 300, 900, 1800, 3600, 7200, 86400] });
        timeToRemediate = factory.CreateHistogram("aeonnova_time_to_remediate_seconds", "From execution start to SUCCEEDED.",
            new HistogramConfiguration { Buckets = [0.1, 0.5, 1, 5, 30, 60, 300, 900, 3600, 86400] });
        acceptLatency = factory.CreateHistogram("aeonnova_alert_accept_seconds", "Time to answer POST /alerts/{source}.",
            new HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5] });
        var byStatus = factory.CreateGauge("aeonnova_executions", "Executions by status (WAITING = running, suspended on an approval).", "status");
        var depth = factory.CreateGauge("aeonnova_queue_depth", "Messages in the durable ingest queue.");
        var dead = factory.CreateGauge("aeonnova_dead_letters", "Messages in the dead-letter table.");
        // Gauges, not counters: they are set from the execution records at each scrape (a restart loses nothing).
        var costTotal = factory.CreateGauge(CostTotalName, "Recorded cost in USD (AWS prices) of closed executions, by outcome.", "outcome");
        var costExecutions = factory.CreateGauge(CostExecutionsName, "Closed executions that recorded a cost, by outcome.", "outcome");
        var perFix = factory.CreateGauge(CostPerVerifiedFixName,
            "Everything recorded executions cost (every outcome) divided by the verified fixes (outcome Remediated); 0 before the first fix.");
        Registry.AddBeforeCollectCallback(() =>
        {
            var costs = records.CostByOutcome();
            foreach (var (outcome, (count, usd)) in costs)
            {
                costTotal.WithLabels(outcome).Set(usd);
                costExecutions.WithLabels(outcome).Set(count);
            }
            var fixes = costs.TryGetValue(WorkflowOutcomes.Remediated, out var remediated) ? remediated.Executions : 0;
            perFix.Set(fixes == 0 ? 0 : costs.Values.Sum(c => c.Usd) / fixes);
        });
        Registry.AddBeforeCollectCallback(() =>
        {
            var counts = executions.CountByStatus();
            foreach (var status in new[] { "RUNNING", "WAITING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED" })
            {
                byStatus.WithLabels(status).Set(counts.GetValueOrDefault(status));
            }
            depth.Set(queue.Depth());
            dead.Set(queue.DeadLetterCount());
        });
        executions.Saved += OnSaved;
    }

    public CollectorRegistry Registry { get; }

    public void AlertsAccepted(string source, int accepted, int duplicates, TimeSpan elapsed)
    {
        alertsReceived.WithLabels(source).Inc(accepted);
        alertsDeduplicated.Inc(duplicates);
        acceptLatency.Observe(elapsed.TotalSeconds);
    }

    public void Deduplicated(int count) => alertsDeduplicated.Inc(count);

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken) =>
        await Registry.CollectAndExportAsTextAsync(output, cancellationToken);

    private void OnSaved(ExecutionSnapshot snapshot)
    {
        if (snapshot.Status == ExecutionStatus.Running || snapshot.StopDate is null)
        {
            return;
        }
        remediations.WithLabels(snapshot.Status.ToApiString()).Inc();
        if (snapshot.Status == ExecutionStatus.Succeeded)
        {
            timeToRemediate.Observe((snapshot.StopDate.Value - snapshot.StartDate).TotalSeconds);
        }
        DateTimeOffset? waitEntered = null;
        foreach (var e in snapshot.History)
        {
            if (e.StateName == "WaitForApproval" && e.Type == HistoryEventType.TaskStateEntered)
            {
                waitEntered = e.Timestamp;
            }
            else if (waitEntered is not null && e.Type is HistoryEventType.TaskSucceeded or HistoryEventType.TaskFailed or HistoryEventType.TaskTimedOut)
            {
                approvalLatency.Observe((e.Timestamp - waitEntered.Value).TotalSeconds);
                waitEntered = null;
            }
        }
    }
}
