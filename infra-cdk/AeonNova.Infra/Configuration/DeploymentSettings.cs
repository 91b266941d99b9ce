namespace AeonNova.Infra.Configuration;

/// <summary>One environment (dev, staging, prod) as configured in cdk.json's context.environments.</summary>
public sealed record DeploymentSettings
{
    public required string EnvironmentName { get; init; }

    /// <summary>Target account; null means the CLI's credentials decide (CDK_DEFAULT_ACCOUNT).</summary>
    public string? Account { get; init; }

    public required string Region { get; init; }

    /// <summary>Approvers subscribed to the approval topic by email (they must confirm the subscription).</summary>
    public required IReadOnlyList<string> ApproverEmails { get; init; }

    /// <summary>Receivers of alarms and budget notifications.</summary>
    public required IReadOnlyList<string> OpsEmails { get; init; }

    /// <summary>Bedrock model id or cross-region inference profile id (e.g. amazon.nova-pro-v1:0).</summary>
    public required string BedrockModelId { get; init; }

    public required RetentionSettings Retention { get; init; }

    public required AlarmThresholds Alarms { get; init; }

    public required AutoApprovalPolicy AutoApproval { get; init; }

    public required ApiSettings Api { get; init; }

    public required KnowledgeSettings Knowledge { get; init; }

    /// <summary>Reserved concurrency per function name; caps what a runaway loop or flood can spend.</summary>
    public required IReadOnlyDictionary<string, int> ReservedConcurrency { get; init; }

    public required double MonthlyBudgetUsd { get; init; }

    /// <summary>S3 Object Lock default retention on the audit bucket.</summary>
    public required AuditLockSettings AuditLock { get; init; }

    /// <summary>What the state machine writes to CloudWatch Logs (execution data holds task tokens, scripts, output).</summary>
    public required StateMachineLoggingSettings StateMachineLogging { get; init; }

    /// <summary>
    /// SNS topics whose HTTPS subscriptions to POST /alerts/cloudwatch Ingest confirms (its SNS_ALLOWED_TOPIC_ARNS);
    /// empty: every SubscriptionConfirmation is refused.
    /// </summary>
    public required IReadOnlyList<string> SnsTopicArns { get; init; }

    public string ResourcePrefix => $"aeonnova-{EnvironmentName}";

    /// <summary>The remediation state machine's name (functions name its executions' ARNs without a reference to it).</summary>
    public string StateMachineName => $"{ResourcePrefix}-remediation";
}

/// <param name="InfoLogDays">Function, API and state machine log groups.</param>
/// <param name="ErrorLogDays">ERROR log lines copied to the audit bucket (logs/errors/).</param>
/// <param name="AuditArchiveAfterDays">Audit records move to Glacier after this many days.</param>
/// <param name="AuditNoncurrentExpireDays">Overwritten audit object versions are deleted after this many days.</param>
/// <param name="RecordTtlDays">DynamoDB items carry a ttl this many days ahead (the functions set it).</param>
/// <param name="AccessLogDays">S3 server access logs of the audit bucket are kept this many days.</param>
public sealed record RetentionSettings(
    int InfoLogDays,
    int ErrorLogDays,
    int AuditArchiveAfterDays,
    int AuditNoncurrentExpireDays,
    int RecordTtlDays,
    int AccessLogDays);

/// <summary>S3 Object Lock retention mode of the audit bucket.</summary>
public enum AuditLockMode
{
    /// <summary>Principals holding s3:BypassGovernanceRetention (only the break-glass role) may shorten or remove it.</summary>
    Governance,

    /// <summary>Nobody, not even the account root, can delete a locked version before its retention ends.</summary>
    Compliance,
}

/// <param name="Mode">GOVERNANCE (dev: a break-glass role can still clean up) or COMPLIANCE (prod).</param>
/// <param name="Days">Default retention of every object version written to the audit bucket.</param>
public sealed record AuditLockSettings(AuditLockMode Mode, int Days);

/// <summary>Step Functions log level names (LogLevel in the state machine's LoggingConfiguration).</summary>
public enum StateMachineLogLevel
{
    All,
    Error,
    Fatal,
    Off,
}

/// <param name="Level">ALL, ERROR, FATAL or OFF.</param>
/// <param name="IncludeExecutionData">Whether input, output and task parameters (task tokens, scripts, command output) go to the log.</param>
public sealed record StateMachineLoggingSettings(StateMachineLogLevel Level, bool IncludeExecutionData);

/// <param name="BedrockFailureRatePercent">P0 when Bedrock errors exceed this share of invocations.</param>
/// <param name="MttrMinutes">P1 when mean time to remediate exceeds this.</param>
/// <param name="QueueDepth">P2 when the alerts queue holds more visible messages than this.</param>
public sealed record AlarmThresholds(double BedrockFailureRatePercent, double MttrMinutes, double QueueDepth);

/// <summary>
/// Which validator-allowed scripts may run without a human (ValidateScript's policy; "review" always needs an
/// approval and "block" never runs, whatever is configured here).
/// </summary>
/// <param name="Diagnostics">Read-only diagnostic scripts run without approval (AUTO_RUN_DIAGNOSTICS).</param>
/// <param name="Environments">Alert environments whose remediation scripts run without approval (AUTO_RUN_ENVIRONMENTS).</param>
/// <param name="MaxRiskScore">Only scripts the validator scores at most this (0–100) run without approval (MAX_AUTO_RISK_SCORE).</param>
public sealed record AutoApprovalPolicy(bool Diagnostics, IReadOnlyList<string> Environments, int MaxRiskScore);

/// <param name="ThrottleRatePerSecond">Stage-wide steady-state rate limit.</param>
/// <param name="ThrottleBurst">Stage-wide burst limit.</param>
/// <param name="WafRateLimitPer5Minutes">Requests per source IP per five minutes before WAF blocks.</param>
/// <param name="MaxRequestBytes">Requests declaring a larger Content-Length are blocked by WAF (Ingest answers 413 too).</param>
public sealed record ApiSettings(int ThrottleRatePerSecond, int ThrottleBurst, int WafRateLimitPer5Minutes, int MaxRequestBytes);

/// <param name="Enabled">Deploy the Bedrock knowledge base over OpenSearch Serverless.</param>
/// <param name="EmbeddingModelId">Embedding model used by the knowledge base.</param>
public sealed record KnowledgeSettings(bool Enabled, string EmbeddingModelId);

/// <summary>Where the app finds its inputs on disk (all absolute).</summary>
/// <param name="RepoRoot">Repository root (cdk.json's directory).</param>
/// <param name="FunctionsPublishDir">`dotnet publish` output of functions/AeonNova.Functions (linux-arm64).</param>
/// <param name="StateMachineFile">statemachines/remediation.asl.json.</param>
/// <param name="RunbooksDir">runbooks/ (uploaded to the knowledge base data source).</param>
public sealed record SourcePaths(string RepoRoot, string FunctionsPublishDir, string StateMachineFile, string RunbooksDir);
