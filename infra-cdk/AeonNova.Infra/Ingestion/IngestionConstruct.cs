using AeonNova.Core.Alerts.Sns;
using AeonNova.Core.Workflow;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Data;
using AeonNova.Infra.Functions;
using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.Events;
using CfnRule = Amazon.CDK.AWS.Events.CfnRule;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.Logs;
using LogGroupProps = Amazon.CDK.AWS.Logs.LogGroupProps;
using Amazon.CDK.AWS.SQS;
using Amazon.CDK.AWS.WAFv2;
using Constructs;

namespace AeonNova.Infra.Ingestion;

public sealed record IngestionProps
{
    public required DeploymentSettings Settings { get; init; }

    public required DataConstruct Data { get; init; }

    public required FunctionsConstruct Functions { get; init; }
}

/// <summary>
/// The way in: REST API (POST /alerts/{source}) behind WAF, the Ingest function, the KMS-encrypted alerts queue with
/// its DLQ, the EventBridge rule that feeds CloudWatch alarm state changes into the same queue, and ParseAlerts
/// consuming the queue with partial batch failures.
/// </summary>
public sealed class IngestionConstruct : Construct
{
    public const string StageName = "live";
    public const int MaxReceiveCount = 5;

    /// <summary>EventBridge delivery retries before an alarm event goes to the DLQ.</summary>
    public const int RuleRetryAttempts = 8;

    /// <summary>AWS's guidance for Lambda consumers: queue visibility at least six times the function timeout.</summary>
    public const int VisibilityTimeoutFactor = 6;

    public IngestionConstruct(Construct scope, string id, IngestionProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        var data = props.Data;
        var ingest = props.Functions.Get("Ingest");
        var parseAlerts = props.Functions.Get("ParseAlerts");

        DeadLetterQueue = new Queue(this, "AlertsDlq", new QueueProps
        {
            Encryption = QueueEncryption.KMS,
            EncryptionMasterKey = data.Key,
            DataKeyReuse = Duration.Hours(1),
            RetentionPeriod = Duration.Days(14),
            EnforceSSL = true,
        });
        AlertsQueue = new Queue(this, "AlertsQueue", new QueueProps
        {
            Encryption = QueueEncryption.KMS,
            EncryptionMasterKey = data.Key,
            DataKeyReuse = Duration.Hours(1),
            RetentionPeriod = Duration.Days(4),
            EnforceSSL = true,
            VisibilityTimeout = Duration.Seconds(FunctionSizing.For(parseAlerts.Definition.Name).TimeoutSeconds * VisibilityTimeoutFactor),
            DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetterQueue, MaxReceiveCount = MaxReceiveCount },
        });

