using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Core.Cost;
using AeonNova.Core.Workflow;

namespace AeonNova.Infra.Cost;

/// <summary>One priced line of the monthly estimate.</summary>
public sealed record CostLine(string Service, string Basis, double MonthlyUsd);

/// <summary>The monthly estimate and the figures it was computed from.</summary>
public sealed record CostEstimate(
    int Executions,
    IReadOnlyList<string> Route,
    int TransitionsPerExecution,
    IReadOnlyDictionary<string, double> InvocationsPerMonth,
    double LambdaGbSeconds,
    double LambdaRequests,
    IReadOnlyList<CostLine> Lines,
    IReadOnlyList<CostLine> Optional)
{
    public double TotalUsd => Lines.Sum(l => l.MonthlyUsd);

    public double TotalWithoutBedrockUsd => Lines.Where(l => !l.Service.StartsWith("Bedrock", StringComparison.Ordinal)).Sum(l => l.MonthlyUsd);

    public string ToMarkdown()
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(culture, $"Executions: {Executions:N0}; state transitions per execution: {TransitionsPerExecution}; Lambda requests: {LambdaRequests:N0}; Lambda GB-seconds: {LambdaGbSeconds:N0}");
        text.AppendLine();
        text.AppendLine(culture, $"Route priced (loops once): {string.Join(" → ", Route)}");
        text.AppendLine();
        text.AppendLine("| service | basis | USD/month |");
        text.AppendLine("|---|---|---:|");
        foreach (var line in Lines)
        {
            text.AppendLine(culture, $"| {line.Service} | {line.Basis} | {line.MonthlyUsd:F2} |");
        }

        text.AppendLine(culture, $"| **total** | | **{TotalUsd:F2}** |");
        text.AppendLine(culture, $"| total without Bedrock | | {TotalWithoutBedrockUsd:F2} |");
        foreach (var line in Optional)
        {
            text.AppendLine(culture, $"| (optional) {line.Service} | {line.Basis} | {line.MonthlyUsd:F2} |");
        }

        return text.ToString();
    }
}

/// <summary>
/// Prices a month of traffic against the synthesized template (function memory, WAF rules, keys, alarms, dashboards)
/// and the ASL (transitions, Lambda and Bedrock calls per execution), so the README figure follows the code.
/// </summary>
public static class CostEstimator
{
    private const double SecondsPerMonth = 30 * 24 * 3600;

    public static CostEstimate Estimate(JsonObject template, string aslDefinition, CostAssumptions assumptions, PriceList prices)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(assumptions);
        ArgumentNullException.ThrowIfNull(prices);
        var resources = template["Resources"]?.AsObject() ?? throw new FormatException("template has no Resources");
        var path = AslCostPath.Analyze(aslDefinition, assumptions.Waypoints, assumptions.ExtraLoopIterations);
        var executions = (int)Math.Round(assumptions.AlertsPerMonth * assumptions.NewAlertShare);
        // Each approval request is one publish to the approval topic (.waitForTaskToken).
        var approvals = (double)executions * path.SnsPublishes;
        var lines = new List<CostLine>();

        var transitions = (double)path.Transitions * executions;
        lines.Add(new("Step Functions (Standard)", $"{path.Transitions} transitions × {executions:N0} executions", transitions * prices.StepFunctionsPerTransition));

