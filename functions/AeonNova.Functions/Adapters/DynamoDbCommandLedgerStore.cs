using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AeonNova.Core.Ports;
using static AeonNova.Functions.Adapters.DynamoItems;

namespace AeonNova.Functions.Adapters;

/// <summary>
/// <see cref="ICommandLedgerStore"/> on the CommandLedger table (pk "ledger#{key}", sk "send"). Every write is one
/// conditional request (DynamoDB developer guide, "Condition expressions": attribute_not_exists for the insert, the
/// attempt count read for the claim, attribute_not_exists(commandId) for the id), so of two concurrent SendCommand
/// invocations for one key exactly one may send.
/// </summary>
public sealed class DynamoDbCommandLedgerStore(IAmazonDynamoDB dynamo, string tableName, TimeSpan retention) : ICommandLedgerStore
{
    public const string SortKey = "send";

    public async Task<CommandLedgerEntry> ReserveAsync(CommandLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            var item = Key(entry.Key);
            item["executionArn"] = S(entry.ExecutionArn);
            item["step"] = S(entry.Step);
            item["scriptSha256"] = S(entry.ScriptSha256);
            item["instanceIds"] = S(string.Join(',', entry.InstanceIds));
            item["createdAt"] = Time(entry.CreatedAt);
            item["attempts"] = N(0);
            item["leaseUntil"] = N(0);
            item["ttl"] = Ttl(entry.CreatedAt + retention);
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = item,
                ConditionExpression = "attribute_not_exists(pk)",
            }, cancellationToken);
            return entry with { Attempts = 0, LeaseUntil = DateTimeOffset.UnixEpoch, CommandId = null };
        }
        catch (ConditionalCheckFailedException)
        {
            // A retry or a concurrent invocation reserved it first: go on from the stored row.
        }
        return await GetAsync(entry.Key, cancellationToken)
            ?? throw new InvalidOperationException($"command ledger row {entry.Key} vanished after a conditional insert failed");
    }

    public async Task<bool> TryClaimAttemptAsync(string key, int expectedAttempts, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(key),
                UpdateExpression = "SET attempts = :next, leaseUntil = :lease",
                ConditionExpression = "attempts = :expected AND attribute_not_exists(commandId)",
                ExpressionAttributeValues = new()
                {
                    [":expected"] = N(expectedAttempts),
                    [":next"] = N(expectedAttempts + 1),
                    [":lease"] = N(leaseUntil.ToUnixTimeMilliseconds()),
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<CommandLedgerEntry> RecordCommandAsync(string key, string commandId, CancellationToken cancellationToken = default)
    {
        try
        {
            var updated = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(key),
                UpdateExpression = "SET commandId = :id",
                ConditionExpression = "attribute_exists(pk) AND attribute_not_exists(commandId)",
                ExpressionAttributeValues = new() { [":id"] = S(commandId) },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            return FromItem(updated.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            // Already recorded (the first id stays), or no row at all.
        }
        return await GetAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"command ledger has no row {key} to record {commandId} in");
    }

    public async Task<CommandLedgerEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(key), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    private static Dictionary<string, AttributeValue> Key(string key) => new()
    {
        ["pk"] = S("ledger#" + key),
        ["sk"] = S(SortKey),
    };

    private static CommandLedgerEntry FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Key = Str(item, "pk")["ledger#".Length..],
        ExecutionArn = Str(item, "executionArn"),
        Step = Str(item, "step"),
        ScriptSha256 = Str(item, "scriptSha256"),
        InstanceIds = Str(item, "instanceIds").Split(',', StringSplitOptions.RemoveEmptyEntries),
        CreatedAt = At(item, "createdAt"),
        Attempts = (int)Long(item, "attempts"),
        LeaseUntil = DateTimeOffset.FromUnixTimeMilliseconds(Long(item, "leaseUntil")),
        CommandId = item.TryGetValue("commandId", out var id) && id.S is not null ? id.S : null,
    };
}
