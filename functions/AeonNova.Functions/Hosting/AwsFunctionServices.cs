using AeonNova.Approvals;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Alerts;
using AeonNova.Core.Auth;
using AeonNova.Core.Ports;
using AeonNova.Core.Safety;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Adapters;
using AeonNova.Functions.AwsJson;
using AeonNova.Safety;
using AeonNova.Workflow.Approvals;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Observability;
using AeonNova.Workflow.Outbound;
using AeonNova.Workflow.Planning;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AeonNova.Functions.Hosting;

/// <summary>
/// The Lambda composition root: options read once from environment variables, AWS clients and adapters created
/// on first use, so each function pays only for what it touches. Variables are listed in docs/workflow.md.
/// </summary>
public sealed class AwsFunctionServices : IFunctionServices
{
    private readonly IEnvironmentVariables _env;
    private readonly string _root;
    private readonly TimeSpan _retention;
    private readonly Lazy<AWSCredentials> _credentials;
    private readonly Lazy<RegionEndpoint> _region;
    private readonly Lazy<HttpClient> _http;
    private readonly Lazy<IAmazonDynamoDB> _dynamo;
    private readonly Lazy<StepFunctionsClient> _stepFunctions;
    private readonly Lazy<IAlertStore> _alerts;
    private readonly Lazy<IExecutionRecordStore> _executions;
    private readonly Lazy<IAuditSink> _audit;
    private readonly Lazy<IWorkflowStarter> _starter;
    private readonly Lazy<IAlertQueue> _queue;
    private readonly Lazy<IScriptValidator> _validator;
    private readonly Lazy<AnalysisPlanning> _planning;
    private readonly Lazy<ApprovalService> _approvals;
    private readonly Lazy<IAlertIntake> _intake;
    private readonly Lazy<CloseOutService> _closeOut;

    private AwsFunctionServices(IEnvironmentVariables env)
    {
        _env = env;
        _root = env.Get("LAMBDA_TASK_ROOT") ?? AppContext.BaseDirectory;
        _retention = TimeSpan.FromDays(WorkflowSettings.Int(env, "RECORD_TTL_DAYS", 400));
        Options = WorkflowSettings.Workflow(env);
        _credentials = new(() => DefaultAWSCredentialsIdentityResolver.GetCredentials());
        _region = new(() => RegionEndpoint.GetBySystemName(WorkflowSettings.Required(env, "AWS_REGION")));
        _http = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
        _dynamo = new(() => new AmazonDynamoDBClient());
        _stepFunctions = new(() => StepFunctionsClient.Create(_http.Value, _credentials.Value, _region.Value));
        _alerts = new(() => new DynamoDbAlertStore(_dynamo.Value, Table("ALERTS_TABLE_NAME"), _retention));
        _executions = new(() => new DynamoDbExecutionRecordStore(_dynamo.Value, Table("EXECUTIONS_TABLE_NAME"), _retention));
        _audit = new(() => new S3AuditSink(new AmazonS3Client(), WorkflowSettings.Required(env, "AUDIT_BUCKET_NAME")));
        _starter = new(() => new StepFunctionsWorkflowStarter(_stepFunctions.Value, WorkflowSettings.Required(env, "STATE_MACHINE_ARN")));
        _queue = new(() => new SqsAlertQueue(new AmazonSQSClient(), WorkflowSettings.Required(env, "ALERTS_QUEUE_URL")));
        _validator = new(() => new ScriptValidator());
        _planning = new(() => AnalysisPlanning.Load(
            env.Get("RUNBOOKS_DIR") ?? Path.Combine(_root, "runbooks"),
            env.Get("PROMPTS_DIR") ?? Path.Combine(_root, "prompts"),
            env.Get("MODEL_ID") ?? "amazon.nova-pro-v1:0"));
        _approvals = new(() => new ApprovalService(
            new DynamoDbApprovalStore(_dynamo.Value, Table("APPROVALS_TABLE_NAME"), _retention, TimeProvider.System),
            new StepFunctionsTaskTokenCallback(_stepFunctions.Value),
            ApprovalPolicyLoader.LoadFile(env.Get("APPROVAL_POLICY_FILE") ?? Path.Combine(_root, "config", "approval-policy.json")),
            new ApprovalServiceOptions { BaseUrl = WorkflowSettings.Required(env, "APPROVAL_BASE_URL") },
            TimeProvider.System,
            new CryptoRandomSource()));
        _intake = new(() => new AlertSources(new AlertParserRegistry(TimeProvider.System), LoadWebhookAuth(), TimeProvider.System));
        _closeOut = new(() => new CloseOutService(_http.Value, WorkflowSettings.CloseOut(env), TimeProvider.System));
    }

    public static AwsFunctionServices FromEnvironment() => new(new ProcessEnvironmentVariables());

    public static AwsFunctionServices FromEnvironment(IEnvironmentVariables env) => new(env ?? throw new ArgumentNullException(nameof(env)));

    /// <summary>The step handler of a workflow function on the AWS adapters (what each Lambda entry point holds).</summary>
    public static IStreamFunction Handler(string name) => FunctionCatalog.Create(name, FromEnvironment());

    public WorkflowOptions Options { get; }
    public TimeProvider Clock => TimeProvider.System;
    public FunctionRuntime Runtime(string functionName) => FunctionRuntime.FromEnvironment(functionName, _env);
    public IAlertStore Alerts => _alerts.Value;
    public IExecutionRecordStore Executions => _executions.Value;
    public IAuditSink Audit => _audit.Value;
    public IWorkflowStarter Starter => _starter.Value;
    public IAlertQueue Queue => _queue.Value;
    public IScriptValidator Validator => _validator.Value;
    public IRunbookSearch Runbooks => _planning.Value;
    public IAnalysisRequestFactory AnalysisRequests => _planning.Value;
    public IModelPlanParser PlanParser => _planning.Value;
    public IFallbackPlanner FallbackPlanner => _planning.Value;
    public ApprovalService Approvals => _approvals.Value;
    public IApprovalCanceller ApprovalCanceller => new ApprovalCanceller(_approvals.Value);
    public IAlertIntake AlertIntake => _intake.Value;
    public CloseOutService CloseOut => _closeOut.Value;

    private string Table(string variable) => WorkflowSettings.Required(_env, variable);

    /// <summary>One SecureString parameter per source under WEBHOOK_SECRETS_PATH; read once at cold start.</summary>
    private Dictionary<string, WebhookAuthenticator> LoadWebhookAuth()
    {
        var result = new Dictionary<string, WebhookAuthenticator>(StringComparer.OrdinalIgnoreCase);
        if (_env.Get("WEBHOOK_SECRETS_PATH") is not { } path)
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
