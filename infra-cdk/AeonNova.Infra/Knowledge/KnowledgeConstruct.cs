using AeonNova.Core.Workflow;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Data;
using AeonNova.Infra.Functions;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.OpenSearchServerless;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.S3.Deployment;
using Amazon.CDK.AwsBedrock;
using Constructs;
using LambdaFunction = Amazon.CDK.AWS.Lambda.Function;

namespace AeonNova.Infra.Knowledge;

public sealed record KnowledgeProps
{
    public required DeploymentSettings Settings { get; init; }

    public required SourcePaths Paths { get; init; }

    public required DataConstruct Data { get; init; }

    public required FunctionsConstruct Functions { get; init; }
}

/// <summary>
/// Optional (context knowledge.enabled): a Bedrock knowledge base over an OpenSearch Serverless vector collection,
/// fed from runbooks/ (uploaded to an encrypted S3 data source). The collection gets its encryption (customer key),
/// network and data-access policies; the vector index is created by a custom resource whose C# handler
/// (functions/AeonNova.Functions/Handlers/Knowledge) signs the OpenSearch request with SigV4 — index creation is a
/// data-plane call on the collection endpoint, not an AWS API an AwsCustomResource could make.
/// </summary>
public sealed class KnowledgeConstruct : Construct
{
    public const string IndexName = "runbooks";
    public const string VectorField = "embedding";
    public const string TextField = "text";
    public const string MetadataField = "metadata";
    public const string RunbooksPrefix = "runbooks/";

    /// <summary>Titan Text Embeddings v2 default output size.</summary>
    public const int EmbeddingDimensions = 1024;

    public const string IndexHandler =
        WorkflowContract.FunctionsAssembly + "::" + WorkflowContract.FunctionsAssembly + ".Handlers.Knowledge.CreateVectorIndexFunction::Handle";

