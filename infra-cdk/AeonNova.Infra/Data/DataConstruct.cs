using AeonNova.Infra.Configuration;
using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Constructs;
using DynamoAttribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace AeonNova.Infra.Data;

public sealed record DataProps
{
    public required DeploymentSettings Settings { get; init; }
}

/// <summary>
/// The stateful core: one customer-managed KMS key (rotation on) that encrypts every table, queue, topic, log group
/// and the audit bucket; the four DynamoDB tables; the versioned, Object-Locked audit bucket (deletion denied to
/// everyone but the break-glass role) with server access logs in a separate bucket.
/// </summary>
public sealed class DataConstruct : Construct
{
    /// <summary>Name of the TTL attribute (epoch seconds) the functions write on every item.</summary>
    public const string TtlAttribute = "ttl";

    /// <summary>Prefix in the audit bucket where ERROR log lines land (kept for the error retention).</summary>
    public const string ErrorLogPrefix = "logs/errors/";

    /// <summary>Prefix in the audit bucket for audit records (archived, versions kept).</summary>
    public const string AuditPrefix = "audit/";

    public DataConstruct(Construct scope, string id, DataProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        var stack = Stack.Of(this);
        IsProduction = settings.EnvironmentName == "prod";

        Key = new Key(this, "Key", new KeyProps
        {
            Alias = $"alias/{settings.ResourcePrefix}",
            Description = $"AeonNova {settings.EnvironmentName}: tables, queues, topics, logs, audit bucket",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
            Policy = KeyPolicy(stack, settings),
        });

        AlertsTable = CreateTable("Alerts");
        ApprovalsTable = CreateTable("Approvals");
        ExecutionsTable = CreateTable("Executions");
        CommandLedgerTable = CreateTable("CommandLedger");

        // Server access logging cannot deliver to an SSE-KMS bucket: the log bucket uses SSE-S3 and holds no payloads.
        AccessLogsBucket = new Bucket(this, "AccessLogsBucket", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            Versioned = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "ExpireAccessLogs",
                    Expiration = Duration.Days(settings.Retention.AccessLogDays),
                    NoncurrentVersionExpiration = Duration.Days(1),
                },
            ],
        });

        AuditBucket = new Bucket(this, "AuditBucket", new BucketProps
        {
            Versioned = true,
            // Every version is locked for AuditLock.Days: governance (break-glass may bypass) or compliance (nobody).
            ObjectLockEnabled = true,
            ObjectLockDefaultRetention = settings.AuditLock.Mode == AuditLockMode.Compliance
                ? ObjectLockRetention.Compliance(Duration.Days(settings.AuditLock.Days))
                : ObjectLockRetention.Governance(Duration.Days(settings.AuditLock.Days)),
            ServerAccessLogsBucket = AccessLogsBucket,
            ServerAccessLogsPrefix = "audit-bucket/",
            Encryption = BucketEncryption.KMS,
            EncryptionKey = Key,
            // One data key per bucket instead of per object: cuts KMS requests (and cost) for many small records.
            BucketKeyEnabled = true,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "ArchiveAuditRecords",
                    Prefix = AuditPrefix,
                    Transitions =
                    [
                        new Transition
                        {
                            StorageClass = StorageClass.GLACIER,
                            TransitionAfter = Duration.Days(settings.Retention.AuditArchiveAfterDays),
                        },
                    ],
                    NoncurrentVersionExpiration = Duration.Days(settings.Retention.AuditNoncurrentExpireDays),
                },
                new LifecycleRule
                {
                    Id = "ExpireErrorLogs",
                    Prefix = ErrorLogPrefix,
                    Expiration = Duration.Days(settings.Retention.ErrorLogDays),
                    NoncurrentVersionExpiration = Duration.Days(1),
                },
                new LifecycleRule
                {
                    Id = "AbortIncompleteUploads",
                    AbortIncompleteMultipartUploadAfter = Duration.Days(7),
                },
            ],
        });

        BreakGlassRole = new Role(this, "AuditBreakGlassRole", new RoleProps
        {
            RoleName = $"{settings.ResourcePrefix}-audit-break-glass",
            Description = "The only principal that may delete audit object versions or bypass governance retention (MFA required)",
            AssumedBy = new AccountRootPrincipal().WithConditions(new Dictionary<string, object>
            {
                ["Bool"] = new Dictionary<string, object> { ["aws:MultiFactorAuthPresent"] = "true" },
            }),
            MaxSessionDuration = Duration.Hours(1),
        });
        BreakGlassRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "RemoveAuditVersions",
            Actions = [.. ProtectedObjectActions],
            Resources = [AuditBucket.ArnForObjects("*")],
        }));
        AuditBucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DenyAuditDeletionExceptBreakGlass",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = [.. ProtectedObjectActions],
            Resources = [AuditBucket.ArnForObjects("*")],
            Conditions = new Dictionary<string, object>
            {
                ["ArnNotEquals"] = new Dictionary<string, object> { ["aws:PrincipalArn"] = BreakGlassRole.RoleArn },
            },
        }));
    }

    /// <summary>Object-level actions that remove audit records or weaken their retention; denied to all but break-glass.</summary>
    public static readonly IReadOnlyList<string> ProtectedObjectActions =
    [
        "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention", "s3:PutObjectRetention", "s3:PutObjectLegalHold",
    ];

    public Key Key { get; }

    /// <summary>Receives the audit bucket's S3 server access logs (SSE-S3, expires after retention.accessLogDays).</summary>
    public Bucket AccessLogsBucket { get; }

    /// <summary>Assumed by an account principal with MFA; the bucket policy exempts only it from the deletion deny.</summary>
    public Role BreakGlassRole { get; }

    private bool IsProduction { get; }

    /// <summary>Canonical alerts and fingerprint de-duplication / cooldown records.</summary>
    public Table AlertsTable { get; }

    public Table ApprovalsTable { get; }

    public Table ExecutionsTable { get; }

    /// <summary>The SendCommand step's ledger: one row per execution, send step and script, written before SSM is called.</summary>
    public Table CommandLedgerTable { get; }

    public Bucket AuditBucket { get; }

    public IReadOnlyList<Table> Tables => [AlertsTable, ApprovalsTable, ExecutionsTable, CommandLedgerTable];

    private Table CreateTable(string name) => new(this, $"{name}Table", new TableProps
    {
        // Generic keys: each adapter composes pk/sk (e.g. "alert#<fingerprint>", "approval#<id>").
        PartitionKey = new DynamoAttribute { Name = "pk", Type = AttributeType.STRING },
        SortKey = new DynamoAttribute { Name = "sk", Type = AttributeType.STRING },
        BillingMode = BillingMode.PAY_PER_REQUEST,
        PointInTimeRecovery = true,
        Encryption = TableEncryption.CUSTOMER_MANAGED,
        EncryptionKey = Key,
        TimeToLiveAttribute = TtlAttribute,
        DeletionProtection = IsProduction,
        RemovalPolicy = RemovalPolicy.RETAIN,
    });

    /// <summary>
    /// The key policy is written out instead of CDK's default (root: kms:*), so no statement grants a service-wide
    /// wildcard: the account administers the key and delegates its use to IAM (which the Grant* calls fill), and the
    /// AWS services that write encrypted data on our behalf get exactly the actions they need, scoped by conditions.
    /// In a key policy Resource "*" means "this key".
    /// </summary>
    private static PolicyDocument KeyPolicy(Stack stack, DeploymentSettings settings)
    {
        var account = new AccountRootPrincipal();
        var document = new PolicyDocument();
        document.AddStatements(
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "KeyAdministration",
                Principals = [account],
                Actions =
                [
                    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
                    "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
                    "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
                ],
                Resources = ["*"],
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "DelegateUseToIam",
                Principals = [account],
                Actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant"],
                Resources = ["*"],
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "CloudWatchLogsEncryptLogGroups",
                Principals = [new ServicePrincipal($"logs.{stack.Region}.amazonaws.com")],
                Actions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resources = ["*"],
                Conditions = new Dictionary<string, object>
                {
                    ["ArnLike"] = new Dictionary<string, object>
                    {
                        ["kms:EncryptionContext:aws:logs:arn"] =
                            $"arn:{stack.Partition}:logs:{stack.Region}:{stack.Account}:log-group:*",
                    },
                },
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                // Alarm actions publish to the encrypted ops topic: only this stack's alarms (confused-deputy guard).
                Sid = "OwnAlarmsPublishToEncryptedTopics",
                Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
                Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resources = ["*"],
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
                    ["ArnLike"] = new Dictionary<string, object> { ["aws:SourceArn"] = ResourceNames.OwnAlarmsArnPattern(stack, settings) },
                },
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                // The alarm rule delivers to the encrypted alerts queue (and its DLQ). The rule's ARN is enforced on the
                // queue policies (SendMessage); the key use itself is scoped to this account, which is the condition
                // CDK emits under @aws-cdk/aws-events:eventsTargetQueueSameAccount.
                Sid = "AlarmRuleSendsToEncryptedQueues",
                Principals = [new ServicePrincipal("events.amazonaws.com")],
                Actions = ["kms:Decrypt", "kms:GenerateDataKey"],
                Resources = ["*"],
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
                },
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                // The approval topic redrives undeliverable ApprovalApi notifications to its encrypted queue
                // (SNS documentation, "Configuring an Amazon SNS dead-letter queue for a subscription").
                Sid = "ApprovalTopicRedrivesToEncryptedQueue",
                Principals = [new ServicePrincipal("sns.amazonaws.com")],
                Actions = ["kms:Decrypt", "kms:GenerateDataKey"],
                Resources = ["*"],
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
                    ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = ResourceNames.ApprovalTopicArn(stack, settings) },
                },
            }));
        return document;
    }
}
