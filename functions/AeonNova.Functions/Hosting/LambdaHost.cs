using AeonNova.Approvals;
using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Chat.Slack;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Sns;
using AeonNova.Core.Auth;
using AeonNova.Core.Chat;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Adapters;
using AeonNova.Functions.AwsJson;
using AeonNova.Functions.Handlers;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Observability;
using AeonNova.Workflow.Outbound;
using AeonNova.Workflow.Planning;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;

namespace AeonNova.Functions.Hosting;

/// <summary>
/// The Lambda composition root: the workflow's services (<see cref="WorkflowServiceCollectionExtensions.AddAeonNovaWorkflow"/>)
/// with the AWS adapters, options read once from environment variables (listed in docs/workflow.md). Every service is
/// a singleton built on first use, so each function pays only for the clients its handler touches.
/// </summary>
public static class LambdaHost
{
    /// <summary>The Ingest function's allow-list of SNS topic ARNs whose HTTPS subscriptions it confirms.</summary>
    public const string SnsTopicsVariable = SnsSubscriptionPolicy.EnvironmentVariable;

    /// <summary>The handler of one WorkflowContract function, from the process environment (what each entry point holds).</summary>
    public static IStreamFunction Handler(string name) =>
        Build(new ProcessEnvironmentVariables()).GetRequiredKeyedService<IStreamFunction>(name);

    /// <summary>ARN of the approvers topic (ApprovalConstruct sets it on ApprovalApi).</summary>
    public const string ApproversTopicVariable = "APPROVERS_TOPIC_ARN";

    /// <summary>The SendCommand function's ledger table (DataConstruct.CommandLedgerTable).</summary>
    public const string CommandLedgerTableVariable = "COMMAND_LEDGER_TABLE_NAME";

    public static ServiceProvider Build(IEnvironmentVariables env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var services = new ServiceCollection().AddAeonNovaWorkflow(WorkflowSettings.Workflow(env));
        AddAwsAdapters(services, env);
        services.AddKeyedSingleton<IStreamFunction, IngestHandler>("Ingest");
        services.AddKeyedSingleton<IStreamFunction, ParseAlertsHandler>("ParseAlerts");
        services.AddKeyedSingleton<IStreamFunction, ApprovalApiHandler>("ApprovalApi");
        return services.BuildServiceProvider();
    }

    private static void AddAwsAdapters(IServiceCollection services, IEnvironmentVariables env)
    {
        var root = env.Get("LAMBDA_TASK_ROOT") ?? AppContext.BaseDirectory;
        var retention = TimeSpan.FromDays(WorkflowSettings.Int(env, "RECORD_TTL_DAYS", 400));
        string Required(string variable) => WorkflowSettings.Required(env, variable);

        services.AddSingleton(env);
        services.AddSingleton<IFunctionRuntimes>(new LambdaFunctionRuntimes(env));
        services.AddSingleton(_ => WorkflowSettings.CloseOut(env));
        services.AddSingleton<IRandomSource, CryptoRandomSource>();
        services.AddSingleton<AWSCredentials>(_ => DefaultAWSCredentialsIdentityResolver.GetCredentials());
        services.AddSingleton(_ => RegionEndpoint.GetBySystemName(Required("AWS_REGION")));
        services.AddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient());
        services.AddSingleton(sp => StepFunctionsClient.Create(sp.GetRequiredService<HttpClient>(), sp.GetRequiredService<AWSCredentials>(), sp.GetRequiredService<RegionEndpoint>()));
        // ApprovalApi publishes each approver's own message to the approvers topic (filter policy per subscription).
        services.AddSingleton<IApproverMessages>(sp => new SnsApproverMessages(
            SnsClient.Create(sp.GetRequiredService<HttpClient>(), sp.GetRequiredService<AWSCredentials>(), sp.GetRequiredService<RegionEndpoint>()),
            Required(ApproversTopicVariable)));