    public KnowledgeConstruct(Construct scope, string id, KnowledgeProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        var data = props.Data;
        var stack = Stack.Of(this);
        if (!Directory.Exists(props.Paths.RunbooksDir))
        {
            throw new InfraConfigurationException(
                $"knowledge base enabled but the runbooks folder does not exist: {props.Paths.RunbooksDir} (context runbooksDir).");
        }

        // Collection and policy names: lowercase, at most 32 characters.
        var collectionName = $"{settings.ResourcePrefix}-kb";

        Bucket = new Bucket(this, "RunbooksBucket", new BucketProps
        {
            Versioned = true,
            Encryption = BucketEncryption.KMS,
            EncryptionKey = data.Key,
            BucketKeyEnabled = true,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            RemovalPolicy = RemovalPolicy.DESTROY,
            AutoDeleteObjects = false,
        });
        // Own role and log group for CDK's upload handler: no AWSLambdaBasicExecutionRole (logs on every group).
        var uploadLogs = new LogGroup(this, "RunbooksUploadLogs", new Amazon.CDK.AWS.Logs.LogGroupProps
        {
            Retention = RetentionPeriods.ToRetentionDays(settings.Retention.InfoLogDays, "retention.infoLogDays"),
            EncryptionKey = data.Key,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var uploadRole = new Role(this, "RunbooksUploadRole", new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com") });
        uploadLogs.GrantWrite(uploadRole);
        new BucketDeployment(this, "Runbooks", new BucketDeploymentProps
        {
            Role = uploadRole,
            LogGroup = uploadLogs,
            Sources = [Source.Asset(props.Paths.RunbooksDir)],
            DestinationBucket = Bucket,
            DestinationKeyPrefix = RunbooksPrefix,
            Prune = true,
            ServerSideEncryption = ServerSideEncryption.AWS_KMS,
            ServerSideEncryptionAwsKmsKeyId = data.Key.KeyId,
        });

        var encryption = new CfnSecurityPolicy(this, "EncryptionPolicy", new CfnSecurityPolicyProps
        {
            Name = $"{collectionName}-enc",
            Type = "encryption",
            Policy = $"{{\"Rules\":[{{\"ResourceType\":\"collection\",\"Resource\":[\"collection/{collectionName}\"]}}],\"AWSOwnedKey\":false,\"KmsARN\":\"{data.Key.KeyArn}\"}}",
        });
        // Public endpoint, but every request must be SigV4-signed by a principal in the data access policy below.
        var network = new CfnSecurityPolicy(this, "NetworkPolicy", new CfnSecurityPolicyProps
        {
            Name = $"{collectionName}-net",
            Type = "network",
            Policy = $"[{{\"Rules\":[{{\"ResourceType\":\"collection\",\"Resource\":[\"collection/{collectionName}\"]}}],\"AllowFromPublic\":true}}]",
        });
        Collection = new CfnCollection(this, "Collection", new CfnCollectionProps
        {
            Name = collectionName,
            Type = "VECTORSEARCH",
            Description = "AeonNova runbook embeddings",
            StandbyReplicas = settings.EnvironmentName == "prod" ? "ENABLED" : "DISABLED",
        });
        Collection.AddDependency(encryption);
        Collection.AddDependency(network);

        var kbRole = new Role(this, "KnowledgeBaseRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("bedrock.amazonaws.com", new ServicePrincipalOpts
            {
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
                },
            }),
        });
        kbRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["bedrock:InvokeModel"],
            Resources = [$"arn:{stack.Partition}:bedrock:{stack.Region}::foundation-model/{settings.Knowledge.EmbeddingModelId}"],
        }));
        kbRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["aoss:APIAccessAll"],
            Resources = [Collection.AttrArn],
        }));
        Bucket.GrantRead(kbRole, RunbooksPrefix + "*");

        var indexFunction = CreateIndexFunction(props);
        var access = new CfnAccessPolicy(this, "DataAccessPolicy", new CfnAccessPolicyProps
        {
            Name = $"{collectionName}-access",
            Type = "data",
            Policy = $"[{{\"Rules\":[" +
                $"{{\"ResourceType\":\"index\",\"Resource\":[\"index/{collectionName}/*\"],\"Permission\":[\"aoss:CreateIndex\",\"aoss:DescribeIndex\",\"aoss:UpdateIndex\",\"aoss:ReadDocument\",\"aoss:WriteDocument\"]}}," +
                $"{{\"ResourceType\":\"collection\",\"Resource\":[\"collection/{collectionName}\"],\"Permission\":[\"aoss:DescribeCollectionItems\",\"aoss:CreateCollectionItems\",\"aoss:UpdateCollectionItems\"]}}]," +
                $"\"Principal\":[\"{kbRole.RoleArn}\",\"{indexFunction.Role!.RoleArn}\"]}}]",
        });

        var index = new CustomResource(this, "VectorIndex", new CustomResourceProps
        {
            ServiceToken = indexFunction.FunctionArn,
            ResourceType = "Custom::AossVectorIndex",
            Properties = new Dictionary<string, object>
            {
                ["CollectionEndpoint"] = Collection.AttrCollectionEndpoint,
                ["IndexName"] = IndexName,
                ["Dimensions"] = EmbeddingDimensions,
                ["VectorField"] = VectorField,
                ["TextField"] = TextField,
                ["MetadataField"] = MetadataField,
            },
        });
        index.Node.AddDependency(access);
        index.Node.AddDependency(Collection);

        KnowledgeBase = new CfnKnowledgeBase(this, "KnowledgeBase", new CfnKnowledgeBaseProps
        {
            Name = $"{settings.ResourcePrefix}-runbooks",
            Description = "AeonNova SOP runbooks for retrieval during enrichment",
            RoleArn = kbRole.RoleArn,
            KnowledgeBaseConfiguration = new CfnKnowledgeBase.KnowledgeBaseConfigurationProperty
            {
                Type = "VECTOR",
                VectorKnowledgeBaseConfiguration = new CfnKnowledgeBase.VectorKnowledgeBaseConfigurationProperty
                {
                    EmbeddingModelArn = $"arn:{stack.Partition}:bedrock:{stack.Region}::foundation-model/{settings.Knowledge.EmbeddingModelId}",
                },
            },
            StorageConfiguration = new CfnKnowledgeBase.StorageConfigurationProperty
            {
                Type = "OPENSEARCH_SERVERLESS",
                OpensearchServerlessConfiguration = new CfnKnowledgeBase.OpenSearchServerlessConfigurationProperty
                {
                    CollectionArn = Collection.AttrArn,
                    VectorIndexName = IndexName,
                    FieldMapping = new CfnKnowledgeBase.OpenSearchServerlessFieldMappingProperty
                    {
                        VectorField = VectorField,
                        TextField = TextField,
                        MetadataField = MetadataField,
                    },
                },
            },
        });
        KnowledgeBase.Node.AddDependency(index);
        KnowledgeBase.Node.AddDependency(kbRole);

        new CfnDataSource(this, "RunbooksDataSource", new CfnDataSourceProps
        {
            KnowledgeBaseId = KnowledgeBase.AttrKnowledgeBaseId,
            Name = "runbooks",
            DataSourceConfiguration = new CfnDataSource.DataSourceConfigurationProperty
            {
                Type = "S3",
                S3Configuration = new CfnDataSource.S3DataSourceConfigurationProperty
                {
                    BucketArn = Bucket.BucketArn,
                    InclusionPrefixes = [RunbooksPrefix],
                },
            },
            ServerSideEncryptionConfiguration = new CfnDataSource.ServerSideEncryptionConfigurationProperty { KmsKeyArn = data.Key.KeyArn },
        });

        var enrich = props.Functions.Get("Enrich").Function;
        enrich.AddEnvironment("KNOWLEDGE_BASE_ID", KnowledgeBase.AttrKnowledgeBaseId);
        enrich.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "RetrieveRunbooks",
            Actions = ["bedrock:Retrieve"],
            Resources = [KnowledgeBase.AttrKnowledgeBaseArn],
        }));
    }

    public Bucket Bucket { get; }

    public CfnCollection Collection { get; }

    public CfnKnowledgeBase KnowledgeBase { get; }

    private LambdaFunction CreateIndexFunction(KnowledgeProps props)
    {
        var logGroup = new LogGroup(this, "IndexFunctionLogs", new Amazon.CDK.AWS.Logs.LogGroupProps
        {
            Retention = RetentionPeriods.ToRetentionDays(props.Settings.Retention.InfoLogDays, "retention.infoLogDays"),
            EncryptionKey = props.Data.Key,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var role = new Role(this, "IndexFunctionRole", new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com") });
        logGroup.GrantWrite(role);
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["aoss:APIAccessAll"],
            Resources = [Collection.AttrArn],
        }));

        // Runs once per deployment: no SnapStart (that needs a published version), same runtime and code asset.
        return new LambdaFunction(this, "IndexFunction", new FunctionProps
        {
            Description = "Creates the runbooks vector index in OpenSearch Serverless (CloudFormation custom resource)",
            Runtime = FunctionsConstruct.DotNet10,
            Architecture = Architecture.ARM_64,
            Handler = IndexHandler,
            Code = props.Functions.Code,
            MemorySize = 512,
            Timeout = Duration.Minutes(5),
            Role = role,
            Tracing = Tracing.ACTIVE,
            LogGroup = logGroup,
            LoggingFormat = LoggingFormat.JSON,
        });
    }
}
