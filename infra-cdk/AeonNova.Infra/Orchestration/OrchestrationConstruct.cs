using System.Text.Json;
using AeonNova.Core.Workflow;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Data;
using AeonNova.Infra.Functions;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;

namespace AeonNova.Infra.Orchestration;

public sealed record OrchestrationProps
{
    public required DeploymentSettings Settings { get; init; }

    public required SourcePaths Paths { get; init; }

    public required DataConstruct Data { get; init; }

    public required FunctionsConstruct Functions { get; init; }

    public required ITopic ApprovalTopic { get; init; }
}

/// <summary>
/// The Standard state machine from statemachines/remediation.asl.json. Every ${Key} in the file is filled from
/// WorkflowContract.PlaceholderKeys (function alias ARNs, model id, approval topic, executions table); synthesis
/// fails if the file uses a key the contract does not know. Its role allows exactly what the definition calls
/// (Security/StateMachinePermissionsTests derives the actions from the definition's Resource ARNs and compares).
/// </summary>
public sealed class OrchestrationConstruct : Construct
{
    public OrchestrationConstruct(Construct scope, string id, OrchestrationProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        var data = props.Data;
        var file = props.Paths.StateMachineFile;
        if (!File.Exists(file))
        {
            throw new InfraConfigurationException($"state machine definition not found: {file} (context stateMachineFile).");
        }

        var definition = File.ReadAllText(file);
        try
        {
            using var parsed = JsonDocument.Parse(definition);
        }
        catch (JsonException ex)
        {
            throw new InfraConfigurationException(
                $"{file}: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message}", ex);
        }

        Substitutions = BuildSubstitutions(props);
        var unknown = AslPlaceholders.Find(definition).Where(k => !Substitutions.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InfraConfigurationException(
                $"{file}: placeholder(s) {string.Join(", ", unknown.Select(k => "${" + k + "}"))} are not in WorkflowContract.PlaceholderKeys; " +
                "add them to the contract (functions/AeonNova.Core/Workflow/WorkflowContract.cs) or fix the definition.");
        }

        var logGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            // The vendedlogs prefix keeps CloudWatch Logs resource policies small for Step Functions log delivery.
            LogGroupName = $"/aws/vendedlogs/states/{settings.ResourcePrefix}-remediation",
            Retention = RetentionPeriods.ToRetentionDays(settings.Retention.InfoLogDays, "retention.infoLogDays"),
            EncryptionKey = data.Key,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        StateMachine = new StateMachine(this, "Remediation", new StateMachineProps
        {
            StateMachineName = settings.StateMachineName,
            StateMachineType = StateMachineType.STANDARD,
            DefinitionBody = DefinitionBody.FromFile(file),
            DefinitionSubstitutions = new Dictionary<string, string>(Substitutions),
            // Execution data carries task tokens, scripts, command output and alert payloads: prod logs errors only, without it.
            Logs = new LogOptions
            {
                Destination = logGroup,
                Level = ToLogLevel(settings.StateMachineLogging.Level),
                IncludeExecutionData = settings.StateMachineLogging.IncludeExecutionData,
            },
            TracingEnabled = true,
        });

        GrantWorkflowPermissions(props, StateMachine);

        var parseAlerts = props.Functions.Get("ParseAlerts");
        var approvalApi = props.Functions.Get("ApprovalApi");
        StateMachine.GrantStartExecution(parseAlerts.Function);
        StateMachine.GrantTaskResponse(approvalApi.Function);
        // A resolved alert cancels its pending approval and completes the waiting task (decision "cancelled").
        StateMachine.GrantTaskResponse(parseAlerts.Function);
        foreach (var fn in new[] { parseAlerts.Function, approvalApi.Function })
        {
            fn.AddEnvironment("STATE_MACHINE_ARN", StateMachine.StateMachineArn);
        }
    }

    public StateMachine StateMachine { get; }

    /// <summary>DefinitionSubstitutions: exactly one entry per WorkflowContract.PlaceholderKeys key.</summary>
    public IReadOnlyDictionary<string, string> Substitutions { get; }

