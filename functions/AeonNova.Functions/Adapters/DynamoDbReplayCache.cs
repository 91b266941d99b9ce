using AeonNova.Approvals.Chat;
using AeonNova.Core.Planning;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static AeonNova.Functions.Adapters.DynamoItems;

namespace AeonNova.Functions.Adapters;

/// <summary>
/// The chat endpoints' replay cache on AWS, shared by every ApprovalApi execution environment: one conditional
/// PutItem per signed request on the Approvals table at pk "chat-replay#{SHA-256 of the key}" / sk "seen", with the
/// table's TTL attribute set to when the request's timestamp stops being accepted. The condition
/// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html) lets the
/// put through when no item exists or the one there has expired (TTL deletes lazily, within days), so of two
/// instances racing with the same request exactly one sees <see cref="ReplayCheck.First"/>. The key is hashed: a
/// Slack signature or Teams activity id is not stored as given.
/// </summary>
public sealed class DynamoDbReplayCache(IAmazonDynamoDB dynamo, string tableName, TimeSpan retention, TimeProvider clock) : IReplayCache
{
    public const string PartitionPrefix = "chat-replay#";

    public async Task<ReplayCheck> CheckAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var now = clock.GetUtcNow();
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = new()
                {
                    ["pk"] = S(PartitionPrefix + PlanDigest.Sha256Hex(key)),
                    ["sk"] = S("seen"),
                    ["ttl"] = Ttl(now + retention),
                },
                ConditionExpression = "attribute_not_exists(pk) OR #ttl < :now",
                ExpressionAttributeNames = new() { ["#ttl"] = "ttl" },
                ExpressionAttributeValues = new() { [":now"] = N(now.ToUnixTimeSeconds()) },
            }, cancellationToken).ConfigureAwait(false);
            return ReplayCheck.First;
        }
        catch (ConditionalCheckFailedException)
        {
            return ReplayCheck.Replayed;
        }
    }
}
