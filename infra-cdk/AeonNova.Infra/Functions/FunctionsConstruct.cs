using AeonNova.Core.Observability;
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

    /// <summary>What LambdaHost (functions/AeonNova.Functions) reads below LAMBDA_TASK_ROOT by default.</summary>
    public static readonly IReadOnlyList<string> PackageData = ["config/approval-policy.json", "prompts", "runbooks"];

    /// <summary>Matches the Powertools-compatible "level" key in either casing the loggers use.</summary>
    public const string ErrorFilterPattern =
        "{ ($.level = \"ERROR\") || ($.level = \"Error\") || ($.level = \"error\") || ($.level = \"CRITICAL\") || ($.level = \"Critical\") }";

    /// <summary>The only SSM documents SendCommand may run.</summary>
    public static readonly string[] RunCommandDocuments = ["AWS-RunShellScript", "AWS-RunPowerShellScript"];

    /// <summary>The tag an instance must carry (value <see cref="ManagedTagValue"/>) to be a SendCommand target.</summary>
    public const string ManagedTagKey = "AeonNova:Managed";
    public const string ManagedTagValue = "true";

    private readonly Dictionary<string, DeployedFunction> _functions = new(StringComparer.Ordinal);

    public FunctionsConstruct(Construct scope, string id, FunctionsProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var code = LoadCode(props.Paths);
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
            fn.AddEnvironment("POWERTOOLS_METRICS_NAMESPACE", MetricNames.Namespace);
            fn.AddEnvironment("ALERTS_TABLE_NAME", data.AlertsTable.TableName);
            fn.AddEnvironment("APPROVALS_TABLE_NAME", data.ApprovalsTable.TableName);
            fn.AddEnvironment("EXECUTIONS_TABLE_NAME", data.ExecutionsTable.TableName);
            fn.AddEnvironment("AUDIT_BUCKET_NAME", data.AuditBucket.BucketName);
            fn.AddEnvironment("MODEL_ID", settings.BedrockModelId);
            fn.AddEnvironment("RECORD_TTL_DAYS", settings.Retention.RecordTtlDays.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        GrantDataAccess(data, prefix, settings.StateMachineName);
    }

    public IReadOnlyCollection<DeployedFunction> All => _functions.Values;

    /// <summary>The publish output as one asset; helpers outside the contract (custom resources) reuse it.</summary>
    public AssetCode Code { get; }

    public DeployedFunction Get(string name) =>
        _functions.TryGetValue(name, out var deployed)
            ? deployed
            : throw new InfraConfigurationException($"WorkflowContract.Functions has no function named '{name}'.");

    /// <summary>The publish command (framework-dependent, arm64 managed runtime); the output directory is appended.</summary>
    public static readonly IReadOnlyList<string> PublishArguments =
        ["publish", "functions/AeonNova.Functions", "-c", "Release", "-r", "linux-arm64", "--self-contained", "false", "-p:UseAppHost=false", "-o"];

    private static AssetCode LoadCode(SourcePaths paths)
    {
        var publishDir = paths.FunctionsPublishDir;
        var isDefault = string.Equals(Path.GetFullPath(publishDir), Path.GetFullPath(Path.Combine(paths.RepoRoot, SettingsLoader.DefaultPublishDir)), StringComparison.Ordinal);
        if (!File.Exists(Path.Combine(publishDir, MarkerFile)) && isDefault)
        {
            // A fresh clone: build the bundle now, so `cdk synth` needs no manual publish step.
            Publish(paths.RepoRoot, publishDir);
        }

        if (!File.Exists(Path.Combine(publishDir, MarkerFile)))
        {
            throw new InfraConfigurationException(
                $"functions publish output not found: {Path.Combine(publishDir, MarkerFile)} does not exist " +
                "(context functionsPublishDir). Build it first: dotnet publish functions/AeonNova.Functions -c Release " +
                "-r linux-arm64 --self-contained false -p:PublishReadyToRun=true");
        }

        return Amazon.CDK.AWS.Lambda.Code.FromAsset(publishDir);
    }

    private static void Publish(string repoRoot, string outputDir)
    {
        var start = new System.Diagnostics.ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = repoRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        foreach (var argument in PublishArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(outputDir);
        Console.Error.WriteLine($"aeonnova-cdk: building the functions bundle: dotnet {string.Join(' ', start.ArgumentList)}");
        using var process = System.Diagnostics.Process.Start(start)
            ?? throw new InfraConfigurationException("could not start `dotnet publish` for the functions bundle");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InfraConfigurationException($"`dotnet publish functions/AeonNova.Functions` failed (exit {process.ExitCode}):\n{output}");
        }
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

    /// <summary>
    /// The DynamoDB calls each store adapter makes (functions/AeonNova.Functions/Adapters/DynamoDb*Store.cs): a
    /// function that only reads gets the read calls, one that writes gets both. Kept exact, not CDK's Grant*Data
    /// (which adds Scan, DeleteItem, BatchWrite…, and kms:ReEncrypt*/GenerateDataKey* on the key).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string[] Read, string[] Write)> TableCalls = new Dictionary<string, (string[], string[])>(StringComparer.Ordinal)
    {
        ["Alerts"] = (["dynamodb:GetItem"], ["dynamodb:PutItem", "dynamodb:UpdateItem"]),
        ["Approvals"] = (["dynamodb:GetItem", "dynamodb:Query"], ["dynamodb:PutItem"]),
        ["Executions"] = (["dynamodb:GetItem", "dynamodb:Query"], ["dynamodb:UpdateItem", "dynamodb:BatchWriteItem"]),
        ["CommandLedger"] = (["dynamodb:GetItem"], ["dynamodb:PutItem", "dynamodb:UpdateItem"]),
    };

    /// <summary>Least privilege per function: only the tables (and bucket prefix) its handler's services touch.</summary>
    private void GrantDataAccess(DataConstruct data, string prefix, string stateMachineName)
    {
        foreach (var (name, deployed) in _functions)
        {
            var fn = deployed.Function;
            switch (name)
            {
                case "Ingest":
                    // Reports duplicates from the alert state; webhook secrets live in SSM Parameter Store under this path.
                    GrantTable(fn, data, data.AlertsTable, "Alerts", write: false);
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
                    GrantTable(fn, data, data.AlertsTable, "Alerts", write: true);
                    GrantTable(fn, data, data.ApprovalsTable, "Approvals", write: true);
                    break;
                case "ApprovalApi":
                    GrantTable(fn, data, data.ApprovalsTable, "Approvals", write: true);
                    break;
                case "PrepareApproval":
                case "Escalate":
                case "CheckAlert":
                    // Approvals they create or retire; the alert state they re-read (has the alert resolved? issue #15).
                    GrantTable(fn, data, data.ApprovalsTable, "Approvals", write: true);
                    GrantTable(fn, data, data.AlertsTable, "Alerts", write: false);
                    break;
                case "RecordReceived":
                    GrantTable(fn, data, data.ExecutionsTable, "Executions", write: true);
                    break;
                case "Enrich":
                    GrantTable(fn, data, data.ExecutionsTable, "Executions", write: false);
                    break;
                case "Verify":
                    GrantTable(fn, data, data.AlertsTable, "Alerts", write: false);
                    break;
                case "RecordOutcome":
                    GrantTable(fn, data, data.ExecutionsTable, "Executions", write: true);
                    // S3AuditSink appends hash-chained records: reads the chain head and the previous record, writes
                    // new ones with If-None-Match. No retention or legal-hold actions (CDK's GrantPut includes them).
                    fn.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
                    {
                        Sid = "AppendAuditRecords",
                        Actions = ["s3:GetObject", "s3:PutObject"],
                        Resources = [data.AuditBucket.ArnForObjects(DataConstruct.AuditPrefix + "*")],
                    }));
                    GrantKeyVia(fn, data, "s3", "AuditBucket", ["kms:Decrypt", "kms:GenerateDataKey"]);
                    // StepFunctionsUsageMeter: the execution's own history (transitions, Lambda durations) for its cost.
                    // The ARN is built from the name: a reference to the state machine would make a dependency cycle
                    // (the state machine's definition names this function).
                    fn.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
                    {
                        Sid = "ReadExecutionHistory",
                        Actions = ["states:GetExecutionHistory"],
                        Resources =
                        [
                            Stack.Of(this).FormatArn(new ArnComponents
                            {
                                Service = "states",
                                Resource = "execution",
                                ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
                                ResourceName = $"{stateMachineName}:*",
                            }),
                        ],
                    }));
                    break;
                case "SendCommand":
                    GrantTable(fn, data, data.CommandLedgerTable, "CommandLedger", write: true);
                    fn.AddEnvironment("COMMAND_LEDGER_TABLE_NAME", data.CommandLedgerTable.TableName);
                    GrantRunCommand(fn);
                    break;
                default:
                    // BuildAnalysisRequest, ParsePlan, BuiltinPlanner, ValidateScript: pure functions of their input;
                    // CloseOut only calls the ticketing systems' HTTPS APIs.
                    break;
            }
        }
    }

    /// <summary>
    /// SendCommand: the two Run Command documents on instances tagged <see cref="ManagedTagKey"/>, and ListCommands
    /// (which has no resource-level permissions: Resource "*" is its only form; Service Authorization Reference,
    /// AWS Systems Manager) to find a command an ambiguous failure may have created.
    /// </summary>
    private void GrantRunCommand(LambdaFunction fn)
    {
        var stack = Stack.Of(this);
        fn.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "RunCommandDocuments",
            Actions = ["ssm:SendCommand"],
            Resources = [.. RunCommandDocuments.Select(d => $"arn:{stack.Partition}:ssm:{stack.Region}::document/{d}")],
        }));
        fn.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            // Separate statement: documents carry no tags, so the tag condition may only gate the targets.
            Sid = "RunCommandOnManagedInstances",
            Actions = ["ssm:SendCommand"],
            Resources =
            [
                $"arn:{stack.Partition}:ec2:{stack.Region}:{stack.Account}:instance/*",
                $"arn:{stack.Partition}:ssm:{stack.Region}:{stack.Account}:managed-instance/*",
            ],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { [$"ssm:resourceTag/{ManagedTagKey}"] = ManagedTagValue },
            },
        }));
        fn.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "FindSentCommands",
            Actions = ["ssm:ListCommands"],
            Resources = ["*"],
        }));
    }

    private static void GrantTable(LambdaFunction fn, DataConstruct data, Amazon.CDK.AWS.DynamoDB.Table table, string name, bool write)
    {
        var (read, writeCalls) = TableCalls[name];
        fn.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = (write ? "ReadWrite" : "Read") + name,
            Actions = write ? [.. read, .. writeCalls] : read,
            Resources = [table.TableArn],
        }));
        GrantKeyVia(fn, data, "dynamodb", name + "Table", write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"]);
    }

    /// <summary>The stack key, usable only through <paramref name="service"/> (kms:ViaService).</summary>
    public static void GrantKeyVia(IFunction fn, DataConstruct data, string service, string purpose, string[] actions)
    {
        ArgumentNullException.ThrowIfNull(fn);
        ArgumentNullException.ThrowIfNull(data);
        fn.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = $"UseKeyFor{purpose}",
            Actions = actions,
            Resources = [data.Key.KeyArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["kms:ViaService"] = $"{service}.{Stack.Of(fn).Region}.amazonaws.com" },
            },
        }));
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
            // The S3 destination's documented permissions (Firehose developer guide, "Grant Firehose access to an Amazon
            // S3 destination") minus nothing it deletes: Object Lock and the bucket policy forbid deletion anyway.
            firehoseRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ListAuditBucket",
                Actions = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
                Resources = [data.AuditBucket.BucketArn],
            }));
            firehoseRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "WriteErrorLogs",
                Actions = ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
                Resources = [data.AuditBucket.ArnForObjects(DataConstruct.ErrorLogPrefix + "*")],
            }));

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
            data.Key.Grant(firehoseRole, "kms:Decrypt", "kms:GenerateDataKey");
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
