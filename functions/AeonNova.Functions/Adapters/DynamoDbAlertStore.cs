using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AeonNova.Core.Ports;
using static AeonNova.Functions.Adapters.DynamoItems;

namespace AeonNova.Functions.Adapters;

/// <summary>
/// <see cref="IAlertStore"/> on the Alerts table (pk "alert#{fingerprint}", sk "state"). The claim is one
/// conditional PutItem: it succeeds only when no claim exists or its cooldown has passed.
/// </summary>
public sealed class DynamoDbAlertStore(IAmazonDynamoDB dynamo, string tableName, TimeSpan retention) : IAlertStore
{
    private const string StateKey = "state";

    public async Task<AlertClaim> ClaimAsync(AlertClaimRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var claim = AlertClaims.NewClaim(request);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ToItem(claim),
                ConditionExpression = "attribute_not_exists(pk) OR cooldownUntil <= :now",
                ExpressionAttributeValues = new() { [":now"] = N(request.Now.ToUnixTimeMilliseconds()) },
            }, cancellationToken);
            return new AlertClaim(ClaimOutcome.New, claim);
        }
        catch (ConditionalCheckFailedException)
        {
            // Someone holds the claim: the same alert (re-delivery) or a duplicate.
        }
        var current = await GetAsync(request.Fingerprint, cancellationToken)
            ?? throw new InvalidOperationException($"alert state for {request.Fingerprint} vanished during a claim");
        if (string.Equals(current.AlertId, request.AlertId, StringComparison.Ordinal))
        {
            return new AlertClaim(ClaimOutcome.Redelivery, current);
        }
        var updated = await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(request.Fingerprint),
            UpdateExpression = "ADD duplicates :one SET lastSeenAt = :now",
            ExpressionAttributeValues = new() { [":one"] = N(1), [":now"] = Time(request.Now) },
            ReturnValues = ReturnValue.ALL_NEW,
        }, cancellationToken);
        return new AlertClaim(ClaimOutcome.Duplicate, FromItem(updated.Attributes));
    }

    public async Task MarkResolvedAsync(string fingerprint, DateTimeOffset resolvedAt, CancellationToken cancellationToken = default)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(fingerprint),
                UpdateExpression = "SET resolvedAt = :at, lastSeenAt = :at",
                ConditionExpression = "attribute_exists(pk)",
                ExpressionAttributeValues = new() { [":at"] = Time(resolvedAt) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Resolved without a claim (never fired here, or the claim expired): nothing to record.
        }
    }

    public async Task<AlertState?> GetAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(fingerprint), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    private static Dictionary<string, AttributeValue> Key(string fingerprint) => new()
    {
        ["pk"] = S("alert#" + fingerprint),
        ["sk"] = S(StateKey),
    };

    private Dictionary<string, AttributeValue> ToItem(AlertState state)
    {
        var item = Key(state.Fingerprint);
        item["fingerprint"] = S(state.Fingerprint);
        item["alertId"] = S(state.AlertId);
        item["executionName"] = S(state.ExecutionName);
        item["claimedAt"] = Time(state.ClaimedAt);
        item["cooldownUntil"] = N(state.CooldownUntil.ToUnixTimeMilliseconds());
        item["lastSeenAt"] = Time(state.LastSeenAt);
        item["duplicates"] = N(state.Duplicates);
        item["ttl"] = Ttl(state.CooldownUntil + retention);
        return item;
    }

    private static AlertState FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Fingerprint = Str(item, "fingerprint"),
        AlertId = Str(item, "alertId"),
        ExecutionName = Str(item, "executionName"),
        ClaimedAt = At(item, "claimedAt"),
        CooldownUntil = DateTimeOffset.FromUnixTimeMilliseconds(Long(item, "cooldownUntil")),
        LastSeenAt = At(item, "lastSeenAt"),
        Duplicates = (int)Long(item, "duplicates"),
        ResolvedAt = OptionalAt(item, "resolvedAt"),
    };
}
