using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AeonNova.Functions.Tests.Adapters;

/// <summary>
/// One in-memory DynamoDB table for <c>DynamoDbCommandLedgerStore</c>: PutItem/UpdateItem/GetItem with the condition
/// expressions DynamoDB evaluates atomically per item (attribute_exists, attribute_not_exists, "a = :v", joined by
/// AND) and "SET a = :x, b = :y" updates. Anything else is refused, so a changed adapter cannot pass by accident.
/// </summary>
internal sealed partial class FakeDynamoTable() : AmazonDynamoDBClient(new AnonymousAWSCredentials(), RegionEndpoint.USEast1)
{
    private readonly Dictionary<string, Dictionary<string, AttributeValue>> _items = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Fail the next UpdateItem that sets commandId with a 500 (the ledger write after an accepted send).</summary>
    public int FailNextCommandIdWrites { get; set; }

    public Dictionary<string, AttributeValue>? Item(string pk)
    {
        lock (_gate)
        {
            return _items.TryGetValue(pk, out var item) ? new Dictionary<string, AttributeValue>(item) : null;
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Throttle the next PutItem calls (ProvisionedThroughputExceeded / 400).</summary>
    public int ThrottleNextPuts { get; set; }

    public override Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (ThrottleNextPuts > 0)
            {
                ThrottleNextPuts--;
                throw new ProvisionedThroughputExceededException("Rate of requests exceeds the allowed throughput") { StatusCode = HttpStatusCode.BadRequest };
            }
            var pk = request.Item["pk"].S;
            Check(_items.GetValueOrDefault(pk), request.ConditionExpression, request.ExpressionAttributeValues);
            _items[pk] = new Dictionary<string, AttributeValue>(request.Item);
            return Task.FromResult(new PutItemResponse());
        }
    }

    public override Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (FailNextCommandIdWrites > 0 && request.UpdateExpression.Contains("commandId", StringComparison.Ordinal))
            {
                FailNextCommandIdWrites--;
                throw new AmazonDynamoDBException("Internal server error") { StatusCode = HttpStatusCode.InternalServerError };
            }
            var pk = request.Key["pk"].S;
            var current = _items.GetValueOrDefault(pk);
            Check(current, request.ConditionExpression, request.ExpressionAttributeValues);
            var item = current is null ? new Dictionary<string, AttributeValue>(request.Key) : new Dictionary<string, AttributeValue>(current);
            var set = request.UpdateExpression.StartsWith("SET ", StringComparison.Ordinal)
                ? request.UpdateExpression[4..]
                : throw new NotSupportedException($"fake DynamoDB: update '{request.UpdateExpression}'");
            foreach (var assignment in set.Split(','))
            {
                var parts = assignment.Split('=', StringSplitOptions.TrimEntries);
                item[parts[0]] = request.ExpressionAttributeValues[parts[1]];
            }
            _items[pk] = item;
            return Task.FromResult(new UpdateItemResponse { Attributes = new Dictionary<string, AttributeValue>(item) });
        }
    }

    public override Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var item = _items.GetValueOrDefault(request.Key["pk"].S);
            return Task.FromResult(new GetItemResponse { Item = item is null ? null : new Dictionary<string, AttributeValue>(item) });
        }
    }

    private static void Check(Dictionary<string, AttributeValue>? item, string? condition, Dictionary<string, AttributeValue>? values)
    {
        if (string.IsNullOrEmpty(condition))
        {
            return;
        }
        foreach (var clause in condition.Split(" AND ", StringSplitOptions.TrimEntries))
        {
            bool holds;
            if (Function().Match(clause) is { Success: true } f)
            {
                var exists = item?.ContainsKey(f.Groups[2].Value) == true;
                holds = f.Groups[1].Value == "attribute_exists" ? exists : !exists;
            }
            else if (Equality().Match(clause) is { Success: true } e)
            {
                var expected = values![e.Groups[2].Value];
                holds = item is not null && item.TryGetValue(e.Groups[1].Value, out var actual)
                    && (actual.S ?? actual.N) == (expected.S ?? expected.N);
            }
            else
            {
                throw new NotSupportedException($"fake DynamoDB: condition '{clause}'");
            }
            if (!holds)
            {
                throw new ConditionalCheckFailedException("The conditional request failed");
            }
        }
    }

    [GeneratedRegex(@"^(attribute_exists|attribute_not_exists)\((\w+)\)$")]
    private static partial Regex Function();

    [GeneratedRegex(@"^(\w+) = (:\w+)$")]
    private static partial Regex Equality();
}

