using AeonNova.Core.Workflow;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Data;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KinesisFirehose;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;
using LambdaFunction = Amazon.CDK.AWS.Lambda.Function;

namespace AeonNova.Infra.Functions;

public sealed record FunctionsProps
{
    public required DeploymentSettings Settings { get; init; }

    public required SourcePaths Paths { get; init; }

    public required DataConstruct Data { get; init; }
}

/// <summary>One deployed entry point: the function, the alias every caller uses (SnapStart needs a published
/// version), its log group and sizing.</summary>
public sealed record DeployedFunction(FunctionDefinition Definition, LambdaFunction Function, Alias Alias, LogGroup LogGroup);

/// <summary>
/// Every function in WorkflowContract.Functions on the managed dotnet10 runtime (arm64, SnapStart on published
/// versions behind a "live" alias, X-Ray active, JSON logs), with code from the `dotnet publish` output.
/// Log retention: each function's log group keeps everything for Retention.InfoLogDays; ERROR lines are copied by a
/// subscription filter through Firehose into the audit bucket under logs/errors/, which expires after
/// Retention.ErrorLogDays (CloudWatch Logs keeps one retention per group, and Lambda writes to one group).
/// </summary>
public sealed class FunctionsConstruct : Construct
{
    /// <summary>The managed runtime; Amazon.CDK.Lib 2.160.0 predates Runtime.DOTNET_10.</summary>
    public static readonly Runtime DotNet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE, new LambdaRuntimeProps { SupportsSnapStart = true });

    public const string AliasName = "live";

    /// <summary>The file that proves the publish directory holds the functions assembly.</summary>
    public const string MarkerFile = WorkflowContract.FunctionsAssembly + ".dll";

    /// <summary>What AwsFunctionServices reads below LAMBDA_TASK_ROOT by default.</summary>
    public static readonly IReadOnlyList<string> PackageData = ["config/approval-policy.json", "prompts", "runbooks"];

    /// <summary>Matches the Powertools-compatible "level" key in either casing the loggers use.</summary>
    public const string ErrorFilterPattern =
        "{ ($.level = \"ERROR\") || ($.level = \"Error\") || ($.level = \"error\") || ($.level = \"CRITICAL\") || ($.level = \"Critical\") }";

    private readonly Dictionary<string, DeployedFunction> _functions = new(StringComparer.Ordinal);

    public FunctionsConstruct(Construct scope, string id, FunctionsProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var code = LoadCode(props.Paths.FunctionsPublishDir);
        Code = code;
        if (MissingPackageData(props.Paths.FunctionsPublishDir) is { Count: > 0 } missing)
        {
            // A warning, not an error: `cdk deploy` shows it, and synthesis for tests and estimates still works.
            Annotations.Of(this).AddWarning(
                $"the functions publish output lacks {string.Join(", ", missing)}: the handlers that load them will fail on Lambda. " +
                "Copy them into the publish output (functions/AeonNova.Functions content items) and publish again.");
        }

        var data = props.Data;
        var settings = props.Settings;
        var errorArchive = new ErrorLogArchive(this, "ErrorLogArchive", data);

        foreach (var definition in WorkflowContract.Functions)
        {
            var deployed = Create(definition, code, props);
            errorArchive.Subscribe(definition.Name, deployed.LogGroup);
            _functions.Add(definition.Name, deployed);
        }

        var prefix = settings.ResourcePrefix;
        foreach (var deployed in _functions.Values)
        {
            var fn = deployed.Function;
            fn.AddEnvironment("AEONNOVA_ENVIRONMENT", settings.EnvironmentName);
            // The metrics dimension "service": one value per environment (ObservabilityConstruct reads the same).
            fn.AddEnvironment("POWERTOOLS_SERVICE_NAME", prefix);
            fn.AddEnvironment("POWERTOOLS_METRICS_NAMESPACE", Observability.MetricNames.Namespace);
            fn.AddEnvironment("ALERTS_TABLE_NAME", data.AlertsTable.TableName);
            fn.AddEnvironment("APPROVALS_TABLE_NAME", data.ApprovalsTable.TableName);
            fn.AddEnvironment("EXECUTIONS_TABLE_NAME", data.ExecutionsTable.TableName);
            fn.AddEnvironment("AUDIT_BUCKET_NAME", data.AuditBucket.BucketName);
            fn.AddEnvironment("MODEL_ID", settings.BedrockModelId);
            fn.AddEnvironment("RECORD_TTL_DAYS", settings.Retention.RecordTtlDays.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        GrantDataAccess(data, prefix);
    }

    public IReadOnlyCollection<DeployedFunction> All => _functions.Values;

    /// <summary>The publish output as one asset; helpers outside the contract (custom resources) reuse it.</summary>
    public AssetCode Code { get; }

    public DeployedFunction Get(string name) =>
        _functions.TryGetValue(name, out var deployed)
            ? deployed
            : throw new InfraConfigurationException($"WorkflowContract.Functions has no function named '{name}'.");

    private static AssetCode LoadCode(string publishDir)
    {
        if (!File.Exists(Path.Combine(publishDir, MarkerFile)))
        {
            throw new InfraConfigurationException(
                $"functions publish output not found: {Path.Combine(publishDir, MarkerFile)} does not exist " +
                "(context functionsPublishDir). Build it first: dotnet publish functions/AeonNova.Functions -c Release " +
                "-r linux-arm64 --self-contained false -p:PublishReadyToRun=true");
        }

        return Amazon.CDK.AWS.Lambda.Code.FromAsset(publishDir);
    }

    /// <summary>
    /// Data files the handlers load from LAMBDA_TASK_ROOT (approval policy, prompts, runbooks) that are missing from
    /// the publish output; the functions project must copy them there.
    /// </summary>
    public static IReadOnlyList<string> MissingPackageData(string publishDir) =>
        [.. PackageData.Where(p => !File.Exists(Path.Combine(publishDir, p)) && !Directory.Exists(Path.Combine(publishDir, p)))];

    private DeployedFunction Create(FunctionDefinition definition, AssetCode code, FunctionsProps props)
    {
        var name = definition.Name;
        var settings = props.Settings;
        var sizing = FunctionSizing.For(name);
        var logGroup = new LogGroup(this, $"{name}Logs", new LogGroupProps
        {
            Retention = RetentionPeriods.ToRetentionDays(settings.Retention.InfoLogDays, "retention.infoLogDays"),
            EncryptionKey = props.Data.Key,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        // An explicit role without AWSLambdaBasicExecutionRole: that managed policy allows logs:* writes on every
        // log group in the account; this role may only write to its own group.
        var role = new Role(this, $"{name}Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"AeonNova {settings.EnvironmentName} {name} function",
        });
        logGroup.GrantWrite(role);

        var fn = new LambdaFunction(this, name, new FunctionProps
        {
            Description = $"AeonNova {name} ({settings.EnvironmentName})",
            Runtime = DotNet10,
            Architecture = Architecture.ARM_64,
            Handler = definition.Handler,
            Code = code,
            MemorySize = sizing.MemoryMb,
            Timeout = Duration.Seconds(sizing.TimeoutSeconds),
            Role = role,
            Tracing = Tracing.ACTIVE,
            SnapStart = SnapStartConf.ON_PUBLISHED_VERSIONS,
            LogGroup = logGroup,
            LoggingFormat = LoggingFormat.JSON,
            ApplicationLogLevelV2 = ApplicationLogLevel.INFO,
            SystemLogLevelV2 = SystemLogLevel.WARN,
            ReservedConcurrentExecutions = settings.ReservedConcurrency.TryGetValue(name, out var reserved) ? reserved : null,
            // SnapStart bills the snapshot cache of every published version while it exists: drop superseded ones.
            CurrentVersionOptions = new VersionOptions { RemovalPolicy = RemovalPolicy.DESTROY },
        });

        var alias = new Alias(this, $"{name}Alias", new AliasProps
        {
            AliasName = AliasName,
            Version = fn.CurrentVersion,
        });
        return new DeployedFunction(definition, fn, alias, logGroup);
    }

    /// <summary>Least privilege per function: only the tables (and bucket prefix) its handler's services touch.</summary>
    private void GrantDataAccess(DataConstruct data, string prefix)
    {
        foreach (var (name, deployed) in _functions)
        {
            var fn = deployed.Function;
            switch (name)
            {
                case "Ingest":
                    // Reports duplicates from the alert state; webhook secrets live in SSM Parameter Store under this path.
                    data.AlertsTable.GrantReadData(fn);
                    var path = $"/{prefix.Replace('-', '/')}/webhooks";
                    fn.AddEnvironment("WEBHOOK_SECRETS_PATH", path);
                    fn.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
                    {
                        Sid = "ReadWebhookSecrets",
                        Actions = ["ssm:GetParametersByPath", "ssm:GetParameter", "ssm:GetParameters"],
                        Resources =
                        [
                            Stack.Of(this).FormatArn(new ArnComponents { Service = "ssm", Resource = "parameter", ResourceName = path.TrimStart('/') }),
                            Stack.Of(this).FormatArn(new ArnComponents { Service = "ssm", Resource = "parameter", ResourceName = path.TrimStart('/') + "/*" }),
                        ],
                    }));
                    break;
                case "ParseAlerts":
                    // Claims fingerprints; a resolved alert cancels its pending approval (design: approvals ↔ workflow, point 4).
                    data.AlertsTable.GrantReadWriteData(fn);
                    data.ApprovalsTable.GrantReadWriteData(fn);
                    break;
                case "ApprovalApi":
                    data.ApprovalsTable.GrantReadWriteData(fn);
                    break;
                case "PrepareApproval":
                case "Escalate":
                case "CheckAlert":
                    // Approvals they create or retire; the alert state they re-read (has the alert resolved? issue #15).
                    data.ApprovalsTable.GrantReadWriteData(fn);
                    data.AlertsTable.GrantReadData(fn);
                    break;
                case "RecordReceived":
                    data.ExecutionsTable.GrantReadWriteData(fn);
                    break;
                case "Enrich":
                    data.ExecutionsTable.GrantReadData(fn);
                    break;
                case "Verify":
                    data.AlertsTable.GrantReadData(fn);
                    break;
                case "RecordOutcome":
                    data.ExecutionsTable.GrantReadWriteData(fn);
                    data.AuditBucket.GrantPut(fn, DataConstruct.AuditPrefix + "*");
                    break;
                default:
                    // BuildAnalysisRequest, ParsePlan, BuiltinPlanner, ValidateScript: pure functions of their input;
                    // CloseOut only calls the ticketing systems' HTTPS APIs.
                    break;
            }
        }
    }

    /// <summary>Firehose stream into the audit bucket plus the role CloudWatch Logs uses to feed it.</summary>
    private sealed class ErrorLogArchive : Construct
    {
        private readonly CfnDeliveryStream _stream;
        private readonly Role _logsRole;

        public ErrorLogArchive(Construct scope, string id, DataConstruct data) : base(scope, id)
        {
            var stack = Stack.Of(this);
            var firehoseRole = new Role(this, "DeliveryRole", new RoleProps
            {
                AssumedBy = new ServicePrincipal("firehose.amazonaws.com"),
                Description = "Writes ERROR log lines into the audit bucket",
            });
            data.AuditBucket.GrantReadWrite(firehoseRole, DataConstruct.ErrorLogPrefix + "*");

            _stream = new CfnDeliveryStream(this, "Stream", new CfnDeliveryStreamProps
            {
                DeliveryStreamType = "DirectPut",
                DeliveryStreamEncryptionConfigurationInput = new CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty
                {
                    KeyType = "CUSTOMER_MANAGED_CMK",
                    KeyArn = data.Key.KeyArn,
                },
                ExtendedS3DestinationConfiguration = new CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty
                {
                    BucketArn = data.AuditBucket.BucketArn,
                    RoleArn = firehoseRole.RoleArn,
                    Prefix = DataConstruct.ErrorLogPrefix + "delivered/!{timestamp:yyyy/MM/dd}/",
                    ErrorOutputPrefix = DataConstruct.ErrorLogPrefix + "failed/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
                    BufferingHints = new CfnDeliveryStream.BufferingHintsProperty { IntervalInSeconds = 300, SizeInMBs = 5 },
                    CompressionFormat = "UNCOMPRESSED",
                    EncryptionConfiguration = new CfnDeliveryStream.EncryptionConfigurationProperty
                    {
                        KmsEncryptionConfig = new CfnDeliveryStream.KMSEncryptionConfigProperty { AwskmsKeyArn = data.Key.KeyArn },
                    },
                },
            });
            data.Key.Grant(firehoseRole, "kms:Decrypt", "kms:GenerateDataKey*");
            _stream.Node.AddDependency(firehoseRole);

            _logsRole = new Role(this, "SubscriptionRole", new RoleProps
            {
                AssumedBy = new ServicePrincipal($"logs.{stack.Region}.amazonaws.com"),
                Description = "Lets CloudWatch Logs forward ERROR lines to the archive stream",
            });
            _logsRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["firehose:PutRecord", "firehose:PutRecordBatch"],
                Resources = [_stream.AttrArn],
            }));
        }

        public void Subscribe(string name, LogGroup logGroup)
        {
            var filter = new CfnSubscriptionFilter(this, $"{name}Errors", new CfnSubscriptionFilterProps
            {
                LogGroupName = logGroup.LogGroupName,
                FilterPattern = ErrorFilterPattern,
                DestinationArn = _stream.AttrArn,
                RoleArn = _logsRole.RoleArn,
            });
            // CloudWatch Logs test-delivers when the filter is created: the role's policy must exist by then.
            filter.Node.AddDependency(_logsRole);
        }
    }
}
