using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.Approvals;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Hosting;
using Microsoft.Extensions.DependencyInjection;
using AeonNova.StepFunctions;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.Local.Workflow;

/// <summary>The local stand-ins for the AWS services the definition uses (designed as ports the serve host implements).</summary>
public sealed record LocalIntegrations
{
    public required IModelInvoker Model { get; init; }
    public required IApprovalOutbox Outbox { get; init; }
    public required ICommandExecutor Executor { get; init; }
    /// <summary>Registers WaitForApproval's task token (the same service the SNS subscriber calls on AWS).</summary>
    public required ApprovalService Approvals { get; init; }
    /// <summary>Target of the definition's dynamodb:updateItem status writes.</summary>
    public required IExecutionRecordStore Executions { get; init; }
}

/// <summary>
/// Builds the local engine's resource registry and substitutions from <see cref="WorkflowContract"/>: every
/// ${XFunctionArn} → the same handler class, in-process, through its Stream entry point; every service
/// integration → a port.
/// </summary>
public static partial class WorkflowRegistry
{
    public const string Region = "local-1";
    public const string Account = "000000000000";
    public const string ApprovalTopicArn = "arn:aws:sns:local-1:000000000000:aeonnova-approvals";
    public const string ExecutionsTableName = "aeonnova-executions";