        services.AddSingleton<IAlertStore>(sp => new DynamoDbAlertStore(sp.GetRequiredService<IAmazonDynamoDB>(), Required("ALERTS_TABLE_NAME"), retention));
        services.AddSingleton<IExecutionRecordStore>(sp => new DynamoDbExecutionRecordStore(sp.GetRequiredService<IAmazonDynamoDB>(), Required("EXECUTIONS_TABLE_NAME"), retention));
        services.AddSingleton<ICommandLedgerStore>(sp => new DynamoDbCommandLedgerStore(sp.GetRequiredService<IAmazonDynamoDB>(), Required(CommandLedgerTableVariable), retention));
        services.AddSingleton<ICommandSender>(_ => new SsmCommandSender(SsmCommandSender.CreateClient()));
        services.AddSingleton<IAuditSink>(_ => new S3AuditSink(new AmazonS3Client(), Required("AUDIT_BUCKET_NAME")));
        services.AddSingleton<IExecutionUsageMeter>(sp => new StepFunctionsUsageMeter(sp.GetRequiredService<StepFunctionsClient>()));
        services.AddSingleton<IWorkflowStarter>(sp => new StepFunctionsWorkflowStarter(sp.GetRequiredService<StepFunctionsClient>(), Required("STATE_MACHINE_ARN")));
        services.AddSingleton<IAlertQueue>(_ => new SqsAlertQueue(new AmazonSQSClient(), Required("ALERTS_QUEUE_URL")));
        services.AddSingleton<IAlertIntake>(sp => new AlertSources(new AlertParserRegistry(sp.GetRequiredService<TimeProvider>()), LoadWebhookAuth(env), sp.GetRequiredService<TimeProvider>()));
        // SNS HTTPS subscriptions are confirmed only for the topics listed here (comma-separated ARNs).
        services.AddSingleton(_ => new SnsHandshake(
            new SnsSubscriptionPolicy((env.Get(SnsTopicsVariable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                $"the {SnsTopicsVariable} environment variable of the Ingest function"),
            new HttpSnsSubscriptionConfirmer(new HttpClient(HttpSnsSubscriptionConfirmer.NonRedirectingHandler()) { Timeout = TimeSpan.FromSeconds(15) })));
        services.AddSingleton(_ => AnalysisPlanning.Load(
            env.Get("RUNBOOKS_DIR") ?? Path.Combine(root, "runbooks"),
            env.Get("PROMPTS_DIR") ?? Path.Combine(root, "prompts"),
            env.Get("MODEL_ID") ?? "amazon.nova-pro-v1:0"));
        // Slack / Teams approvals: settings from Secrets Manager (cached), replays remembered in the Approvals table.
        services.AddSingleton(sp => new ChatApps(
            sp.GetRequiredService<ApprovalService>(),
            new ChatSecretSettings(
                new CachedSecrets(SecretsManagerClient.Create(sp.GetRequiredService<HttpClient>(), sp.GetRequiredService<AWSCredentials>(), sp.GetRequiredService<RegionEndpoint>()).GetSecretStringAsync,
                    sp.GetRequiredService<TimeProvider>(), TimeSpan.FromMinutes(WorkflowSettings.Int(env, "CHAT_SECRET_TTL_MINUTES", 5))),
                env.Get(ChatRoutes.SlackSecretVariable), env.Get(ChatRoutes.TeamsSecretVariable)),
            new DynamoDbReplayCache(sp.GetRequiredService<IAmazonDynamoDB>(), Required("APPROVALS_TABLE_NAME"), ReplayCache.RetentionFor(SlackSignature.Window), sp.GetRequiredService<TimeProvider>()),
            new HttpClient { Timeout = TimeSpan.FromSeconds(10) },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ApprovalService(
            new DynamoDbApprovalStore(sp.GetRequiredService<IAmazonDynamoDB>(), Required("APPROVALS_TABLE_NAME"), retention, sp.GetRequiredService<TimeProvider>()),
            new StepFunctionsTaskTokenCallback(sp.GetRequiredService<StepFunctionsClient>()),
            ApprovalPolicyLoader.LoadFile(env.Get("APPROVAL_POLICY_FILE") ?? Path.Combine(root, "config", "approval-policy.json")),
            new ApprovalServiceOptions { BaseUrl = Required("APPROVAL_BASE_URL") },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IRandomSource>()));
    }

    /// <summary>One SecureString parameter per source under WEBHOOK_SECRETS_PATH; read once at cold start.</summary>
    private static Dictionary<string, WebhookAuthenticator> LoadWebhookAuth(IEnvironmentVariables env)
    {
        var result = new Dictionary<string, WebhookAuthenticator>(StringComparer.OrdinalIgnoreCase);
        if (env.Get("WEBHOOK_SECRETS_PATH") is not { } path)
        {
            return result;
        }
        using var ssm = new AmazonSimpleSystemsManagementClient();
        string? next = null;
        do
        {
            var page = ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = path, WithDecryption = true, NextToken = next })
                .GetAwaiter().GetResult();
            foreach (var parameter in page.Parameters ?? [])
            {
                var source = parameter.Name[(parameter.Name.LastIndexOf('/') + 1)..];
                result[source] = WebhookSecrets.Parse(source, parameter.Value);
            }
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return result;
    }
}