        // SqsAlertQueue calls SendMessage only; SSE-KMS producers need GenerateDataKey and Decrypt (SQS developer guide,
        // "Key management"), here only through SQS.
        ingest.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SendAlerts",
            Actions = ["sqs:SendMessage"],
            Resources = [AlertsQueue.QueueArn],
        }));
        FunctionsConstruct.GrantKeyVia(ingest.Function, data, "sqs", "AlertsQueue", ["kms:Decrypt", "kms:GenerateDataKey"]);
        ingest.Function.AddEnvironment("ALERTS_QUEUE_URL", AlertsQueue.QueueUrl);
        ingest.Function.AddEnvironment("MAX_REQUEST_BYTES", settings.Api.MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Always set, empty included: the function refuses every SNS subscription handshake unless the topic is listed.
        ingest.Function.AddEnvironment(SnsSubscriptionPolicy.EnvironmentVariable, string.Join(',', settings.SnsTopicArns));

        parseAlerts.Alias.AddEventSource(new SqsEventSource(AlertsQueue, new SqsEventSourceProps
        {
            BatchSize = 10,
            MaxBatchingWindow = Duration.Seconds(2),
            ReportBatchItemFailures = true,
            // With reserved concurrency this stops a poison-message storm from fanning out.
            MaxConcurrency = Math.Max(2, settings.ReservedConcurrency.TryGetValue("ParseAlerts", out var reserved) ? reserved : 5),
        }));

        AlarmRule = new Rule(this, "CloudWatchAlarmStateChange", new RuleProps
        {
            RuleName = ResourceNames.AlarmRule(settings),
            Description = "CloudWatch alarm state changes become alerts (except AeonNova's own alarms)",
            EventPattern = new EventPattern
            {
                Source = ["aws.cloudwatch"],
                DetailType = ["CloudWatch Alarm State Change"],
                Detail = new Dictionary<string, object>
                {
                    // Our own alarms (queue depth, DLQ, …) must not feed the queue they watch.
                    ["alarmName"] = new object[] { new Dictionary<string, object> { ["anything-but"] = new Dictionary<string, object> { ["prefix"] = AlarmNamePrefix(settings) } } },
                    ["state"] = new Dictionary<string, object> { ["value"] = new[] { "ALARM", "OK" } },
                },
            },
        });
        TargetQueue(AlarmRule);
        Api = CreateApi(settings, data);
        var alerts = Api.Root.AddResource("alerts").AddResource("{source}");
        alerts.AddMethod("POST", new LambdaIntegration(ingest.Alias));
        Api.Root.AddResource("health").AddMethod("GET", new MockIntegration(new IntegrationOptions
        {
            RequestTemplates = new Dictionary<string, string> { ["application/json"] = "{\"statusCode\": 200}" },
            IntegrationResponses =
            [
                new IntegrationResponse
                {
                    StatusCode = "200",
                    ResponseTemplates = new Dictionary<string, string> { ["application/json"] = "{\"status\":\"ok\"}" },
                },
            ],
        }), new MethodOptions { MethodResponses = [new MethodResponse { StatusCode = "200" }] });

        WebAcl = new ApiFirewall(this, "Firewall", new ApiFirewallProps { Settings = settings, Stage = Api.DeploymentStage, Key = data.Key });
    }

    public Queue AlertsQueue { get; }

    public Queue DeadLetterQueue { get; }

    public Rule AlarmRule { get; }

    public RestApi Api { get; }

    public ApiFirewall WebAcl { get; }

    /// <summary>Base URL of the stage without a dependency on the stage resource (functions that sit behind the API
    /// need it in their environment, and the stage depends on them).</summary>
    public string BaseUrl => $"https://{Api.RestApiId}.execute-api.{Stack.Of(this).Region}.{Stack.Of(this).UrlSuffix}/{StageName}";

    public static string AlarmNamePrefix(DeploymentSettings settings) => ResourceNames.AlarmNamePrefix(settings);

    /// <summary>
    /// The rule's target written out instead of CDK's SqsQueue target, whose grant on a KMS-encrypted queue carries at
    /// most aws:SourceAccount: here both queue policies require this rule's ARN and account, and the key policy
    /// (DataConstruct) scopes EventBridge's key use to the account.
    /// </summary>
    private void TargetQueue(Rule rule)
    {
        var cfnRule = (CfnRule)rule.Node.DefaultChild!;
        cfnRule.Targets = new object[]
        {
            new CfnRule.TargetProperty
            {
                Id = "AlertsQueue",
                Arn = AlertsQueue.QueueArn,
                DeadLetterConfig = new CfnRule.DeadLetterConfigProperty { Arn = DeadLetterQueue.QueueArn },
                RetryPolicy = new CfnRule.RetryPolicyProperty { MaximumRetryAttempts = RuleRetryAttempts },
            },
        };
        var stack = Stack.Of(this);
        foreach (var queue in new[] { AlertsQueue, DeadLetterQueue })
        {
            queue.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "AlarmRuleSendsMessages",
                Principals = [new ServicePrincipal("events.amazonaws.com")],
                Actions = ["sqs:SendMessage"],
                Resources = [queue.QueueArn],
                Conditions = new Dictionary<string, object>
                {
                    ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = rule.RuleArn },
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
                },
            }));
        }

    }

    private RestApi CreateApi(DeploymentSettings settings, DataConstruct data)
    {
        var accessLogs = new LogGroup(this, "ApiAccessLogs", new LogGroupProps
        {
            Retention = RetentionPeriods.ToRetentionDays(settings.Retention.InfoLogDays, "retention.infoLogDays"),
            EncryptionKey = data.Key,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        var api = new RestApi(this, "Api", new RestApiProps
        {
            RestApiName = settings.ResourcePrefix,
            Description = "AeonNova webhooks and approvals",
            EndpointTypes = [EndpointType.REGIONAL],
            // The account-level logging role is created below without the AWS managed policy (Resource "*").
            CloudWatchRole = false,
            DisableExecuteApiEndpoint = false,
            DeployOptions = new StageOptions
            {
                StageName = StageName,
                ThrottlingRateLimit = settings.Api.ThrottleRatePerSecond,
                ThrottlingBurstLimit = settings.Api.ThrottleBurst,
                TracingEnabled = true,
                MetricsEnabled = true,
                LoggingLevel = MethodLoggingLevel.ERROR,
                DataTraceEnabled = false,
                AccessLogDestination = new LogGroupLogDestination(accessLogs),
                AccessLogFormat = AccessLogFormat.JsonWithStandardFields(new JsonWithStandardFieldProps
                {
                    Caller = false,
                    HttpMethod = true,
                    Ip = true,
                    Protocol = true,
                    RequestTime = true,
                    ResourcePath = true,
                    ResponseLength = true,
                    Status = true,
                    User = false,
                }),
            },
        });

        // Execution and access logging need the account's API Gateway → CloudWatch Logs role set first.
        var account = new CfnAccount(this, "ApiGatewayAccount", new CfnAccountProps { CloudWatchRoleArn = LoggingRole().RoleArn });
        account.ApplyRemovalPolicy(RemovalPolicy.RETAIN);
        api.DeploymentStage.Node.AddDependency(account);
        return api;
    }

    /// <summary>
    /// The role API Gateway uses to write execution and access logs. It is an account-and-region-wide setting shared
    /// by every REST API there (which log to groups of their own choosing), so it is scoped to this account's log
    /// groups in this region rather than to ours; AWS's managed policy for it would allow Resource "*".
    /// </summary>
    private Role LoggingRole()
    {
        var stack = Stack.Of(this);
        var role = new Role(this, "ApiGatewayLoggingRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("apigateway.amazonaws.com"),
            Description = "API Gateway execution and access logging (account setting)",
        });
        role.ApplyRemovalPolicy(RemovalPolicy.RETAIN);
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteApiLogs",
            Actions =
            [
                "logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
                "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents",
            ],
            Resources = [$"arn:{stack.Partition}:logs:{stack.Region}:{stack.Account}:log-group:*"],
        }));
        return role;
    }
}
