namespace AeonNova.Infra.Observability;

/// <summary>
/// Custom metrics the functions emit as CloudWatch Embedded Metric Format lines (AeonNova.Workflow.Observability:
/// namespace from POWERTOOLS_METRICS_NAMESPACE, dimension "service" = POWERTOOLS_SERVICE_NAME, which the CDK sets to
/// the environment's resource prefix so environments sharing an account stay apart). The dashboard and alarms read
/// exactly these names; a test holds them equal to the functions' constants.
/// </summary>
public static class MetricNames
{
    public const string Namespace = "AeonNova";
    public const string ServiceDimension = "service";

    public const string AlertsReceived = "AlertsReceived";
    public const string AlertsDeduplicated = "AlertsDeduplicated";
    public const string ExecutionsStarted = "ExecutionsStarted";

    /// <summary>Milliseconds from alert receipt to verified remediation (the MTTR the P1 alarm watches).</summary>
    public const string TimeToRemediate = "TimeToRemediate";

    public const string ScriptsBlocked = "ScriptsBlocked";
    public const string RemediationsSucceeded = "RemediationsSucceeded";
    public const string RemediationsFailed = "RemediationsFailed";

    /// <summary>USD per execution at AWS prices (RecordOutcome), with and without the <see cref="OutcomeDimension"/>.</summary>
    public const string CostUsd = "CostUsd";

    /// <summary>Executions that ended remediated (executed and verified).</summary>
    public const string VerifiedFixes = "VerifiedFixes";

    public const string OutcomeDimension = "outcome";
}
