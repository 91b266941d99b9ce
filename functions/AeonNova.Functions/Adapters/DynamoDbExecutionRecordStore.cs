using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AeonNova.Core.Ports;
using static AeonNova.Functions.Adapters.DynamoItems;

namespace AeonNova.Functions.Adapters;

/// <summary>
/// <see cref="IExecutionRecordStore"/> on the Executions table (pk/sk, no secondary indexes): the record at
/// pk "execution#{id}" / sk "record", plus index items pk "fingerprint#{fp}" and "host#{host}" with
/// sk "{startedAt}#{id}" holding a copy, so history queries are single-partition range queries.
/// </summary>
public sealed class DynamoDbExecutionRecordStore(IAmazonDynamoDB dynamo, string tableName, TimeSpan retention) : IExecutionRecordStore
{
    public async Task PutAsync(ExecutionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writes = new List<WriteRequest>(3)
        {
            new() { PutRequest = new PutRequest { Item = ToItem(record, "execution#" + record.ExecutionId, "record") } },
            new() { PutRequest = new PutRequest { Item = ToItem(record, "fingerprint#" + record.Fingerprint, IndexSortKey(record)) } },
        };
        if (record.Host.Length > 0)
        {
            writes.Add(new WriteRequest { PutRequest = new PutRequest { Item = ToItem(record, "host#" + record.Host.ToLowerInvariant(), IndexSortKey(record)) } });
        }
        var pending = new Dictionary<string, List<WriteRequest>> { [tableName] = writes };
        for (var attempt = 0; pending.Count > 0 && pending.TryGetValue(tableName, out var batch) && batch.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 << Math.Min(attempt, 5)), cancellationToken);
            }
            var response = await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
            pending = response.UnprocessedItems ?? [];
            if (attempt > 8)
            {
                throw new InvalidOperationException($"execution record {record.ExecutionId}: DynamoDB left items unprocessed after {attempt} attempts");
            }
        }
    }

    public async Task<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new() { ["pk"] = S("execution#" + executionId), ["sk"] = S("record") },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    public Task<IReadOnlyList<ExecutionRecord>> ListByFingerprintAsync(string fingerprint, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        QueryAsync("fingerprint#" + fingerprint, since, 1000, cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> ListByHostAsync(string host, DateTimeOffset since, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync("host#" + (host ?? "").ToLowerInvariant(), since, limit, cancellationToken);

    public async Task PatchAsync(string executionId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Count == 0)
        {
            return;
        }
        var names = new Dictionary<string, string>();
        var values = new Dictionary<string, AttributeValue>();
        var sets = new List<string>();
        var i = 0;
        foreach (var (name, value) in attributes)
        {
            names[$"#a{i}"] = name;
            values[$":v{i}"] = S(value);
            sets.Add($"#a{i} = :v{i}");
            i++;
        }
        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = new() { ["pk"] = S("execution#" + executionId), ["sk"] = S("record") },
            UpdateExpression = "SET " + string.Join(", ", sets),
            ConditionExpression = "attribute_exists(pk)",
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<ExecutionRecord>> QueryAsync(string partition, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var results = new List<ExecutionRecord>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "pk = :pk AND sk >= :since",
                ExpressionAttributeValues = new() { [":pk"] = S(partition), [":since"] = S(Iso(since)) },
                ScanIndexForward = false,
                Limit = Math.Min(limit - results.Count, 1000),
                ExclusiveStartKey = start,
            }, cancellationToken);
            results.AddRange((response.Items ?? []).Select(FromItem));
            start = response.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null && results.Count < limit);
        return results;
    }

    private static string IndexSortKey(ExecutionRecord record) => Iso(record.StartedAt) + "#" + record.ExecutionId;

    private Dictionary<string, AttributeValue> ToItem(ExecutionRecord r, string pk, string sk)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = S(pk),
            ["sk"] = S(sk),
            ["executionId"] = S(r.ExecutionId),
            ["executionName"] = S(r.ExecutionName),
            ["fingerprint"] = S(r.Fingerprint),
            ["alertId"] = S(r.AlertId),
            ["source"] = S(r.Source),
            ["host"] = S(r.Host),
            ["title"] = S(r.Title),
            ["severity"] = S(r.Severity),
            ["status"] = S(r.Status),
            ["reason"] = S(r.Reason),
            ["startedAt"] = Time(r.StartedAt),
            ["updatedAt"] = Time(r.UpdatedAt),
            ["executed"] = Bool(r.Executed),
            ["automatic"] = Bool(r.Automatic),
            ["runbookId"] = S(r.RunbookId),
            ["planModel"] = S(r.PlanModel),
            ["scriptSha256"] = S(r.ScriptSha256),
            ["approvalId"] = S(r.ApprovalId),
            ["approver"] = S(r.Approver),
            ["commandStatus"] = S(r.CommandStatus),
            ["auditLocation"] = S(r.AuditLocation),
            ["ttl"] = Ttl(r.StartedAt + retention),
        };
        if (r.FinishedAt is { } finished)
        {
            item["finishedAt"] = Time(finished);
        }
        if (r.Attributes.Count > 0)
        {
            item["attributes"] = new AttributeValue { M = r.Attributes.ToDictionary(a => a.Key, a => S(a.Value)) };
        }
        return item;
    }

    private static readonly HashSet<string> Known =
    [
        "pk", "sk", "executionId", "executionName", "fingerprint", "alertId", "source", "host", "title", "severity", "status", "reason",
        "startedAt", "updatedAt", "finishedAt", "executed", "automatic", "runbookId", "planModel", "scriptSha256", "approvalId",
        "approver", "commandStatus", "auditLocation", "ttl", "attributes",
    ];

    private static ExecutionRecord FromItem(Dictionary<string, AttributeValue> item)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetValue("attributes", out var map) && map.M is not null)
        {
            foreach (var (k, v) in map.M)
            {
                extra[k] = v.S ?? "";
            }
        }
        foreach (var (k, v) in item)
        {
            if (!Known.Contains(k) && v.S is not null)
            {
                extra[k] = v.S;
            }
        }
        return new ExecutionRecord
        {
            ExecutionId = Str(item, "executionId"),
            ExecutionName = Str(item, "executionName"),
            Fingerprint = Str(item, "fingerprint"),
            AlertId = Str(item, "alertId"),
            Source = Str(item, "source"),
            Host = Str(item, "host"),
            Title = Str(item, "title"),
            Severity = Str(item, "severity"),
            Status = Str(item, "status"),
            Reason = Str(item, "reason"),
            StartedAt = At(item, "startedAt"),
            UpdatedAt = At(item, "updatedAt"),
            FinishedAt = OptionalAt(item, "finishedAt"),
            Executed = Flag(item, "executed"),
            Automatic = Flag(item, "automatic"),
            RunbookId = Str(item, "runbookId"),
            PlanModel = Str(item, "planModel"),
            ScriptSha256 = Str(item, "scriptSha256"),
            ApprovalId = Str(item, "approvalId"),
            Approver = Str(item, "approver"),
            CommandStatus = Str(item, "commandStatus"),
            AuditLocation = Str(item, "auditLocation"),
            Attributes = extra,
        };
    }
}