        // Lambda: memory from the template, calls per execution from the ASL path.
        var functions = ContractFunctions(resources);
        var invocations = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, _, _) in functions)
        {
            var definition = WorkflowContract.Functions.Single(f => f.Name == name);
            invocations[name] = name switch
            {
                "Ingest" or "ParseAlerts" => assumptions.AlertsPerMonth,
                "ApprovalApi" => approvals * assumptions.ApprovalApiCallsPerApproval,
                _ => executions * (double)path.PlaceholderUses.GetValueOrDefault(definition.PlaceholderKey),
            };
        }

        var gbSeconds = functions.Sum(f => invocations[f.Name] * Duration(assumptions, f.Name) / 1000.0 * f.MemoryMb / 1024.0);
        var requests = invocations.Values.Sum();
        lines.Add(new("Lambda compute (arm64)", $"{gbSeconds:N0} GB-s", gbSeconds * prices.LambdaArmPerGbSecond));
        lines.Add(new("Lambda requests", $"{requests:N0} invocations", requests * prices.LambdaPerRequest));

        var snapStart = functions.Where(f => f.SnapStart).ToList();
        var cacheGbSeconds = snapStart.Sum(f => f.MemoryMb / 1024.0) * SecondsPerMonth;
        lines.Add(new("Lambda SnapStart cache", $"{snapStart.Count} live versions, {snapStart.Sum(f => f.MemoryMb / 1024.0):N1} GB cached all month", cacheGbSeconds * prices.SnapStartCachePerGbSecond));
        var restoredGb = snapStart.Sum(f => invocations[f.Name] * assumptions.ColdStartShare * f.MemoryMb / 1024.0);
        lines.Add(new("Lambda SnapStart restores", $"{assumptions.ColdStartShare:P0} of invocations restore, {restoredGb:N0} GB", restoredGb * prices.SnapStartRestorePerGb));

        // Each alert: send, receive, delete; plus the idle long polls of the event source mapping.
        var sqsRequests = assumptions.AlertsPerMonth * 3.0 + assumptions.IdleQueuePollsPerMonth;
        // Dead-letter and redrive queues have no consumer: they cost requests only when something fails.
        var queues = Of(resources, "AWS::SQS::Queue").Count();
        lines.Add(new("SQS", $"{queues} queues, {sqsRequests:N0} requests (incl. idle long polls)", sqsRequests * prices.SqsPerRequest));

        var apiRequests = assumptions.AlertsPerMonth + approvals * (assumptions.ApprovalApiCallsPerApproval - 1);
        lines.Add(new("API Gateway (REST)", $"{apiRequests:N0} requests", apiRequests * prices.ApiGatewayRestPerRequest));

        var acls = Of(resources, "AWS::WAFv2::WebACL").ToList();
        var wafRules = acls.Sum(a => a["Properties"]?["Rules"]?.AsArray().Count ?? 0);
        lines.Add(new("WAF", $"{acls.Count} web ACL, {wafRules} rules, {apiRequests:N0} requests",
            acls.Count * prices.WafPerWebAcl + wafRules * prices.WafPerRule + apiRequests * prices.WafPerRequest));

        var writes = executions * (assumptions.FunctionTableWritesPerExecution + path.DynamoDbCalls) + assumptions.AlertsPerMonth;
        var reads = executions * (double)assumptions.FunctionTableReadsPerExecution + assumptions.AlertsPerMonth;
        var storedGb = executions * assumptions.StoredKbPerExecution * assumptions.MonthsRetained / (1024.0 * 1024.0);
        var tables = Of(resources, "AWS::DynamoDB::Table").Count();
        lines.Add(new("DynamoDB (on-demand, PITR)", $"{tables} tables, {writes:N0} writes, {reads:N0} reads, {storedGb:F2} GB",
            writes * prices.DynamoDbPerWriteUnit + reads * prices.DynamoDbPerReadUnit + storedGb * (prices.DynamoDbStoragePerGbMonth + prices.DynamoDbPitrPerGbMonth)));

        // Object Lock has no charge of its own: locked versions pay storage, already counted in the retained months.
        var locked = Of(resources, "AWS::S3::Bucket").Any(b => b["Properties"]?["ObjectLockEnabled"]?.GetValue<bool>() == true);
        lines.Add(new("S3 audit bucket", $"{executions:N0} audit PUTs, {storedGb:F2} GB{(locked ? ", Object Lock (no charge of its own)" : "")}",
            executions * prices.S3PerPut + storedGb * prices.S3StandardPerGbMonth + (locked ? storedGb * prices.S3ObjectLockPerGbMonth : 0)));

        // Server access logs of the audit bucket: delivery is free, the log objects pay storage for AccessLogDays.
        var accessLogBuckets = Of(resources, "AWS::S3::Bucket").Count(b => b["Properties"]?["LoggingConfiguration"] is not null);
        var accessLogGb = executions * (double)assumptions.AuditRequestsPerExecution * assumptions.AccessLogKbPerRequest / (1024.0 * 1024.0) * accessLogBuckets;
        var accessLogDays = AccessLogDays(resources);
        lines.Add(new("S3 access logs", $"{accessLogBuckets} logged bucket, {accessLogGb * 1024:N0} MB/month kept {accessLogDays} days",
            accessLogGb * accessLogDays / 30.0 * prices.S3StandardPerGbMonth));

        // Bucket keys and DynamoDB/SQS data-key caching keep KMS calls to a few per execution.
        var keys = Of(resources, "AWS::KMS::Key").Count();
        var kmsRequests = executions * 10.0;
        lines.Add(new("KMS", $"{keys} key, ~{kmsRequests:N0} requests", keys * prices.KmsPerKey + kmsRequests * prices.KmsPerRequest));

        var stateLogKb = StateMachineLogsAll(resources) ? assumptions.StateLogKbPerTransition : 0;
        var logGb = (transitions * stateLogKb + requests * assumptions.LambdaLogKbPerInvocation) / (1024.0 * 1024.0);
        var alarmMetrics = Of(resources, "AWS::CloudWatch::Alarm").Sum(a => a["Properties"]?["Metrics"] is JsonArray m ? m.Count(x => x?["MetricStat"] is not null) : 1);
        var dashboards = Of(resources, "AWS::CloudWatch::Dashboard").Count();
        lines.Add(new("CloudWatch", $"{logGb:F2} GB logs, {assumptions.CustomMetrics} custom metrics, {alarmMetrics} alarm metrics, {dashboards} dashboard",
            logGb * (prices.LogsIngestPerGb + prices.LogsStoragePerGbMonth) + assumptions.CustomMetrics * prices.CustomMetricPerMonth +
            alarmMetrics * prices.AlarmPerMetric + dashboards * prices.DashboardPerMonth));

        // WAF request logs are vended logs into the aws-waf-logs-… group (KMS key counted above).
        var wafLogging = Of(resources, "AWS::WAFv2::LoggingConfiguration").Count();
        var wafLogGb = wafLogging * apiRequests * assumptions.WafLogKbPerRequest / (1024.0 * 1024.0);
        lines.Add(new("Vended logs (WAF requests)", $"{wafLogging} logging configuration, {wafLogGb:F2} GB",
            wafLogGb * (prices.LogsVendedPerGb + prices.LogsStoragePerGbMonth)));

        // The ERROR-log archive: one Firehose record per ERROR line, billed as 5 KB each, into the audit bucket.
        var streams = Of(resources, "AWS::KinesisFirehose::DeliveryStream").Count();
        var firehoseGb = streams == 0 ? 0 : assumptions.ErrorLogLinesPerMonth * prices.FirehoseRecordKb / (1024.0 * 1024.0);
        lines.Add(new("Firehose (ERROR log archive)", $"{streams} delivery stream, {assumptions.ErrorLogLinesPerMonth:N0} records billed at {prices.FirehoseRecordKb:N0} KB",
            firehoseGb * prices.FirehosePerGbIngested));

        var traces = (double)executions + apiRequests;
        lines.Add(new("X-Ray", $"{traces:N0} traces", traces * prices.XRayPerTrace));

        var emails = approvals * assumptions.ApprovalEmailsPerApproval;
        lines.Add(new("SNS", $"{executions * path.SnsPublishes:N0} publishes, {emails:N0} emails", executions * path.SnsPublishes * prices.SnsPerPublish + emails * prices.SnsPerEmail));

        var bedrockCalls = (double)executions * path.BedrockCalls;
        lines.Add(new("Bedrock (Nova Pro)", $"{bedrockCalls:N0} calls × {assumptions.BedrockInputTokens:N0} in / {assumptions.BedrockOutputTokens:N0} out tokens",
            bedrockCalls * (assumptions.BedrockInputTokens * prices.NovaProPerInputToken + assumptions.BedrockOutputTokens * prices.NovaProPerOutputToken)));

        var optional = new List<CostLine>();
        foreach (var collection in Of(resources, "AWS::OpenSearchServerless::Collection"))
        {
            // Minimum capacity: 2 OCUs with standby replicas, 1 OCU without.
            var ocus = collection["Properties"]?["StandbyReplicas"]?.GetValue<string>() == "DISABLED" ? 1 : 2;
            optional.Add(new("OpenSearch Serverless (knowledge base)", $"{ocus} OCU minimum, all month", ocus * prices.OpenSearchPerOcuHour * 24 * 30));
        }

        return new CostEstimate(executions, path.States, path.Transitions, invocations, gbSeconds, requests, lines, optional);
    }

    /// <summary>Whether the state machine logs every event (ALL) rather than errors only.</summary>
    private static bool StateMachineLogsAll(JsonObject resources) =>
        Of(resources, "AWS::StepFunctions::StateMachine").Any(m => m["Properties"]?["LoggingConfiguration"]?["Level"]?.GetValue<string>() == "ALL");

    /// <summary>The access-log bucket's expiration (days), 90 when the template sets none.</summary>
    private static int AccessLogDays(JsonObject resources) =>
        Of(resources, "AWS::S3::Bucket")
            .SelectMany(b => b["Properties"]?["LifecycleConfiguration"]?["Rules"]?.AsArray() ?? [])
            .Where(r => r?["Id"]?.GetValue<string>() == "ExpireAccessLogs")
            .Select(r => r?["ExpirationInDays"]?.GetValue<int>() ?? 90)
            .DefaultIfEmpty(90)
            .First();

    private static int Duration(CostAssumptions assumptions, string name) =>
        assumptions.DurationMs.TryGetValue(name, out var ms) ? ms : assumptions.DefaultDurationMs;

    private static IEnumerable<JsonObject> Of(JsonObject resources, string type) =>
        resources.Select(r => r.Value).OfType<JsonObject>().Where(r => r["Type"]?.GetValue<string>() == type);

    /// <summary>The contract's functions as the template deploys them (memory, SnapStart).</summary>
    private static List<(string Name, int MemoryMb, bool SnapStart)> ContractFunctions(JsonObject resources)
    {
        var byHandler = WorkflowContract.Functions.ToDictionary(f => f.Handler, f => f.Name, StringComparer.Ordinal);
        var result = new List<(string, int, bool)>();
        foreach (var function in Of(resources, "AWS::Lambda::Function"))
        {
            var props = function["Properties"]!;
            if (props["Handler"]?.GetValue<string>() is { } handler && byHandler.TryGetValue(handler, out var name))
            {
                var memory = props["MemorySize"]?.GetValue<int>() ?? 128;
                var snapStart = props["SnapStart"]?["ApplyOn"]?.GetValue<string>() == "PublishedVersions";
                result.Add((name, memory, snapStart));
            }
        }

        return result;
    }
}
