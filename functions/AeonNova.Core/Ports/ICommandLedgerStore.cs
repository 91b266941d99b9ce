namespace AeonNova.Core.Ports;

/// <summary>
/// Port: the command ledger the SendCommand step writes before anything is sent (DynamoDB on AWS, SQLite locally).
/// One row per idempotency key (execution + step + script hash + targets). Every write is conditional, so two
/// concurrent invocations of the step for one key can never both win an attempt.
/// </summary>
public interface ICommandLedgerStore
{
    /// <summary>Inserts the row if the key has none yet (attribute_not_exists); returns the row as it now stands.</summary>
    Task<CommandLedgerEntry> ReserveAsync(CommandLedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the next send attempt: succeeds only when the row still has <paramref name="expectedAttempts"/> attempts
    /// and no command id. The winner holds the attempt until <paramref name="leaseUntil"/>: only then may another invocation look for
    /// what it sent or try again.
    /// </summary>
    Task<bool> TryClaimAttemptAsync(string key, int expectedAttempts, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Records the command id once (the first id recorded stays); returns the row as it now stands.</summary>
    Task<CommandLedgerEntry> RecordCommandAsync(string key, string commandId, CancellationToken cancellationToken = default);

    Task<CommandLedgerEntry?> GetAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>One ledger row.</summary>
public sealed record CommandLedgerEntry
{
    /// <summary>The idempotency key; also what the sent command's Comment carries.</summary>
    public required string Key { get; init; }
    public required string ExecutionArn { get; init; }
    /// <summary>execute | rollback: each send step of one execution has its own key.</summary>
    public required string Step { get; init; }
    public required string ScriptSha256 { get; init; }
    public required IReadOnlyList<string> InstanceIds { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Send attempts claimed so far (0: nothing was ever handed to the sender).</summary>
    public int Attempts { get; init; }
    /// <summary>Until when the last attempt's sender may still be running (a concurrent invocation waits for it).</summary>
    public DateTimeOffset LeaseUntil { get; init; }
    /// <summary>Set once the command id is known (sent, or adopted after an ambiguous failure).</summary>
    public string? CommandId { get; init; }
}

/// <summary>
/// Port: the service that runs a command on the targets (SSM Run Command on AWS, the executors locally). The
/// request's <see cref="CommandSendRequest.Comment"/> carries the idempotency key so <see cref="FindSentAsync"/>
/// can find a command a failed call may nevertheless have created.
/// </summary>
public interface ICommandSender
{
    /// <summary>Returns the command id. Throw <see cref="CommandRejectedException"/> when the service certainly did not accept it and a retry cannot help.</summary>
    Task<string> SendAsync(CommandSendRequest request, CancellationToken cancellationToken = default);

    /// <summary>The id of a command already created for this request (matched by its Comment) at or after <paramref name="sentAfter"/>, or null.</summary>
    Task<string?> FindSentAsync(CommandSendRequest request, DateTimeOffset sentAfter, CancellationToken cancellationToken = default);
}

public sealed record CommandSendRequest
{
    public required string IdempotencyKey { get; init; }
    public required string ExecutionArn { get; init; }
    /// <summary>AWS-RunShellScript or AWS-RunPowerShellScript.</summary>
    public required string DocumentName { get; init; }
    public required IReadOnlyList<string> InstanceIds { get; init; }
    public required IReadOnlyList<string> Commands { get; init; }
    public required IReadOnlyList<string> ExecutionTimeout { get; init; }
    /// <summary>At most 100 characters (SSM's limit); names the step and carries the key.</summary>
    public required string Comment { get; init; }
}

/// <summary>The command service refused the request for good (bad document, target, parameters): nothing ran, do not retry.</summary>
public sealed class CommandRejectedException : Exception
{
    public CommandRejectedException() : this("the command was rejected") { }
    public CommandRejectedException(string message) : base(message) { }
    public CommandRejectedException(string message, Exception innerException) : base(message, innerException) { }
}
