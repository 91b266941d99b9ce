namespace AeonNova.Infra.Cost;

/// <summary>
/// us-east-1 on-demand list prices in USD (AWS pricing pages, 2025), without free tiers. Change here when prices move.
/// </summary>
public sealed record PriceList
{
    public double StepFunctionsPerTransition { get; init; } = 0.025 / 1000;

    public double LambdaArmPerGbSecond { get; init; } = 0.0000133334;

    public double LambdaPerRequest { get; init; } = 0.20 / 1_000_000;

    /// <summary>SnapStart (.NET/Python) snapshot cache per GB-second of each cached version.</summary>
    public double SnapStartCachePerGbSecond { get; init; } = 0.0000015046;

    /// <summary>SnapStart restore per GB restored.</summary>
    public double SnapStartRestorePerGb { get; init; } = 0.0001397998;

    public double SqsPerRequest { get; init; } = 0.40 / 1_000_000;

    public double ApiGatewayRestPerRequest { get; init; } = 3.50 / 1_000_000;

    public double WafPerWebAcl { get; init; } = 5.00;

    public double WafPerRule { get; init; } = 1.00;

    public double WafPerRequest { get; init; } = 0.60 / 1_000_000;

    public double DynamoDbPerWriteUnit { get; init; } = 0.625 / 1_000_000;

    public double DynamoDbPerReadUnit { get; init; } = 0.125 / 1_000_000;

    public double DynamoDbStoragePerGbMonth { get; init; } = 0.25;

    public double DynamoDbPitrPerGbMonth { get; init; } = 0.20;

    public double S3StandardPerGbMonth { get; init; } = 0.023;

    public double S3PerPut { get; init; } = 0.005 / 1000;

    public double KmsPerKey { get; init; } = 1.00;

    public double KmsPerRequest { get; init; } = 0.03 / 10_000;

    public double LogsIngestPerGb { get; init; } = 0.50;

    public double LogsStoragePerGbMonth { get; init; } = 0.03;

    public double CustomMetricPerMonth { get; init; } = 0.30;

    /// <summary>Standard-resolution alarm, per metric it evaluates (metric math alarms pay per metric).</summary>
    public double AlarmPerMetric { get; init; } = 0.10;

    public double DashboardPerMonth { get; init; } = 3.00;

    public double SnsPerPublish { get; init; } = 0.50 / 1_000_000;

    public double SnsPerEmail { get; init; } = 2.00 / 100_000;

    public double XRayPerTrace { get; init; } = 5.00 / 1_000_000;

    public double NovaProPerInputToken { get; init; } = 0.0008 / 1000;

    public double NovaProPerOutputToken { get; init; } = 0.0032 / 1000;

    /// <summary>OpenSearch Serverless, per OCU-hour (knowledge base only).</summary>
    public double OpenSearchPerOcuHour { get; init; } = 0.24;
}
