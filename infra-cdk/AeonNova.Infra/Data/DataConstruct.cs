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
/// and the audit bucket; the three DynamoDB tables; the versioned audit bucket.
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
            Policy = KeyPolicy(stack),
        });

        AlertsTable = CreateTable("Alerts");
        ApprovalsTable = CreateTable("Approvals");
        ExecutionsTable = CreateTable("Executions");

        AuditBucket = new Bucket(this, "AuditBucket", new BucketProps
        {
            Versioned = true,
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
    }

    public Key Key { get; }

    private bool IsProduction { get; }

    /// <summary>Canonical alerts and fingerprint de-duplication / cooldown records.</summary>
    public Table AlertsTable { get; }

    public Table ApprovalsTable { get; }

    public Table ExecutionsTable { get; }

    public Bucket AuditBucket { get; }

    public IReadOnlyList<Table> Tables => [AlertsTable, ApprovalsTable, ExecutionsTable];

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
    private static PolicyDocument KeyPolicy(Stack stack)
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
                // Alarm actions publish to the encrypted ops topic; EventBridge sends alarm events to the encrypted queue.
                Sid = "AlarmsAndEventsUseEncryptedTargets",
                Principals = [new ServicePrincipal("cloudwatch.amazonaws.com"), new ServicePrincipal("events.amazonaws.com")],
                Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resources = ["*"],
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
                },
            }));
        return document;
    }
}
