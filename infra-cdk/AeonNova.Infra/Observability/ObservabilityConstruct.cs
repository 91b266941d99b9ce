using System.Globalization;
using AeonNova.Core.Workflow;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Data;
using AeonNova.Infra.Functions;
using AeonNova.Infra.Ingestion;
using Amazon.CDK;
using Amazon.CDK.AWS.Budgets;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Amazon.CDK.AWS.SQS;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;

namespace AeonNova.Infra.Observability;

public sealed record ObservabilityProps
{
    public required DeploymentSettings Settings { get; init; }

    public required DataConstruct Data { get; init; }

    public required FunctionsConstruct Functions { get; init; }

    public required Queue AlertsQueue { get; init; }

    public required Queue DeadLetterQueue { get; init; }

    /// <summary>Approval notifications that never reached ApprovalApi.</summary>
    public required Queue ApprovalRedriveQueue { get; init; }

    public required StateMachine StateMachine { get; init; }
}

/// <summary>
/// The operations view: one dashboard (alerts in, deduplicated, MTTR, approval latency, Bedrock invocations/errors/
/// latency, scripts blocked, remediation success), the alarms the seeds list with their priorities, the encrypted
/// ops topic they notify, and a monthly cost budget.
/// </summary>
public sealed class ObservabilityConstruct : Construct
{
    public ObservabilityConstruct(Construct scope, string id, ObservabilityProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        var prefix = IngestionConstruct.AlarmNamePrefix(settings);

        OpsTopic = new Topic(this, "OpsTopic", new TopicProps
        {
            DisplayName = $"AeonNova operations ({settings.EnvironmentName})",
            MasterKey = props.Data.Key,
        });
        foreach (var email in settings.OpsEmails)
        {
            OpsTopic.AddSubscription(new EmailSubscription(email));
        }

        var bedrock = new BedrockMetrics(settings.BedrockModelId);
        var bedrockFailureRate = new MathExpression(new MathExpressionProps
        {
            Label = "Bedrock failure rate (%)",
            Expression = "IF(invocations > 0, 100 * (clientErrors + serverErrors + throttles) / invocations, 0)",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["invocations"] = bedrock.Invocations,
                ["clientErrors"] = bedrock.ClientErrors,
                ["serverErrors"] = bedrock.ServerErrors,
                ["throttles"] = bedrock.Throttles,
            },
            Period = Duration.Minutes(5),
        });
        // The functions report milliseconds; the alarm and the dashboard speak minutes, like the threshold in cdk.json.
        var mttr = new MathExpression(new MathExpressionProps
        {
            Label = "Mean time to remediate (min)",
            Expression = "mttrMs / 60000",
            UsingMetrics = new Dictionary<string, IMetric> { ["mttrMs"] = Custom(settings, MetricNames.TimeToRemediate, "Average", Duration.Minutes(15)) },
            Period = Duration.Minutes(15),
        });
        var queueDepth = props.AlertsQueue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Statistic = "Maximum", Period = Duration.Minutes(5) });
        var dlqDepth = props.DeadLetterQueue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Statistic = "Maximum", Period = Duration.Minutes(5) });
        var approvalRedriveDepth = props.ApprovalRedriveQueue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Statistic = "Maximum", Period = Duration.Minutes(5) });
        var workflowFailures = new MathExpression(new MathExpressionProps
        {
            Label = "Executions failed, timed out or aborted",
            Expression = "failed + timedOut + aborted",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["failed"] = props.StateMachine.MetricFailed(new MetricOptions { Statistic = "Sum", Period = Duration.Minutes(5) }),
                ["timedOut"] = props.StateMachine.MetricTimedOut(new MetricOptions { Statistic = "Sum", Period = Duration.Minutes(5) }),
                ["aborted"] = props.StateMachine.MetricAborted(new MetricOptions { Statistic = "Sum", Period = Duration.Minutes(5) }),
            },
            Period = Duration.Minutes(5),
        });

        var thresholds = settings.Alarms;
        Alarms =
        [
            CreateAlarm("BedrockFailureRate", $"{prefix}P0-bedrock-failure-rate", "P0",
                $"Bedrock failure rate above {Format(thresholds.BedrockFailureRatePercent)}% of invocations",
                bedrockFailureRate, thresholds.BedrockFailureRatePercent, ComparisonOperator.GREATER_THAN_THRESHOLD, 3, 2),
            CreateAlarm("Mttr", $"{prefix}P1-mttr", "P1",
                $"Mean time to remediate above {Format(thresholds.MttrMinutes)} minutes",
                mttr, thresholds.MttrMinutes, ComparisonOperator.GREATER_THAN_THRESHOLD, 1, 1),
            CreateAlarm("QueueDepth", $"{prefix}P2-queue-depth", "P2",
                $"More than {Format(thresholds.QueueDepth)} alerts waiting in the queue",
                queueDepth, thresholds.QueueDepth, ComparisonOperator.GREATER_THAN_THRESHOLD, 3, 3),
            CreateAlarm("DeadLetters", $"{prefix}P1-dlq-not-empty", "P1",
                "Alerts failed processing five times and sit in the dead-letter queue",
                dlqDepth, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, 1, 1),
            CreateAlarm("ApprovalDeliveryFailures", $"{prefix}P1-approval-delivery-failed", "P1",
                "Approval notifications failed to reach ApprovalApi: their task tokens wait in the redrive queue",
                approvalRedriveDepth, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, 1, 1),
            CreateAlarm("WorkflowFailures", $"{prefix}P1-workflow-failures", "P1",
                "Remediation executions failed, timed out or were aborted",
                workflowFailures, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, 1),
        ];

        Dashboard = CreateDashboard(settings, props, bedrock, bedrockFailureRate, mttr, queueDepth, dlqDepth);
        CreateBudget(settings);
    }

    public Topic OpsTopic { get; }

    public IReadOnlyList<Alarm> Alarms { get; }

    public Dashboard Dashboard { get; }

    /// <summary>The outcomes the cost widget shows (each a CostUsd series; others still count in the per-fix figure).</summary>
    public static IReadOnlyList<string> CostOutcomes { get; } =
    [
        WorkflowOutcomes.Remediated, WorkflowOutcomes.Diagnosed, WorkflowOutcomes.AutoResolved, WorkflowOutcomes.Blocked,
        WorkflowOutcomes.Rejected, WorkflowOutcomes.Expired, WorkflowOutcomes.RemediationFailed, WorkflowOutcomes.VerificationFailed,
        WorkflowOutcomes.WorkflowError,
    ];

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static Metric Custom(DeploymentSettings settings, string name, string statistic, Duration period) => new(new MetricProps
    {
        Namespace = MetricNames.Namespace,
        MetricName = name,
        DimensionsMap = new Dictionary<string, string> { [MetricNames.ServiceDimension] = settings.ResourcePrefix },
        Statistic = statistic,
        Period = period,
    });

    private Alarm CreateAlarm(
        string id, string name, string priority, string description, IMetric metric, double threshold,
        ComparisonOperator comparison, int evaluationPeriods, int datapointsToAlarm)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            AlarmName = name,
            AlarmDescription = $"[{priority}] {description}",
            Metric = metric,
            Threshold = threshold,
            ComparisonOperator = comparison,
            EvaluationPeriods = evaluationPeriods,
            DatapointsToAlarm = datapointsToAlarm,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(new SnsAction(OpsTopic));
        alarm.AddOkAction(new SnsAction(OpsTopic));
        return alarm;
    }

    private Dashboard CreateDashboard(
        DeploymentSettings settings, ObservabilityProps props, BedrockMetrics bedrock, IMetric bedrockFailureRate,
        IMetric mttr, IMetric queueDepth, IMetric dlqDepth)
    {
        var dashboard = new Dashboard(this, "Dashboard", new DashboardProps
        {
            DashboardName = $"{settings.ResourcePrefix}-operations",
            DefaultInterval = Duration.Hours(24),
        });
        var fiveMinutes = Duration.Minutes(5);
        dashboard.AddWidgets(
            Graph("Alerts in / deduplicated / workflows started", [
                Custom(settings, MetricNames.AlertsReceived, "Sum", fiveMinutes),
                Custom(settings, MetricNames.AlertsDeduplicated, "Sum", fiveMinutes),
                Custom(settings, MetricNames.ExecutionsStarted, "Sum", fiveMinutes)]),
            Graph("Time to remediate (min)", [mttr]),
            Graph("Approval latency (ms)", [ApprovalWait("Average"), ApprovalWait("p90")]));
        dashboard.AddWidgets(
            Graph("Bedrock invocations / errors", [bedrock.Invocations, bedrock.ClientErrors, bedrock.ServerErrors, bedrock.Throttles]),
            Graph("Bedrock failure rate (%)", [bedrockFailureRate]),
            Graph("Bedrock latency (ms)", [bedrock.Latency]));
        dashboard.AddWidgets(
            Graph("Scripts blocked", [Custom(settings, MetricNames.ScriptsBlocked, "Sum", fiveMinutes)]),
            Graph("Remediation outcome", [
                Custom(settings, MetricNames.RemediationsSucceeded, "Sum", fiveMinutes),
                Custom(settings, MetricNames.RemediationsFailed, "Sum", fiveMinutes)]),
            Graph("Workflow executions", [
                props.StateMachine.MetricStarted(new MetricOptions { Statistic = "Sum", Period = fiveMinutes }),
                props.StateMachine.MetricSucceeded(new MetricOptions { Statistic = "Sum", Period = fiveMinutes }),
                props.StateMachine.MetricFailed(new MetricOptions { Statistic = "Sum", Period = fiveMinutes })]));
        var day = Duration.Days(1);
        dashboard.AddWidgets(
            Graph("Cost per verified fix (USD, daily)", [new MathExpression(new MathExpressionProps
            {
                // Everything executions cost (every outcome) over the executions that ended remediated.
                Expression = "IF(fixes > 0, cost / fixes, 0)",
                UsingMetrics = new Dictionary<string, IMetric>
                {
                    ["cost"] = Custom(settings, MetricNames.CostUsd, "Sum", day),
                    ["fixes"] = Custom(settings, MetricNames.VerifiedFixes, "Sum", day),
                },
                Label = "USD per verified fix",
                Period = day,
            })]),
            Graph("Cost by outcome (USD, daily)", [.. CostOutcomes.Select(outcome => new Metric(new MetricProps
            {
                Namespace = MetricNames.Namespace,
                MetricName = MetricNames.CostUsd,
                DimensionsMap = new Dictionary<string, string>
                {
                    [MetricNames.ServiceDimension] = settings.ResourcePrefix,
                    [MetricNames.OutcomeDimension] = outcome,
                },
                Statistic = "Sum",
                Period = day,
                Label = outcome,
            }))]));
        dashboard.AddWidgets(
            Graph("Queue depth / dead letters", [queueDepth, dlqDepth]),
            Graph("Function errors", [.. props.Functions.All.Select(f => f.Function.MetricErrors(new MetricOptions { Statistic = "Sum", Period = fiveMinutes }))]),
            new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = [.. Alarms], Width = 8 }));
        return dashboard;
    }

    /// <summary>
    /// How long WaitForApproval waits for its task token: Step Functions' own run-time metric of the SNS
    /// .waitForTaskToken integration (per region, not per state machine: AeonNova is its only user in a normal account).
    /// </summary>
    private Metric ApprovalWait(string statistic) => new(new MetricProps
    {
        Namespace = "AWS/States",
        MetricName = "ServiceIntegrationRunTime",
        DimensionsMap = new Dictionary<string, string>
        {
            ["ServiceIntegrationResourceArn"] = $"arn:{Stack.Of(this).Partition}:states:::sns:publish.waitForTaskToken",
        },
        Statistic = statistic,
        Period = Duration.Minutes(15),
        Label = $"Approval wait ({statistic})",
    });

    private static GraphWidget Graph(string title, IMetric[] metrics) => new(new GraphWidgetProps
    {
        Title = title,
        Left = metrics,
        Width = 8,
        Height = 6,
    });

    private void CreateBudget(DeploymentSettings settings)
    {
        // Budgets email directly: an encrypted SNS topic would need Budgets in the key policy for no extra value.
        var subscribers = settings.OpsEmails.Select(e => (object)new CfnBudget.SubscriberProperty { SubscriptionType = "EMAIL", Address = e }).ToArray();
        new CfnBudget(this, "MonthlyBudget", new CfnBudgetProps
        {
            Budget = new CfnBudget.BudgetDataProperty
            {
                BudgetName = $"{settings.ResourcePrefix}-monthly",
                BudgetType = "COST",
                TimeUnit = "MONTHLY",
                BudgetLimit = new CfnBudget.SpendProperty { Amount = settings.MonthlyBudgetUsd, Unit = "USD" },
            },
            NotificationsWithSubscribers = new object[]
            {
                new CfnBudget.NotificationWithSubscribersProperty
                {
                    Notification = new CfnBudget.NotificationProperty
                    {
                        NotificationType = "ACTUAL", ComparisonOperator = "GREATER_THAN", Threshold = 80, ThresholdType = "PERCENTAGE",
                    },
                    Subscribers = subscribers,
                },
                new CfnBudget.NotificationWithSubscribersProperty
                {
                    Notification = new CfnBudget.NotificationProperty
                    {
                        NotificationType = "FORECASTED", ComparisonOperator = "GREATER_THAN", Threshold = 100, ThresholdType = "PERCENTAGE",
                    },
                    Subscribers = subscribers,
                },
            },
        });
    }

    /// <summary>AWS/Bedrock runtime metrics for one model id.</summary>
    private sealed class BedrockMetrics(string modelId)
    {
        public Metric Invocations { get; } = Create(modelId, "Invocations", "Sum");

        public Metric ClientErrors { get; } = Create(modelId, "InvocationClientErrors", "Sum");

        public Metric ServerErrors { get; } = Create(modelId, "InvocationServerErrors", "Sum");

        public Metric Throttles { get; } = Create(modelId, "InvocationThrottles", "Sum");

        public Metric Latency { get; } = Create(modelId, "InvocationLatency", "Average");

        private static Metric Create(string modelId, string name, string statistic) => new(new MetricProps
        {
            Namespace = "AWS/Bedrock",
            MetricName = name,
            DimensionsMap = new Dictionary<string, string> { ["ModelId"] = modelId },
            Statistic = statistic,
            Period = Duration.Minutes(5),
        });
    }
}
