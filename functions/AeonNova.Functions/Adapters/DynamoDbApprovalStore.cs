using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AeonNova.Approvals;
using AeonNova.Approvals.Json;
using static AeonNova.Functions.Adapters.DynamoItems;

namespace AeonNova.Functions.Adapters;

/// <summary>
/// The approvals domain's <see cref="IApprovalStore"/> on the Approvals table (pk/sk): the record at
/// pk "approval#{id}" / sk "record" (status and version as attributes for the conditional writes, the record
/// itself as JSON), audit entries at sk "audit#{at}#{n}", and pk "fingerprint#{fp}" / sk "approval#{id}"
/// pointers for cancelling by fingerprint.
/// </summary>
public sealed class DynamoDbApprovalStore(IAmazonDynamoDB dynamo, string tableName, TimeSpan retention, TimeProvider clock) : IApprovalStore
{
    public async Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ToItem(record),
                ConditionExpression = "attribute_not_exists(pk)",
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = tableName,
            Item = new()
            {
                ["pk"] = S("fingerprint#" + record.Alert.Fingerprint),
                ["sk"] = S("approval#" + record.Id),
                ["approvalId"] = S(record.Id),
                ["ttl"] = Ttl(clock.GetUtcNow() + retention),
            },
        }, cancellationToken);
        return true;
    }

    public async Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(approvalId), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    public async Task<bool> TryReplaceAsync(ApprovalRecord updated, ApprovalStatus expectedStatus, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ToItem(updated with { Version = expectedVersion + 1 }),
                ConditionExpression = "#status = :status AND version = :version",
                ExpressionAttributeNames = new() { ["#status"] = "status" },
                ExpressionAttributeValues = new() { [":status"] = S(StatusName(expectedStatus)), [":version"] = N(expectedVersion) },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> FindOpenByFingerprintAsync(string fingerprint, CancellationToken cancellationToken)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            KeyConditionExpression = "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues = new() { [":pk"] = S("fingerprint#" + fingerprint), [":prefix"] = S("approval#") },
            ConsistentRead = true,
        }, cancellationToken);
        var open = new List<string>();
        foreach (var pointer in response.Items ?? [])
        {
            var id = Str(pointer, "approvalId");
            if (await GetAsync(id, cancellationToken) is { } record && record.Status.IsOpen())
            {
                open.Add(id);
            }
        }
        return open;
    }

    public Task AppendAuditAsync(ApprovalAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = tableName,
            Item = new()
            {
                ["pk"] = S("approval#" + entry.ApprovalId),
                ["sk"] = S($"audit#{Iso(entry.At)}#{Guid.NewGuid():N}"),
                ["entry"] = S(JsonSerializer.Serialize(entry, ApprovalsJsonContext.Default.ApprovalAuditEntry)),
                ["ttl"] = Ttl(entry.At + retention),
            },
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ApprovalAuditEntry>> GetAuditAsync(string approvalId, CancellationToken cancellationToken)
    {
        var entries = new List<ApprovalAuditEntry>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "pk = :pk AND begins_with(sk, :prefix)",
                ExpressionAttributeValues = new() { [":pk"] = S("approval#" + approvalId), [":prefix"] = S("audit#") },
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                if (JsonSerializer.Deserialize(Str(item, "entry"), ApprovalsJsonContext.Default.ApprovalAuditEntry) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            start = response.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);
        return entries;
    }

    private static Dictionary<string, AttributeValue> Key(string approvalId) => new()
    {
        ["pk"] = S("approval#" + approvalId),
        ["sk"] = S("record"),
    };

    private Dictionary<string, AttributeValue> ToItem(ApprovalRecord record)
    {
        var item = Key(record.Id);
        item["status"] = S(StatusName(record.Status));
        item["version"] = N(record.Version);
        item["fingerprint"] = S(record.Alert.Fingerprint);
        item["record"] = S(JsonSerializer.Serialize(record, ApprovalsJsonContext.Default.ApprovalRecord));
        item["ttl"] = Ttl(record.ExpiresAt + retention);
        return item;
    }

    private static ApprovalRecord FromItem(Dictionary<string, AttributeValue> item) =>
        JsonSerializer.Deserialize(Str(item, "record"), ApprovalsJsonContext.Default.ApprovalRecord)
        ?? throw new InvalidOperationException($"approval item {Str(item, "pk")} holds no record");

    private static string StatusName(ApprovalStatus status) => status.ToString().ToLowerInvariant();
}