    /// <summary>Values for every <see cref="WorkflowContract.PlaceholderKeys"/> key (what the CDK passes as DefinitionSubstitutions on AWS).</summary>
    public static IReadOnlyDictionary<string, string> Substitutions(string modelId = "amazon.nova-pro-v1:0")
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in WorkflowContract.Functions.Where(f => f.InWorkflow))
        {
            values[function.PlaceholderKey] = FunctionArn(function.Name);
        }
        values["BedrockModelId"] = modelId;
        values["ApprovalTopicArn"] = ApprovalTopicArn;
        values["ExecutionsTableName"] = ExecutionsTableName;
        return values;
    }

    public static string FunctionArn(string name) => $"arn:aws:lambda:{Region}:{Account}:function:aeonnova-{name}";

    /// <param name="services">A provider built with AddAeonNovaWorkflow: the step handlers by function name.</param>
    public static ResourceRegistry Create(IServiceProvider services, LocalIntegrations integrations)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(integrations);
        var registry = new ResourceRegistry();
        foreach (var function in WorkflowContract.Functions.Where(f => f.InWorkflow))
        {
            var handler = services.GetRequiredKeyedService<IStreamFunction>(function.Name);
            // Each call parses the function's response bytes into a new document: the engine can adopt it.
            registry.BindStreamFunction(FunctionArn(function.Name), (invocation, ct) => InvokeAsync(handler, invocation));
        }
        registry.Bind("arn:aws:states:::bedrock:invokeModel", (invocation, ct) => InvokeModelAsync(integrations.Model, invocation, ct));
        registry.Bind("arn:aws:states:::sns:publish.waitForTaskToken", (invocation, ct) => PublishApprovalAsync(integrations, invocation, ct));
        registry.Bind("arn:aws:states:::aws-sdk:ssm:sendCommand", (invocation, ct) => SendCommandAsync(integrations.Executor, invocation, ct));
        registry.Bind("arn:aws:states:::aws-sdk:ssm:getCommandInvocation", (invocation, ct) => GetCommandAsync(integrations.Executor, invocation, ct));
        registry.Bind("arn:aws:states:::dynamodb:updateItem", (invocation, ct) => UpdateExecutionAsync(integrations.Executions, invocation, ct));
        return registry;
    }

    /// <summary>Runs a handler for a task: uses the input bytes the engine already wrote when it has them.</summary>
    public static ValueTask<JsonNode?> InvokeAsync(IStreamFunction handler, TaskInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return invocation.InputText is { } text ? InvokeAsync(handler, null, text) : InvokeAsync(handler, invocation.Input);
    }

    /// <summary>Runs a handler the way Lambda does: JSON bytes in, JSON bytes out; an exception's type name is the error.</summary>
    public static async ValueTask<JsonNode?> InvokeAsync(IStreamFunction handler, JsonNode? input, JsonText? inputText = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (inputText is not null)
        {
            // The engine already wrote this input for its history: hand the function those bytes.
            MemoryMarshal.TryGetArray(inputText.Utf8Memory, out var bytes);
            using var recorded = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false, publiclyVisible: true);
            return await CallAsync(handler, recorded);
        }
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (input is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                input.WriteTo(writer);
            }
        }
        MemoryMarshal.TryGetArray(buffer.WrittenMemory, out var written);
        using var request = new MemoryStream(written.Array!, written.Offset, written.Count, writable: false, publiclyVisible: true);
        return await CallAsync(handler, request);
    }

    private static async ValueTask<JsonNode?> CallAsync(IStreamFunction handler, MemoryStream request)
    {
        Stream response;
        try
        {
            response = await handler.Handle(request);
        }
#pragma warning disable CA1031 // Any handler exception becomes the task's error, as Lambda reports it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new TaskFailedException(ex.GetType().Name, ex.Message);
        }
        await using (response)
        {
            // Handlers answer with a MemoryStream: parse its bytes in place instead of streaming them.
            if (response is MemoryStream memory && memory.TryGetBuffer(out var bytes))
            {
                return TaskPayload.Parse(bytes.AsMemory((int)memory.Position));
            }
            using var copy = new MemoryStream();
            await response.CopyToAsync(copy);
            return TaskPayload.Parse(copy.GetBuffer().AsMemory(0, (int)copy.Length));
        }
    }

    private static async ValueTask<JsonNode?> InvokeModelAsync(IModelInvoker model, TaskInvocation invocation, CancellationToken ct)
    {
        var parameters = invocation.Parameters?.AsObject() ?? throw new TaskFailedException("States.Runtime", "bedrock:invokeModel needs Parameters");
        var modelId = parameters["ModelId"]?.GetValue<string>() ?? throw new TaskFailedException("Bedrock.ValidationException", "ModelId is required");
        try
        {
            var body = await model.InvokeAsync(modelId, parameters["Body"], ct);
            return ServiceResponses.BedrockInvokeModel(body);
        }
        catch (ModelInvocationException ex)
        {
            throw new TaskFailedException(ex.Error, ex.Message);
        }
    }

    private static async ValueTask<JsonNode?> PublishApprovalAsync(LocalIntegrations integrations, TaskInvocation invocation, CancellationToken ct)
    {
        var parameters = invocation.Parameters?.AsObject() ?? throw new TaskFailedException("States.Runtime", "sns:publish needs Parameters");
        var attributes = parameters["MessageAttributes"]?.AsObject();
        var approvalId = attributes?["approvalId"]?["StringValue"]?.GetValue<string>()
            ?? throw new TaskFailedException("SNS.InvalidParameterException", "MessageAttributes.approvalId is required");
        var token = invocation.TaskToken ?? throw new TaskFailedException("States.Runtime", "WaitForApproval must use .waitForTaskToken");
        // What the SNS→Lambda subscriber does on AWS: hand the token to the approvals domain, then send each
        // approver a message of their own (the published notice itself holds no link).
        var registration = await integrations.Approvals.RegisterTaskTokenAsync(approvalId, token, ct);
        if (registration == TokenRegistration.NotFound)
        {
            throw new TaskFailedException("SNS.InvalidParameterException", $"approval {approvalId} does not exist");
        }
        if (registration is TokenRegistration.Registered or TokenRegistration.AlreadyRegistered)
        {
            await integrations.Outbox.PublishAsync(new ApprovalPublication(
                parameters["TopicArn"]?.GetValue<string>() ?? "",
                approvalId,
                parameters["Subject"]?.GetValue<string>() ?? "",
                parameters["Message"]?.GetValue<string>() ?? "",
                invocation.ExecutionArn), ct);
        }
        return ServiceResponses.SnsPublish(Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
    }

    private static async ValueTask<JsonNode?> SendCommandAsync(ICommandExecutor executor, TaskInvocation invocation, CancellationToken ct)
    {
        var p = invocation.Parameters?.AsObject() ?? throw new TaskFailedException("States.Runtime", "ssm:sendCommand needs Parameters");
        var documentName = p["DocumentName"]?.GetValue<string>() ?? throw new TaskFailedException("Ssm.InvalidDocument", "DocumentName is required");
        var instanceIds = Strings(p["InstanceIds"]);
        var commands = Strings(p["Parameters"]?["commands"]);
        if (instanceIds.Count == 0 || instanceIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new TaskFailedException("Ssm.InvalidInstanceIdException", "InstanceIds must name at least one target");
        }
        var timeout = CommandRequest.TimeoutSeconds(Strings(p["Parameters"]?["executionTimeout"]));
        var commandId = await executor.SendAsync(new CommandRequest
        {
            DocumentName = documentName,
            InstanceIds = instanceIds,
            Commands = commands,
            ExecutionTimeoutSeconds = timeout,
            Comment = p["Comment"]?.GetValue<string>() ?? "",
            ExecutionArn = invocation.ExecutionArn,
        }, ct);
        return ServiceResponses.SsmSendCommand(commandId, documentName, instanceIds);
    }

    private static async ValueTask<JsonNode?> GetCommandAsync(ICommandExecutor executor, TaskInvocation invocation, CancellationToken ct)
    {
        var p = invocation.Parameters?.AsObject() ?? throw new TaskFailedException("States.Runtime", "ssm:getCommandInvocation needs Parameters");
        var commandId = p["CommandId"]?.GetValue<string>() ?? "";
        var instanceId = p["InstanceId"]?.GetValue<string>() ?? "";
        try
        {
            var result = await executor.GetAsync(commandId, instanceId, ct);
            return ServiceResponses.SsmGetCommandInvocation(commandId, instanceId, result.Status, result.ResponseCode, result.StandardOutput, result.StandardError);
        }
        catch (KeyNotFoundException ex)
        {
            throw new TaskFailedException("Ssm.InvocationDoesNotExistException", ex.Message);
        }
    }

    /// <summary>
    /// The definition's status write: Key {pk: "execution#{id}", sk: "record"}, UpdateExpression "SET a = :a, #b = :b"
    /// with string values → <see cref="IExecutionRecordStore.PatchAsync"/>.
    /// </summary>
    private static async ValueTask<JsonNode?> UpdateExecutionAsync(IExecutionRecordStore executions, TaskInvocation invocation, CancellationToken ct)
    {
        var p = invocation.Parameters?.AsObject() ?? throw new TaskFailedException("States.Runtime", "dynamodb:updateItem needs Parameters");
        var pk = p["Key"]?["pk"]?["S"]?.GetValue<string>() ?? "";
        if (!pk.StartsWith("execution#", StringComparison.Ordinal))
        {
            throw new TaskFailedException("DynamoDB.ValidationException", $"local dynamodb:updateItem supports execution records only (pk '{pk}')");
        }
        var names = p["ExpressionAttributeNames"]?.AsObject();
        var values = p["ExpressionAttributeValues"]?.AsObject();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var expression = p["UpdateExpression"]?.GetValue<string>() ?? "";
        foreach (Match match in SetClause().Matches(expression))
        {
            var name = match.Groups["name"].Value;
            if (name.StartsWith('#'))
            {
                name = names?[name]?.GetValue<string>() ?? throw new TaskFailedException("DynamoDB.ValidationException", $"{name} is not in ExpressionAttributeNames");
            }
            var value = values?[match.Groups["value"].Value]?["S"]?.GetValue<string>()
                ?? throw new TaskFailedException("DynamoDB.ValidationException", $"{match.Groups["value"].Value} must be a string value");
            attributes[name] = value;
        }
        var executionId = pk["execution#".Length..];
        if (await executions.GetAsync(executionId, ct) is null)
        {
            throw new TaskFailedException("DynamoDB.ConditionalCheckFailedException", $"no execution record {executionId}");
        }
        await executions.PatchAsync(executionId, attributes, ct);
        return ServiceResponses.DynamoDbUpdateItem(null, Guid.NewGuid().ToString());
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.GetValue<string>() ?? "")] : [];

    [GeneratedRegex(@"(?<name>#?[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>:[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex SetClause();
}
