namespace AeonNova.Core.Cost;

/// <summary>
/// us-east-1 on-demand list prices in USD (AWS pricing pages, 2025), without free tiers. Change here when prices move.
/// The one source of prices: the monthly estimate (infra-cdk --cost) and the cost every execution records use it.
/// Sources: aws.amazon.com/step-functions/pricing, /lambda/pricing, /bedrock/pricing (Amazon Nova), /systems-manager/pricing,
/// /firehose/pricing, /s3/pricing, /sqs/pricing, /cloudwatch/pricing, /kms/pricing, /waf/pricing.
/// </summary>
public sealed record PriceList
{
    /// <summary>What a plan's model id is priced as when it is not a Bedrock model this list knows (the built-in planner,
    /// a self-hosted OpenAI-compatible server): no token charge.</summary>
    public const string UnpricedModel = "unpriced";

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

    /// <summary>Vended logs (WAF, Step Functions) delivered to CloudWatch Logs, per GB (first 10 TB).</summary>
    public double LogsVendedPerGb { get; init; } = 0.50;

    /// <summary>Firehose records are billed rounded up to the next 5 KB.</summary>
    public double FirehoseRecordKb { get; init; } = 5;

    public double CustomMetricPerMonth { get; init; } = 0.30;

    /// <summary>Standard-resolution alarm, per metric it evaluates (metric math alarms pay per metric).</summary>
    public double AlarmPerMetric { get; init; } = 0.10;

    public double DashboardPerMonth { get; init; } = 3.00;

    public double SnsPerPublish { get; init; } = 0.50 / 1_000_000;

    public double SnsPerEmail { get; init; } = 2.00 / 100_000;

    public double XRayPerTrace { get; init; } = 5.00 / 1_000_000;

    public double NovaProPerInputToken { get; init; } = 0.0008 / 1000;

    public double NovaProPerOutputToken { get; init; } = 0.0032 / 1000;

    /// <summary>Run Command on managed nodes: "no additional charge" (Systems Manager pricing; advanced on-premises
    /// instances are billed per hour, not per command).</summary>
    public double SsmPerCommand { get; init; }

    /// <summary>Amazon Data Firehose Direct PUT, per GB ingested (first 500 TB/month; records round up to 5 KB).</summary>
    public double FirehosePerGbIngested { get; init; } = 0.029;

    /// <summary>S3 Object Lock and server access logging have no charge of their own: kept versions and log objects
    /// pay storage (<see cref="S3StandardPerGbMonth"/>) and the log PUTs are free (S3 pricing, "Server access logging").</summary>
    public double S3ObjectLockPerGbMonth { get; init; }

    /// <summary>(USD per input token, USD per output token) of a Bedrock model id, inference-profile prefixes
    /// (us., eu., apac.) included; <see cref="UnpricedModel"/> for anything else.</summary>
    public (double Input, double Output, string PricedAs) TokenPrices(string? modelId)
    {
        var id = modelId ?? "";
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        // "us.amazon.nova-pro-v1:0" → "amazon.nova-pro-v1:0"
        if (dot is > 0 and <= 4 && id.AsSpan(dot + 1).StartsWith("amazon.", StringComparison.Ordinal))
        {
            id = id[(dot + 1)..];
        }

        return id.StartsWith("amazon.nova-pro-", StringComparison.Ordinal)
            ? (NovaProPerInputToken, NovaProPerOutputToken, "amazon.nova-pro")
            : (0, 0, UnpricedModel);
    }

    /// <summary>OpenSearch Serverless, per OCU-hour (knowledge base only).</summary>
    public double OpenSearchPerOcuHour { get; init; } = 0.24;
}