/// <summary>What the next SendCommand call does.</summary>
internal enum SendFault
{
    None,
    /// <summary>SSM creates the command, then the call fails (the HTTP client's timeout).</summary>
    AcceptThenTimeout,
    /// <summary>SSM accepts nothing: 400 ThrottlingException.</summary>
    Throttle,
    /// <summary>SSM refuses: 400 InvalidInstanceId.</summary>
    InvalidInstance,
}

/// <summary>
/// SSM Run Command in memory: SendCommand (with scripted faults) and ListCommands honouring the InvokedAfter and
/// DocumentName filters, MaxResults and NextToken, as the SSM API reference describes them.
/// </summary>
internal sealed class FakeSsm(TimeProvider clock) : AmazonSimpleSystemsManagementClient(new AnonymousAWSCredentials(), RegionEndpoint.USEast1)
{
    private readonly List<Command> _accepted = [];
    private readonly Queue<SendFault> _faults = new();
    private readonly Lock _gate = new();
    private int _sendCalls;

    /// <summary>Runs inside SendCommand before anything is accepted (e.g. to look at the ledger).</summary>
    public Action<SendCommandRequest>? OnSend { get; set; }

    /// <summary>How long SendCommand takes (lets concurrent invocations overlap).</summary>
    public TimeSpan Latency { get; set; }

    public int SendCalls => Volatile.Read(ref _sendCalls);

    /// <summary>Throttle the next ListCommands calls (ThrottlingException / 400), as a busy account sees them.</summary>
    public int ThrottleNextLists { get; set; }

    public IReadOnlyList<Command> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    public void Next(params SendFault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>A command created by someone else (another execution) in the same window.</summary>
    public void Seed(string comment, string documentName = "AWS-RunShellScript")
    {
        lock (_gate)
        {
            _accepted.Add(new Command { CommandId = Guid.NewGuid().ToString(), Comment = comment, DocumentName = documentName, RequestedDateTime = clock.GetUtcNow().UtcDateTime });
        }
    }

    public override async Task<SendCommandResponse> SendCommandAsync(SendCommandRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _sendCalls);
        OnSend?.Invoke(request);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }
        SendFault fault;
        lock (_gate)
        {
            fault = _faults.Count > 0 ? _faults.Dequeue() : SendFault.None;
        }
        switch (fault)
        {
            case SendFault.Throttle:
                throw new AmazonSimpleSystemsManagementException("Rate exceeded") { ErrorCode = "ThrottlingException", StatusCode = HttpStatusCode.BadRequest };
            case SendFault.InvalidInstance:
                throw new InvalidInstanceIdException("Instances [[i-0abc]] not in a valid state") { ErrorCode = "InvalidInstanceId", StatusCode = HttpStatusCode.BadRequest };
        }
        var command = new Command
        {
            CommandId = Guid.NewGuid().ToString(),
            Comment = request.Comment,
            DocumentName = request.DocumentName,
            InstanceIds = request.InstanceIds,
            Parameters = request.Parameters,
            RequestedDateTime = clock.GetUtcNow().UtcDateTime,
        };
        lock (_gate)
        {
            _accepted.Add(command);
        }
        if (fault == SendFault.AcceptThenTimeout)
        {
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing.", new TimeoutException());
        }
        return new SendCommandResponse { Command = command };
    }

    public override Task<ListCommandsResponse> ListCommandsAsync(ListCommandsRequest request, CancellationToken cancellationToken = default)
    {
        var after = DateTime.MinValue;
        string? document = null;
        foreach (var filter in request.Filters ?? [])
        {
            if (filter.Key == CommandFilterKey.InvokedAfter)
            {
                after = DateTime.Parse(filter.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            }
            else if (filter.Key == CommandFilterKey.DocumentName)
            {
                document = filter.Value;
            }
        }
        lock (_gate)
        {
            if (ThrottleNextLists > 0)
            {
                ThrottleNextLists--;
                throw new AmazonSimpleSystemsManagementException("Rate exceeded") { ErrorCode = "ThrottlingException", StatusCode = HttpStatusCode.BadRequest };
            }
            var matching = _accepted.Where(c => c.RequestedDateTime >= after && (document is null || c.DocumentName == document)).ToList();
            var start = string.IsNullOrEmpty(request.NextToken) ? 0 : int.Parse(request.NextToken, CultureInfo.InvariantCulture);
            var size = request.MaxResults ?? 50;
            var page = matching.Skip(start).Take(size).ToList();
            return Task.FromResult(new ListCommandsResponse
            {
                Commands = page,
                NextToken = start + size < matching.Count ? (start + size).ToString(CultureInfo.InvariantCulture) : null,
            });
        }
    }
}
