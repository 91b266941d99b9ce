using System.Text.Json.Nodes;
using AeonNova.Core.Alerts.Sns;
using AeonNova.Core.Workflow;

namespace AeonNova.Infra.Configuration;

/// <summary>Builds the settings of the selected environment (-c env=…) from the CDK context.</summary>
public static class SettingsLoader
{
    public const string DefaultPublishDir = "functions/AeonNova.Functions/bin/Release/net10.0/linux-arm64/publish";
    public const string DefaultStateMachineFile = "statemachines/remediation.asl.json";
    public const string DefaultRunbooksDir = "runbooks";

    /// <param name="tryGetContext">Node.TryGetContext of the app.</param>
    /// <param name="workingDirectory">Directory relative paths start from when no repoRoot is given.</param>
    public static (DeploymentSettings Settings, SourcePaths Paths) Load(Func<string, object?> tryGetContext, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(tryGetContext);
        var envName = ContextString(tryGetContext, "env") ?? "dev";
        if (ContextJson.ToNode(tryGetContext("environments")) is not JsonObject environments)
        {
            throw new InfraConfigurationException("cdk.json context.environments: missing; expected an object with dev, staging and prod.");
        }

        if (environments[envName] is not JsonObject envNode)
        {
            var known = string.Join(", ", environments.Select(e => e.Key));
            throw new InfraConfigurationException($"-c env={envName}: unknown environment; cdk.json context.environments has: {known}.");
        }

        var settings = Read(new SettingsReader(envNode, $"cdk.json context.environments.{envName}"), envName);

        // -c knowledge=true|false overrides the environment's switch for a one-off deploy.
        if (ContextString(tryGetContext, "knowledge") is { } knowledgeOverride)
        {
            var enabled = bool.TryParse(knowledgeOverride, out var parsed)
                ? parsed
                : throw new InfraConfigurationException($"-c knowledge={knowledgeOverride}: must be true or false.");
            settings = settings with { Knowledge = settings.Knowledge with { Enabled = enabled } };
        }

        var root = Path.GetFullPath(ContextString(tryGetContext, "repoRoot") ?? ".", workingDirectory);
        var paths = new SourcePaths(
            root,
            Path.GetFullPath(ContextString(tryGetContext, "functionsPublishDir") ?? DefaultPublishDir, root),
            Path.GetFullPath(ContextString(tryGetContext, "stateMachineFile") ?? DefaultStateMachineFile, root),
            Path.GetFullPath(ContextString(tryGetContext, "runbooksDir") ?? DefaultRunbooksDir, root));
        return (settings, paths);
    }

    private static DeploymentSettings Read(SettingsReader env, string envName)
    {
        var retention = env.Child("retention");
        var alarms = env.Child("alarms");
        var auto = env.Child("autoApproval");
        var api = env.Child("api");
        var knowledge = env.Child("knowledge");

        var maxRiskScore = auto.Int("maxRiskScore");
        if (maxRiskScore > 100)
        {
            throw new InfraConfigurationException($"{auto.Path}.maxRiskScore: {maxRiskScore} is above 100, the validator's highest risk score.");
        }

        var concurrency = env.IntMap("reservedConcurrency");
        var knownFunctions = WorkflowContract.Functions.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in concurrency.Keys.Where(n => !knownFunctions.Contains(n)))
        {
            throw new InfraConfigurationException(
                $"cdk.json context.environments.{envName}.reservedConcurrency.{name}: no such function in WorkflowContract.Functions.");
        }

        var account = env.OptionalString("account");
        return new DeploymentSettings
        {
            EnvironmentName = envName,
            Account = string.IsNullOrWhiteSpace(account) ? null : account,
            Region = env.String("region"),
            ApproverEmails = RequireEmails(env, "approverEmails"),
            OpsEmails = RequireEmails(env, "opsEmails"),
            BedrockModelId = env.String("bedrockModelId"),
            Retention = new RetentionSettings(
                retention.Int("infoLogDays", 1),
                retention.Int("errorLogDays", 1),
                retention.Int("auditArchiveAfterDays", 1),
                retention.Int("auditNoncurrentExpireDays", 1),
                retention.Int("recordTtlDays", 1),
                retention.Int("accessLogDays", 1)),
            Alarms = new AlarmThresholds(
                alarms.Number("bedrockFailureRatePercent"),
                alarms.Number("mttrMinutes"),
                alarms.Number("queueDepth")),
            AutoApproval = new AutoApprovalPolicy(auto.Bool("diagnostics"), auto.Strings("environments", allowEmpty: true), maxRiskScore),
            Api = new ApiSettings(
                api.Int("throttleRatePerSecond", 1),
                api.Int("throttleBurst", 1),
                api.Int("wafRateLimitPer5Minutes", 100),
                api.Int("maxRequestBytes", 1024)),
            Knowledge = new KnowledgeSettings(knowledge.Bool("enabled"), knowledge.String("embeddingModelId")),
            ReservedConcurrency = concurrency,
            MonthlyBudgetUsd = env.Number("monthlyBudgetUsd", 1),
            AuditLock = new AuditLockSettings(env.Child("auditLock").Choice<AuditLockMode>("mode"), env.Child("auditLock").Int("days", 1)),
            SnsTopicArns = RequireTopicArns(env, "snsTopicArns"),
            StateMachineLogging = new StateMachineLoggingSettings(
                env.Child("stateMachineLogging").Choice<StateMachineLogLevel>("level"),
                env.Child("stateMachineLogging").Bool("includeExecutionData")),
        };
    }

    private static IReadOnlyList<string> RequireTopicArns(SettingsReader env, string name)
    {
        var arns = env.Strings(name, allowEmpty: true);
        for (var i = 0; i < arns.Count; i++)
        {
            if (!SnsSubscriptionPolicy.IsTopicArn(arns[i]))
            {
                throw new InfraConfigurationException(
                    $"{env.Path}.{name}[{i}]: '{arns[i]}' is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>).");
            }
        }

        return arns;
    }

    private static IReadOnlyList<string> RequireEmails(SettingsReader env, string name)
    {
        var emails = env.Strings(name);
        for (var i = 0; i < emails.Count; i++)
        {
            var at = emails[i].IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at == emails[i].Length - 1)
            {
                throw new InfraConfigurationException($"{env.Path}.{name}[{i}]: '{emails[i]}' is not an email address.");
            }
        }

        return emails;
    }

    private static string? ContextString(Func<string, object?> tryGetContext, string key) =>
        tryGetContext(key) is { } value ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
