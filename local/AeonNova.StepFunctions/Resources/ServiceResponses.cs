using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Resources;

/// <summary>
/// Response shapes of the service integrations the remediation workflow uses, as the Step Functions docs
/// show them, for handlers bound with <see cref="ResourceRegistry.Bind"/>. Optimized integrations
/// (lambda:invoke, sns:publish, dynamodb:*) add SdkHttpMetadata/SdkResponseMetadata; aws-sdk integrations
/// return the service API response only.
/// </summary>
public static class ServiceResponses
{
    /// <summary>lambda:invoke: {ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode}.</summary>
    public static JsonObject LambdaInvoke(JsonNode? payload, string requestId) => new()
    {
        ["ExecutedVersion"] = "$LATEST",
        ["Payload"] = payload,
        ["SdkHttpMetadata"] = HttpMetadata(requestId),
        ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId },
        ["StatusCode"] = 200,
    };

    /// <summary>sns:publish: {MessageId, SdkHttpMetadata, SdkResponseMetadata}.</summary>
    public static JsonObject SnsPublish(string messageId, string requestId) => new()
    {
        ["MessageId"] = messageId,
        ["SdkHttpMetadata"] = HttpMetadata(requestId),
        ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId },
    };

    /// <summary>bedrock:invokeModel: {Body (the model's JSON response, parsed), ContentType}.</summary>
    public static JsonObject BedrockInvokeModel(JsonNode? body) => new()
    {
        ["Body"] = body,
        ["ContentType"] = "application/json",
    };

    /// <summary>aws-sdk:ssm:sendCommand: {Command: {CommandId, DocumentName, InstanceIds, Status, …}}.</summary>
    public static JsonObject SsmSendCommand(string commandId, string documentName, IEnumerable<string> instanceIds, string status = "Pending")
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        var ids = new JsonArray();
        foreach (var id in instanceIds) { ids.Add(id); }
        return new JsonObject
        {
            ["Command"] = new JsonObject
            {
                ["CommandId"] = commandId,
                ["DocumentName"] = documentName,
                ["InstanceIds"] = ids,
                ["Status"] = status,
                ["StatusDetails"] = status,
            },
        };
    }

    /// <summary>aws-sdk:ssm:getCommandInvocation: {CommandId, InstanceId, Status, StatusDetails, ResponseCode, StandardOutputContent, StandardErrorContent}.</summary>
    public static JsonObject SsmGetCommandInvocation(string commandId, string instanceId, string status, int responseCode, string standardOutput, string standardError) => new()
    {
        ["CommandId"] = commandId,
        ["InstanceId"] = instanceId,
        ["Status"] = status,
        ["StatusDetails"] = status,
        ["ResponseCode"] = responseCode,
        ["StandardOutputContent"] = standardOutput,
        ["StandardErrorContent"] = standardError,
    };

    /// <summary>dynamodb:putItem without ReturnValues: {SdkHttpMetadata, SdkResponseMetadata}.</summary>
    public static JsonObject DynamoDbPutItem(string requestId) => new()
    {
        ["SdkHttpMetadata"] = HttpMetadata(requestId),
        ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId },
    };

    /// <summary>dynamodb:getItem: {Item (DynamoDB attribute-value JSON, absent when not found), SdkHttpMetadata, SdkResponseMetadata}.</summary>
    public static JsonObject DynamoDbGetItem(JsonObject? item, string requestId)
    {
        var response = DynamoDbPutItem(requestId);
        if (item is not null) { response["Item"] = item; }
        return response;
    }

    /// <summary>dynamodb:updateItem: {Attributes (when ReturnValues asks for them), SdkHttpMetadata, SdkResponseMetadata}.</summary>
    public static JsonObject DynamoDbUpdateItem(JsonObject? attributes, string requestId)
    {
        var response = DynamoDbPutItem(requestId);
        if (attributes is not null) { response["Attributes"] = attributes; }
        return response;
    }

    /// <summary>aws-sdk:bedrockagentruntime:retrieve: {RetrievalResults: [{Content: {Text}, Location, Score}]}.</summary>
    public static JsonObject BedrockAgentRuntimeRetrieve(IEnumerable<(string Text, string? Uri, double Score)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var array = new JsonArray();
        foreach (var (text, uri, score) in results)
        {
            var item = new JsonObject { ["Content"] = new JsonObject { ["Text"] = text }, ["Score"] = score };
            if (uri is not null)
            {
                item["Location"] = new JsonObject { ["Type"] = "S3", ["S3Location"] = new JsonObject { ["Uri"] = uri } };
            }
            array.Add(item);
        }
        return new JsonObject { ["RetrievalResults"] = array };
    }

    private static JsonObject HttpMetadata(string requestId) => new()
    {
        ["AllHttpHeaders"] = new JsonObject { ["x-amzn-RequestId"] = new JsonArray(requestId) },
        ["HttpHeaders"] = new JsonObject { ["x-amzn-RequestId"] = requestId },
        ["HttpStatusCode"] = 200,
    };
}
