using System.Collections.Frozen;

namespace AeonNova.Infra.Cost;

/// <summary>Traffic assumptions behind the monthly estimate; every number is visible in docs/deploy.md.</summary>
public sealed record CostAssumptions
{
    public int AlertsPerMonth { get; init; } = 10_000;

    /// <summary>Share of alerts that start a workflow (the rest are duplicates or cooldown hits). 1 = conservative.</summary>
    public double NewAlertShare { get; init; } = 1.0;

    /// <summary>
    /// The execution every alert is priced as: states it passes in order, the last being where it ends. The default is
    /// the most expensive ordinary outcome: Bedrock analysis, a human approval, the script run and verified
    /// (MarkRemediated is only reached that way; the final Remediated state alone is reachable from every outcome).
    /// </summary>
    public IReadOnlyList<string> Waypoints { get; init; } = ["Analyze", "WaitForApproval", "MarkRemediated", "Remediated"];

    /// <summary>Extra rounds of every loop on the path (e.g. polling GetCommandInvocation).</summary>
    public int ExtraLoopIterations { get; init; } = 2;

    /// <summary>Average billed duration of a warm invocation (SnapStart restores keep cold starts short).</summary>
    public int DefaultDurationMs { get; init; } = 200;

    public FrozenDictionary<string, int> DurationMs { get; init; } = new Dictionary<string, int>
    {
        ["ValidateScript"] = 500,
        ["BuiltinPlanner"] = 400,
        ["Enrich"] = 300,
        ["ParseAlerts"] = 300,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Invocations that start a new execution environment (restore from a SnapStart snapshot).
    /// At ~14 alerts an hour most environments have gone idle between alerts.</summary>
    public double ColdStartShare { get; init; } = 0.5;

    public int BedrockInputTokens { get; init; } = 2_500;

    public int BedrockOutputTokens { get; init; } = 700;

    /// <summary>ApprovalApi calls per approval: SNS token registration, GET page, POST decision.</summary>
    public int ApprovalApiCallsPerApproval { get; init; } = 3;

    /// <summary>DynamoDB writes/reads by the functions per execution (1 KB items).</summary>
    public int FunctionTableWritesPerExecution { get; init; } = 8;

    public int FunctionTableReadsPerExecution { get; init; } = 12;

    /// <summary>Log volume: Step Functions ALL logging with execution data, per transition (nothing when the template's
    /// level is ERROR/FATAL/OFF: a normal execution writes no error events); Lambda per invocation.</summary>
    public double StateLogKbPerTransition { get; init; } = 2.0;

    public double LambdaLogKbPerInvocation { get; init; } = 1.5;

    /// <summary>Audit record, execution record and alert kept per execution (S3 + DynamoDB storage, steady state).</summary>
    public double StoredKbPerExecution { get; init; } = 20;

    /// <summary>Months of data kept (storage grows to this many months of records).</summary>
    public int MonthsRetained { get; init; } = 3;

    /// <summary>SQS receives the Lambda pollers make while the queue is empty (long polling, ~5 pollers).</summary>
    public int IdleQueuePollsPerMonth { get; init; } = 650_000;

    /// <summary>Custom EMF metrics: the functions' 16 metric names plus their per-model/target/reason variants.</summary>
    public int CustomMetrics { get; init; } = 20;

    /// <summary>WAF log record per API request (JSON with headers; query string and Authorization redacted).</summary>
    public double WafLogKbPerRequest { get; init; } = 1.5;

    /// <summary>ERROR log lines the functions write per month (each a Firehose record into the audit bucket's logs/errors/).</summary>
    public int ErrorLogLinesPerMonth { get; init; } = 2_000;

    /// <summary>Audit bucket requests per execution: S3AuditSink reads the chain head and the previous record, then writes.</summary>
    public int AuditRequestsPerExecution { get; init; } = 3;

    /// <summary>One S3 server access log record (a text line per request).</summary>
    public double AccessLogKbPerRequest { get; init; } = 0.4;

    /// <summary>Emails per approval (approvers on the topic).</summary>
    public int ApprovalEmailsPerApproval { get; init; } = 2;
}
