using AeonNova.Core.Chat;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Data;
using AeonNova.Infra.Functions;
using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SQS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace AeonNova.Infra.Approval;

public sealed record ApprovalProps
{
    public required DeploymentSettings Settings { get; init; }

    public required DataConstruct Data { get; init; }

    public required FunctionsConstruct Functions { get; init; }

    /// <summary>The ingestion REST API; the approval routes live on the same API (and the same WAF).</summary>
    public required RestApi Api { get; init; }

    /// <summary>Public base URL of the API stage, used in approval links.</summary>
    public required string BaseUrl { get; init; }
}

/// <summary>
/// Human approval: the KMS-encrypted approval topic the state machine publishes to with .waitForTaskToken, the
/// ApprovalApi Lambda subscription that reads the task token from the message attributes and publishes one message
/// per approver to the approvers topic (email subscriptions filtered on the approver attribute), and
/// GET/POST /approvals/{id} on the API. Chat approvals: POST /chat/slack/interactions and /chat/teams/messages on the
/// same API (same stage, same WAF) invoking ApprovalApi, and one KMS-encrypted Secrets Manager secret per chat app
/// that only ApprovalApi may read (docs/approvals.md, "Slack and Teams on AWS").
/// </summary>
public sealed class ApprovalConstruct : Construct
{
    public ApprovalConstruct(Construct scope, string id, ApprovalProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        var approvalApi = props.Functions.Get("ApprovalApi");

        Topic = new Topic(this, "ApprovalTopic", new TopicProps
        {
            // Named: the key policy's SNS statement names this topic's ARN (DataConstruct, ResourceNames).
            TopicName = ResourceNames.ApprovalTopic(settings),
            DisplayName = $"AeonNova approvals ({settings.EnvironmentName})",
            MasterKey = props.Data.Key,
            EnforceSSL = true,
        });
        // The approval topic reaches only ApprovalApi (it holds the task token). Approvers read the approvers topic:
        // ApprovalApi publishes one message per approver with the attribute approver=<email>, and each approver's
        // email subscription lets through only messages whose attribute names them, so no mailbox receives another
        // approver's personal link (docs/security.md).
        ApproversTopic = new Topic(this, "ApproversTopic", new TopicProps
        {
            DisplayName = $"AeonNova approval requests ({settings.EnvironmentName})",
            MasterKey = props.Data.Key,
            EnforceSSL = true,
        });
        foreach (var email in settings.ApproverEmails)
        {
            ApproversTopic.AddSubscription(new EmailSubscription(email, new EmailSubscriptionProps
            {
                FilterPolicy = new Dictionary<string, SubscriptionFilter>
                {
                    [ApproverAttribute] = SubscriptionFilter.StringFilter(new StringConditions { Allowlist = [email.Trim().ToLowerInvariant()] }),
                },
            }));
        }
        approvalApi.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "PublishApproverMessages",
            Actions = ["sns:Publish"],
            Resources = [ApproversTopic.TopicArn],
        }));
        FunctionsConstruct.GrantKeyVia(approvalApi.Function, props.Data, "sns", "ApproversTopic", ["kms:Decrypt", "kms:GenerateDataKey"]);
        approvalApi.Function.AddEnvironment("APPROVERS_TOPIC_ARN", ApproversTopic.TopicArn);

        // A notification SNS cannot hand to Lambda (throttled, deleted alias) is redriven here, and so is one whose
        // asynchronous invocation failed after Lambda's retries: either way the task token is kept for a replay
        // instead of being lost until the approval times out. The P1 alarm (Observability) watches the queue.
        RedriveQueue = new Queue(this, "ApprovalDeliveryDlq", new QueueProps
        {
            Encryption = QueueEncryption.KMS,
            EncryptionMasterKey = props.Data.Key,
            DataKeyReuse = Duration.Hours(1),
            RetentionPeriod = Duration.Days(14),
            EnforceSSL = true,
        });

        // Registers the task token (message attribute) on the approval record; email subscribers never see it.
        Topic.AddSubscription(new LambdaSubscription(approvalApi.Alias, new LambdaSubscriptionProps { DeadLetterQueue = RedriveQueue }));
        // Written out instead of SqsDestination, whose grant adds kms:ReEncrypt*/GenerateDataKey* and queue reads.
        var invokeConfig = new CfnEventInvokeConfig(this, "ApprovalApiAsyncFailures", new CfnEventInvokeConfigProps
        {
            FunctionName = approvalApi.Function.FunctionName,
            Qualifier = FunctionsConstruct.AliasName,
            MaximumRetryAttempts = 2,
            MaximumEventAgeInSeconds = (int)Duration.Hours(6).ToSeconds(),
            DestinationConfig = new CfnEventInvokeConfig.DestinationConfigProperty
            {
                OnFailure = new CfnEventInvokeConfig.OnFailureProperty { Destination = RedriveQueue.QueueArn },
            },
        });
        invokeConfig.Node.AddDependency(approvalApi.Alias);
        approvalApi.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SendFailedInvocations",
            Actions = ["sqs:SendMessage"],
            Resources = [RedriveQueue.QueueArn],
        }));
        FunctionsConstruct.GrantKeyVia(approvalApi.Function, props.Data, "sqs", "RedriveQueue", ["kms:Decrypt", "kms:GenerateDataKey"]);

        var approval = props.Api.Root.AddResource("approvals").AddResource("{id}");
        var integration = new LambdaIntegration(approvalApi.Alias);
        approval.AddMethod("GET", integration);
        approval.AddMethod("POST", integration);
        AddChat(props, approvalApi, integration);

        // Every function that builds the approval service: it writes the links into the email.
        foreach (var name in new[] { "ApprovalApi", "PrepareApproval", "Escalate", "ParseAlerts" })
        {
            props.Functions.Get(name).Function.AddEnvironment("APPROVAL_BASE_URL", props.BaseUrl);
        }

        // ValidateScript decides what may run without a human (AeonNova.Core SafetyGate reads these).
        var validate = props.Functions.Get("ValidateScript").Function;
        var auto = settings.AutoApproval;
        validate.AddEnvironment("AUTO_RUN_DIAGNOSTICS", auto.Diagnostics ? "true" : "false");
        if (auto.Environments.Count > 0)
        {
            validate.AddEnvironment("AUTO_RUN_ENVIRONMENTS", string.Join(',', auto.Environments));
        }

        validate.AddEnvironment("MAX_AUTO_RISK_SCORE", auto.MaxRiskScore.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The chat routes and secrets. No API authorizer: Slack and the Bot Framework cannot sign in; ApprovalApi
    /// verifies every request (Slack's HMAC over the raw body, which a Lambda proxy integration passes through
    /// unchanged, and the Bot Framework JWT) before reading it. Each secret starts as a generated placeholder, so
    /// no credential is ever in the template; the operator puts the app's JSON into it after deploying.
    /// </summary>
    private void AddChat(ApprovalProps props, DeployedFunction approvalApi, LambdaIntegration integration)
    {
        var chat = props.Api.Root.AddResource("chat");
        chat.AddResource("slack").AddResource("interactions").AddMethod("POST", integration);
        chat.AddResource("teams").AddResource("messages").AddMethod("POST", integration);

        SlackSecret = ChatSecret("SlackSecret", "Slack app of AeonNova approvals: {signingSecret, botToken, channel, tierChannels, users, …} (docs/approvals.md)", props);
        TeamsSecret = ChatSecret("TeamsSecret", "Teams bot of AeonNova approvals: {appId, appPassword, serviceUrl, conversation, tierConversations, users, …} (docs/approvals.md)", props);
        // Only ApprovalApi reads them: it serves the chat routes and is the approval topic's notifier.
        approvalApi.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadChatSecrets",
            Actions = ["secretsmanager:GetSecretValue"],
            Resources = [SlackSecret.SecretArn, TeamsSecret.SecretArn],
        }));
        FunctionsConstruct.GrantKeyVia(approvalApi.Function, props.Data, "secretsmanager", "ChatSecrets", ["kms:Decrypt"]);
        approvalApi.Function.AddEnvironment(ChatRoutes.SlackSecretVariable, SlackSecret.SecretArn);
        approvalApi.Function.AddEnvironment(ChatRoutes.TeamsSecretVariable, TeamsSecret.SecretArn);
        SlackInteractionsUrl = props.BaseUrl + ChatRoutes.SlackInteractionsPath;
        TeamsMessagesUrl = props.BaseUrl + ChatRoutes.TeamsMessagesPath;
    }

    private Secret ChatSecret(string id, string description, ApprovalProps props) => new(this, id, new SecretProps
    {
        Description = description,
        EncryptionKey = props.Data.Key,
        // A random placeholder, never a credential: ApprovalApi treats a secret without credentials as "not set up".
        GenerateSecretString = new SecretStringGenerator
        {
            SecretStringTemplate = "{}",
            GenerateStringKey = "placeholder",
            ExcludePunctuation = true,
        },
    });

    /// <summary>The Slack app's Interactivity Request URL.</summary>
    public string SlackInteractionsUrl { get; private set; } = "";

    /// <summary>The Teams bot's messaging endpoint.</summary>
    public string TeamsMessagesUrl { get; private set; } = "";

    public Secret SlackSecret { get; private set; } = null!;

    public Secret TeamsSecret { get; private set; } = null!;

    /// <summary>The message attribute the approvers' subscription filter policies match (SnsApproverMessages sets it).</summary>
    public const string ApproverAttribute = "approver";

    public Topic Topic { get; }

    /// <summary>Per-approver approval messages (email subscriptions, one filter policy each).</summary>
    public Topic ApproversTopic { get; }

    /// <summary>Approval notifications that never reached ApprovalApi (SNS redrive and Lambda on-failure destination).</summary>
    public Queue RedriveQueue { get; }
}
