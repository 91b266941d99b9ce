using System.Text;

namespace AeonNova.Core.Observability;

/// <summary>
/// The one set of metric names (docs/workflow.md lists where each is counted). The functions' CloudWatch Embedded
/// Metric Format lines use them as they are, the CloudWatch dashboard and alarms (infra-cdk) read the same constants,
/// and serve's /metrics exposes each as <see cref="Prometheus"/>(name) plus the Prometheus unit suffix
/// (<c>_total</c>, <c>_seconds</c>). Each is counted once, where the outcome is known.
/// </summary>
public static class MetricNames
{
    /// <summary>CloudWatch namespace of the EMF lines (POWERTOOLS_METRICS_NAMESPACE).</summary>
    public const string Namespace = "AeonNova";

    /// <summary>The EMF dimension holding POWERTOOLS_SERVICE_NAME (the environment's resource prefix).</summary>
    public const string ServiceDimension = "service";

    /// <summary>Alerts parsed from queued webhooks (ParseAlerts): the one count of incoming alerts.</summary>
    public const string AlertsReceived = "AlertsReceived";
    /// <summary>Alerts in webhook requests answered 202 (Ingest; serve's POST /alerts/{source}).</summary>
    public const string AlertsAccepted = "AlertsAccepted";
    public const string AlertsDeduplicated = "AlertsDeduplicated";
    public const string AlertsRejected = "AlertsRejected";
    public const string ExecutionsStarted = "ExecutionsStarted";
    public const string Plans = "Plans";
    public const string PlanFallbacks = "PlanFallbacks";
    public const string ScriptsBlocked = "ScriptsBlocked";
    public const string ApprovalsRequested = "ApprovalsRequested";
    public const string ApprovalsGranted = "ApprovalsGranted";
    public const string ApprovalsRejected = "ApprovalsRejected";
    public const string ApprovalsExpired = "ApprovalsExpired";
    public const string ApprovalsEscalated = "ApprovalsEscalated";
    public const string RemediationsSucceeded = "RemediationsSucceeded";
    public const string RemediationsFailed = "RemediationsFailed";
    /// <summary>From alert receipt (EMF, milliseconds) or execution start (serve, seconds) to a verified remediation.</summary>
    public const string TimeToRemediate = "TimeToRemediate";
    public const string OutboundFailures = "OutboundFailures";
    /// <summary>Settle windows after which the alert was still firing (the workflow went on).</summary>
    public const string SettledStillFiring = "SettledStillFiring";
    /// <summary>Settle windows inside which the alert resolved (nothing planned, no approval).</summary>
    public const string SettledResolved = "SettledResolved";
    /// <summary>Approvals retired unpublished because the alert resolved while PrepareApproval/Escalate ran.</summary>
    public const string ApprovalsRetiredUnsent = "ApprovalsRetiredUnsent";
    /// <summary>What an execution cost in USD at AWS prices (RecordOutcome), also per <see cref="OutcomeDimension"/>.</summary>
    public const string CostUsd = "CostUsd";
    /// <summary>Executions that ended remediated: executed and verified (the denominator of cost per verified fix).</summary>
    public const string VerifiedFixes = "VerifiedFixes";
    /// <summary>Dimension of <see cref="CostUsd"/>: the outcome status (WorkflowOutcomes). A dimension, not a metric.</summary>
    public const string OutcomeDimension = "outcome";

    // serve's own instruments (Prometheus): what one process can read from its database at scrape time.

    /// <summary>Closed executions by final status (label status).</summary>
    public const string Remediations = "Remediations";
    /// <summary>From WaitForApproval entered to the decision.</summary>
    public const string ApprovalLatency = "ApprovalLatency";
    /// <summary>Time to answer POST /alerts/{source}.</summary>
    public const string AlertAccept = "AlertAccept";
    /// <summary>Executions by status (gauge).</summary>
    public const string Executions = "Executions";
    /// <summary>Messages in the durable ingest queue (gauge).</summary>
    public const string QueueDepth = "QueueDepth";
    /// <summary>Messages in the dead-letter table (gauge).</summary>
    public const string DeadLetters = "DeadLetters";
    /// <summary>Closed executions that recorded a cost, by outcome (gauge, read from the records).</summary>
    public const string CostExecutions = "CostExecutions";
    /// <summary>All recorded cost divided by the verified fixes (gauge).</summary>
    public const string CostPerVerifiedFixUsd = "CostPerVerifiedFixUsd";

    public static IReadOnlyList<string> All { get; } =
    [
        AlertsReceived, AlertsAccepted, AlertsDeduplicated, AlertsRejected, ExecutionsStarted, Plans, PlanFallbacks,
        ScriptsBlocked, ApprovalsRequested, ApprovalsGranted, ApprovalsRejected, ApprovalsExpired, ApprovalsEscalated,
        RemediationsSucceeded, RemediationsFailed, TimeToRemediate, OutboundFailures, SettledStillFiring, SettledResolved,
        ApprovalsRetiredUnsent, CostUsd, VerifiedFixes, Remediations, ApprovalLatency, AlertAccept, Executions, QueueDepth, DeadLetters,
        CostExecutions, CostPerVerifiedFixUsd,
    ];

    /// <summary>The Prometheus base name of <paramref name="name"/>: <c>aeonnova_</c> + snake_case (AlertsAccepted → aeonnova_alerts_accepted).</summary>
    public static string Prometheus(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var text = new StringBuilder("aeonnova_", name.Length + 16);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
