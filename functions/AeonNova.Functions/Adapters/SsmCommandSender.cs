using System.Globalization;
using System.Net;
using AeonNova.Core.Ports;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AeonNova.Functions.Adapters;

/// <summary>
/// <see cref="ICommandSender"/> on SSM Run Command. SendCommand carries the ledger key in its Comment (at most 100
/// characters); FindSentAsync pages through ListCommands filtered by InvokedAfter (the ledger row's time, less a
/// clock-skew margin) and DocumentName, and matches that Comment (SSM API reference: ListCommands, CommandFilter).
/// A 4xx answer other than throttling means SSM refused the request: <see cref="CommandRejectedException"/>.
/// </summary>
public sealed class SsmCommandSender(IAmazonSimpleSystemsManagement ssm) : ICommandSender
{
    /// <summary>The ledger row is written before the send; this margin covers clock skew between Lambda and SSM.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>ListCommands' page size limit.</summary>
    public const int PageSize = 50;

    /// <summary>Pages read before giving up (a busy account sends many commands in one window).</summary>
    public const int MaxPages = 40;

    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "TooManyUpdates",
    };

    /// <summary>How long one SSM call may take: well inside the SendCommand function's 15 s timeout, so an unanswered call
    /// ends as an ambiguous send the ledger resolves, not as a Lambda timeout in the middle of the bookkeeping.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The SSM client for this sender. The SDK's own retries are off: SendCommand has no idempotency token, so an
    /// SDK retry after a lost response would create a second command with the same Comment inside one invocation,
    /// which the ledger cannot see. Every retry goes through the state machine and the ledger instead.
    /// </summary>
    public static AmazonSimpleSystemsManagementClient CreateClient() => new(ClientConfig());

    /// <summary>The configuration <see cref="CreateClient"/> uses (the region comes from AWS_REGION, as for every client).</summary>
    public static AmazonSimpleSystemsManagementConfig ClientConfig() => new()
    {
        MaxErrorRetry = 0,
        Timeout = CallTimeout,
    };

    public async Task<string> SendAsync(CommandSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var response = await ssm.SendCommandAsync(new SendCommandRequest
            {
                DocumentName = request.DocumentName,
                InstanceIds = [.. request.InstanceIds],
                Parameters = new Dictionary<string, List<string>>
                {
                    ["commands"] = [.. request.Commands],
                    ["executionTimeout"] = [.. request.ExecutionTimeout],
                },
                Comment = request.Comment,
            }, cancellationToken);
            return response.Command?.CommandId is { Length: > 0 } id
                ? id
                : throw new InvalidOperationException("SSM SendCommand answered without a command id");
        }
        catch (AmazonServiceException ex) when (IsRefusal(ex))
        {
            throw new CommandRejectedException($"SSM refused the command ({ex.ErrorCode}: {ex.Message}); nothing was sent.", ex);
        }
    }

    public async Task<string?> FindSentAsync(CommandSendRequest request, DateTimeOffset sentAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var after = (sentAfter - ClockSkew).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string? next = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await ssm.ListCommandsAsync(new ListCommandsRequest
            {
                Filters =
                [
                    new CommandFilter { Key = CommandFilterKey.InvokedAfter, Value = after },
                    new CommandFilter { Key = CommandFilterKey.DocumentName, Value = request.DocumentName },
                ],
                MaxResults = PageSize,
                NextToken = next,
            }, cancellationToken);
            var match = (response.Commands ?? []).FirstOrDefault(c => string.Equals(c.Comment, request.Comment, StringComparison.Ordinal));
            if (match is not null)
            {
                return match.CommandId;
            }
            next = response.NextToken;
            if (string.IsNullOrEmpty(next))
            {
                return null;
            }
        }
        throw new InvalidOperationException(
            $"more than {MaxPages * PageSize} {request.DocumentName} commands since {after}: cannot tell whether {request.IdempotencyKey} was sent; not sending it again.");
    }

    private static bool IsRefusal(AmazonServiceException ex) =>
        (int)ex.StatusCode is >= 400 and < 500 && ex.StatusCode != HttpStatusCode.TooManyRequests && !Throttling.Contains(ex.ErrorCode ?? "");
}