    /// <summary>The foundation-model (and, for a cross-region inference profile, profile) ARNs of the configured model.</summary>
    public static IReadOnlyList<string> BedrockModelArns(Stack stack, string modelId)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var firstDot = modelId.IndexOf('.', StringComparison.Ordinal);
        var geo = firstDot > 0 ? modelId[..firstDot] : string.Empty;
        var isInferenceProfile = geo is "us" or "eu" or "apac" or "us-gov" or "global";
        if (!isInferenceProfile)
        {
            return [$"arn:{stack.Partition}:bedrock:{stack.Region}::foundation-model/{modelId}"];
        }

        // A cross-region inference profile routes to the model in any region of its geography.
        return
        [
            $"arn:{stack.Partition}:bedrock:{stack.Region}:{stack.Account}:inference-profile/{modelId}",
            $"arn:{stack.Partition}:bedrock:*::foundation-model/{modelId[(firstDot + 1)..]}",
        ];
    }

    private static LogLevel ToLogLevel(StateMachineLogLevel level) => level switch
    {
        StateMachineLogLevel.All => LogLevel.ALL,
        StateMachineLogLevel.Error => LogLevel.ERROR,
        StateMachineLogLevel.Fatal => LogLevel.FATAL,
        StateMachineLogLevel.Off => LogLevel.OFF,
        _ => throw new InfraConfigurationException($"stateMachineLogging.level: unsupported value {level}."),
    };

    private static Dictionary<string, string> BuildSubstitutions(OrchestrationProps props)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in WorkflowContract.Functions.Where(f => f.InWorkflow))
        {
            // The alias: SnapStart only applies to invocations of a published version.
            result[definition.PlaceholderKey] = props.Functions.Get(definition.Name).Alias.FunctionArn;
        }

        foreach (var key in WorkflowContract.ResourcePlaceholders)
        {
            result[key] = key switch
            {
                "BedrockModelId" => props.Settings.BedrockModelId,
                "ApprovalTopicArn" => props.ApprovalTopic.TopicArn,
                "ExecutionsTableName" => props.Data.ExecutionsTable.TableName,
                _ => throw new InfraConfigurationException(
                    $"WorkflowContract.ResourcePlaceholders has '{key}', which OrchestrationConstruct does not know how to fill."),
            };
        }

        return result;
    }

    private void GrantWorkflowPermissions(OrchestrationProps props, StateMachine stateMachine)
    {
        var stack = Stack.Of(this);
        var role = stateMachine.Role;
        foreach (var definition in WorkflowContract.Functions.Where(f => f.InWorkflow))
        {
            props.Functions.Get(definition.Name).Alias.GrantInvoke(role);
        }

        // arn:aws:states:::sns:publish.waitForTaskToken → sns:Publish on the approval topic.
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "PublishApprovalRequests",
            Actions = ["sns:Publish"],
            Resources = [props.ApprovalTopic.TopicArn],
        }));

        // arn:aws:states:::dynamodb:updateItem on ${ExecutionsTableName} → dynamodb:UpdateItem on that table only.
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "UpdateExecutionRecords",
            Actions = ["dynamodb:UpdateItem"],
            Resources = [props.Data.ExecutionsTable.TableArn],
        }));

        // The topic and the table are encrypted with the stack key: the data key is only usable through those two services.
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "UseKeyThroughSnsAndDynamoDb",
            Actions = ["kms:Decrypt", "kms:GenerateDataKey"],
            Resources = [props.Data.Key.KeyArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object>
                {
                    ["kms:ViaService"] = new[] { $"sns.{stack.Region}.amazonaws.com", $"dynamodb.{stack.Region}.amazonaws.com" },
                },
            },
        }));

        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "InvokeConfiguredModel",
            Actions = ["bedrock:InvokeModel"],
            Resources = [.. BedrockModelArns(stack, props.Settings.BedrockModelId)],
        }));
        // ssm:SendCommand is not here: ExecuteScript/ExecuteRollback call the SendCommand function (command ledger
        // first), whose role holds it (FunctionsConstruct).
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            // GetCommandInvocation supports no resource-level permissions: Resource "*" is the only valid form.
            Sid = "ReadCommandResults",
            Actions = ["ssm:GetCommandInvocation"],
            Resources = ["*"],
        }));
    }
}
