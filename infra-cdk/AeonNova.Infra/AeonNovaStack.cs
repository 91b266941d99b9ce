using AeonNova.Infra.Approval;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Data;
using AeonNova.Infra.Functions;
using AeonNova.Infra.Ingestion;
using AeonNova.Infra.Knowledge;
using AeonNova.Infra.Observability;
using AeonNova.Infra.Orchestration;
using Amazon.CDK;
using Constructs;

namespace AeonNova.Infra;

public sealed record AeonNovaStackProps
{
    public required DeploymentSettings Settings { get; init; }

    public required SourcePaths Paths { get; init; }
}

/// <summary>The whole AWS deployment of one environment, composed from one construct per concern.</summary>
public sealed class AeonNovaStack : Stack
{
    public AeonNovaStack(Construct scope, string id, AeonNovaStackProps props)
        : base(scope, id, StackPropsFor(props))
    {
        var settings = props.Settings;
        Data = new DataConstruct(this, "Data", new DataProps { Settings = settings });
        Functions = new FunctionsConstruct(this, "Functions", new FunctionsProps { Settings = settings, Paths = props.Paths, Data = Data });
        Ingestion = new IngestionConstruct(this, "Ingestion", new IngestionProps { Settings = settings, Data = Data, Functions = Functions });
        Approval = new ApprovalConstruct(this, "Approval", new ApprovalProps
        {
            Settings = settings,
            Data = Data,
            Functions = Functions,
            Api = Ingestion.Api,
            BaseUrl = Ingestion.BaseUrl,
        });
        Orchestration = new OrchestrationConstruct(this, "Orchestration", new OrchestrationProps
        {
            Settings = settings,
            Paths = props.Paths,
            Data = Data,
            Functions = Functions,
            ApprovalTopic = Approval.Topic,
        });
        if (settings.Knowledge.Enabled)
        {
            Knowledge = new KnowledgeConstruct(this, "Knowledge", new KnowledgeProps
            {
                Settings = settings,
                Paths = props.Paths,
                Data = Data,
                Functions = Functions,
            });
        }

        Observability = new ObservabilityConstruct(this, "Observability", new ObservabilityProps
        {
            Settings = settings,
            Data = Data,
            Functions = Functions,
            AlertsQueue = Ingestion.AlertsQueue,
            DeadLetterQueue = Ingestion.DeadLetterQueue,
            ApprovalRedriveQueue = Approval.RedriveQueue,
            StateMachine = Orchestration.StateMachine,
        });

        new CfnOutput(this, "ApiUrl", new CfnOutputProps { Value = Ingestion.BaseUrl, Description = "Webhook base URL: POST {ApiUrl}/alerts/{source}" });
        new CfnOutput(this, "StateMachineArn", new CfnOutputProps { Value = Orchestration.StateMachine.StateMachineArn });
        new CfnOutput(this, "ApprovalTopicArn", new CfnOutputProps { Value = Approval.Topic.TopicArn });
        new CfnOutput(this, "ApproversTopicArn", new CfnOutputProps { Value = Approval.ApproversTopic.TopicArn });
        new CfnOutput(this, "SlackInteractionsUrl", new CfnOutputProps { Value = Approval.SlackInteractionsUrl, Description = "Slack app → Interactivity & Shortcuts → Request URL" });
        new CfnOutput(this, "TeamsMessagingEndpoint", new CfnOutputProps { Value = Approval.TeamsMessagesUrl, Description = "Azure Bot → Configuration → Messaging endpoint" });
        new CfnOutput(this, "SlackSecretArn", new CfnOutputProps { Value = Approval.SlackSecret.SecretArn, Description = "Put the Slack app's JSON here (docs/approvals.md)" });
        new CfnOutput(this, "TeamsSecretArn", new CfnOutputProps { Value = Approval.TeamsSecret.SecretArn, Description = "Put the Teams bot's JSON here (docs/approvals.md)" });
        new CfnOutput(this, "DashboardName", new CfnOutputProps { Value = Observability.Dashboard.DashboardName });

        Amazon.CDK.Tags.Of(this).Add("Project", "AeonNova");
        Amazon.CDK.Tags.Of(this).Add("Environment", settings.EnvironmentName);
    }

    public DataConstruct Data { get; }

    public FunctionsConstruct Functions { get; }

    public IngestionConstruct Ingestion { get; }

    public ApprovalConstruct Approval { get; }

    public OrchestrationConstruct Orchestration { get; }

    public KnowledgeConstruct? Knowledge { get; }

    public ObservabilityConstruct Observability { get; }

    public static string NameFor(DeploymentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"AeonNova-{settings.EnvironmentName}";
    }

    private static StackProps StackPropsFor(AeonNovaStackProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        return new StackProps
        {
            StackName = NameFor(settings),
            Description = $"AeonNova Serverless alert remediation ({settings.EnvironmentName})",
            Env = new Amazon.CDK.Environment
            {
                Account = settings.Account ?? System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
                Region = settings.Region,
            },
        };
    }
}
