namespace AeonNova.Infra.Observability;

/// <summary>
/// Custom metrics the functions emit as CloudWatch Embedded Metric Format lines (namespace AeonNova, one dimension
/// "Environment" = dev|staging|prod). The dashboard and alarms read exactly these names.
/// </summary>
public static class MetricNames
{
    public const string Namespace = "AeonNova";
    public const string EnvironmentDimension = "Environment";

    public const string AlertsReceived = "AlertsReceived";
    public const string AlertsDeduplicated = "AlertsDeduplicated";

    /// <summary>Seconds from alert start to verified remediation (the MTTR the P1 alarm watches).</summary>
    public const string TimeToRemediate = "TimeToRemediateSeconds";

    public const string ApprovalLatency = "ApprovalLatencySeconds";
    public const string ScriptsBlocked = "ScriptsBlocked";
    public const string RemediationSucceeded = "RemediationSucceeded";
    public const string RemediationFailed = "RemediationFailed";
}
