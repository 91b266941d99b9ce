using AeonNova.Core.Planning;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;

namespace AeonNova.Workflow.Commands;

/// <summary>
/// Sends an approved command at most once per idempotency key (execution + step + script hash + targets), on both
/// hosts: the ledger row is durable before the sender is called; a row that already has a command id answers with
/// it; a row whose earlier attempt ended without an id (timeout, 5xx, throttling, a crash) first looks for a command
/// that attempt may have created (the Comment carries the key) and adopts it, and only then sends again, under a
/// conditional attempt claim so two concurrent invocations can never both send.
/// </summary>
public sealed class CommandLedgerSender(ICommandLedgerStore ledger, ICommandSender sender, CommandLedgerOptions options, TimeProvider clock)
{
    /// <summary>The send steps of the workflow; each has its own key, so the rollback is never mistaken for the script.</summary>
    public static readonly IReadOnlyList<string> Steps = ["execute", "rollback"];

    /// <summary>What every command Comment starts with (SSM console readers see the step and the key first).</summary>
    public const string CommentPrefix = "AeonNova";

    private const int MaxClaimRounds = 3;

    public async Task<CommandRef> SendAsync(SendCommandInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = Request(input);
        var now = clock.GetUtcNow();
        var row = await BeforeSendingAsync(() => ledger.ReserveAsync(new CommandLedgerEntry
        {
            Key = request.IdempotencyKey,
            ExecutionArn = request.ExecutionArn,
            Step = input.Step,
            ScriptSha256 = ScriptSha256(request.Commands),
            InstanceIds = request.InstanceIds,
            CreatedAt = now,
        }, cancellationToken), request.IdempotencyKey, cancellationToken).ConfigureAwait(false);

        for (var round = 0; round < MaxClaimRounds; round++)
        {
            if (row.CommandId is not null)
            {
                return Result(input.Step, row, "recorded");
            }
            if (row.Attempts > 0)
            {
                if (row.LeaseUntil > now)
                {
                    throw new CommandSendInProgressException(
                        $"{input.Step}: send attempt {row.Attempts} for {row.Key} may still be running (until {row.LeaseUntil:O}); retry later.");
                }
                // The earlier attempt ended without recording an id: it may still have reached the service. A failure
                // of the lookup or of recording what it found (throttling, a busy account) leaves nothing sent by this
                // invocation, so it is retryable like any other ledger failure, not the end of the approved fix.
                var earlier = row;
                if (await BeforeSendingAsync(() => sender.FindSentAsync(request, earlier.CreatedAt, cancellationToken), earlier.Key, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    var adopted = await BeforeSendingAsync(() => ledger.RecordCommandAsync(earlier.Key, found, cancellationToken), earlier.Key, cancellationToken).ConfigureAwait(false);
                    return Result(input.Step, adopted, "adopted");
                }
                if (row.Attempts >= options.MaxSendAttempts)
                {
                    throw new CommandSendAbandonedException(
                        $"{input.Step}: {row.Attempts} send attempts for {row.Key} ended without a command and none was found under that key; " +
                        "nothing runs automatically any more. Check the host, then re-send the alert or fix it by hand.");
                }
            }
            var key = row.Key;
            var attempts = row.Attempts;
            if (!await BeforeSendingAsync(() => ledger.TryClaimAttemptAsync(key, attempts, now + options.SendLease, cancellationToken), key, cancellationToken).ConfigureAwait(false))
            {
                // Another invocation claimed this attempt between our read and our write: read what it did.
                row = await BeforeSendingAsync(() => ledger.GetAsync(key, cancellationToken), key, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"the ledger row {key} disappeared after it was reserved");
                continue;
            }
            return Result(input.Step, await SendOnceAsync(request, row.Attempts + 1, cancellationToken).ConfigureAwait(false), "sent");
        }
        throw new CommandSendInProgressException($"{input.Step}: other invocations keep claiming {row.Key}; retry later.");
    }

    /// <summary>
    /// A ledger read or write, or the lookup of an earlier attempt's command, failed before this invocation sent
    /// anything: safe to retry (the retry starts over).
    /// </summary>
    private static async Task<T> BeforeSendingAsync<T>(Func<Task<T>> call, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new CommandSendUncertainException($"the command ledger or the command lookup failed for {key} before anything was sent ({ex.GetType().Name}: {ex.Message}); the retry starts over.", ex);
        }
    }

    private async Task<CommandLedgerEntry> SendOnceAsync(CommandSendRequest request, int attempt, CancellationToken cancellationToken)
    {
        string commandId;
        try
        {
            commandId = await sender.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandRejectedException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Timeout (an HTTP timeout is a TaskCanceledException nobody asked for), 5xx, throttling: the service may or may not have accepted it. The lease stays, so the retry
            // looks for it (after the lease) before it sends again.
            throw new CommandSendUncertainException(
                $"send attempt {attempt} for {request.IdempotencyKey} failed ({ex.GetType().Name}: {ex.Message}); the retry adopts the command if it was accepted, else sends once more.", ex);
        }
        try
        {
            return await ledger.RecordCommandAsync(request.IdempotencyKey, commandId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new CommandSendUncertainException(
                $"command {commandId} was sent for {request.IdempotencyKey} but the ledger did not record it ({ex.Message}); the retry adopts it.", ex);
        }
    }

    private static CommandRef Result(string step, CommandLedgerEntry row, string origin) => new()
    {
        Step = step,
        CommandId = row.CommandId!,
        IdempotencyKey = row.Key,
        Origin = origin,
        Attempts = row.Attempts,
    };

    /// <summary>Builds the request and its key; refuses input that cannot name one command on known targets.</summary>
    public static CommandSendRequest Request(SendCommandInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Steps.Contains(input.Step, StringComparer.Ordinal))
        {
            throw new WorkflowInputException($"SendCommand: step '{input.Step}' is not one of {string.Join(", ", Steps)}.");
        }
        if (string.IsNullOrWhiteSpace(input.ExecutionId))
        {
            throw new WorkflowInputException("SendCommand: executionId ($$.Execution.Id) is required: it is part of the idempotency key.");
        }
        var command = input.Command ?? throw new WorkflowInputException($"SendCommand ({input.Step}): command is missing.");
        if (command.InstanceIds.Count == 0 || command.InstanceIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new WorkflowInputException($"SendCommand ({input.Step}): command.instanceIds must name at least one target.");
        }
        if (command.Commands.Count == 0)
        {
            throw new WorkflowInputException($"SendCommand ({input.Step}): command.commands is empty.");
        }
        var key = Key(input.ExecutionId, input.Step, ScriptSha256(command.Commands), command.InstanceIds);
        var executionName = input.ExecutionId[(input.ExecutionId.LastIndexOf(':') + 1)..];
        return new CommandSendRequest
        {
            IdempotencyKey = key,
            ExecutionArn = input.ExecutionId,
            DocumentName = command.DocumentName,
            InstanceIds = command.InstanceIds,
            Commands = command.Commands,
            ExecutionTimeout = command.ExecutionTimeout,
            Comment = Truncate($"{CommentTag(input.Step, key)} {executionName}", 100),
        };
    }

    /// <summary>The start of the Comment that identifies a command as this key's (what FindSentAsync matches).</summary>
    public static string CommentTag(string step, string key) => $"{CommentPrefix} {step} {key}";

    /// <summary>The key of one send step: the same for a retried or resumed step, different for the rollback.</summary>
    public static string Key(string executionArn, string step, string scriptSha256, IReadOnlyList<string> instanceIds)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        return "ledger-" + PlanDigest.Sha256Hex($"{executionArn}\n{step}\n{scriptSha256}\n{string.Join(',', instanceIds)}")[..40];
    }

    public static string ScriptSha256(IReadOnlyList<string> commands) => PlanDigest.Sha256Hex(string.Join('\n', commands));

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <param name="SendLease">How long a claimed attempt may still be sending. Above the function's hard timeout on AWS
/// (a Lambda cut off at its timeout can no longer send); zero for a single-process host, whose earlier attempts died with it.</param>
/// <param name="MaxSendAttempts">Attempts that may end without a command before the step gives up (each one first looks for the previous one's command).</param>
public sealed record CommandLedgerOptions(TimeSpan SendLease, int MaxSendAttempts = 3)
{
    /// <summary>Four times the SendCommand function's timeout (<see cref="FunctionSizing"/>).</summary>
    public static CommandLedgerOptions Aws { get; } = new(TimeSpan.FromSeconds(FunctionSizing.For("SendCommand").TimeoutSeconds * 4));

    /// <summary>One process runs every step (aeonnova serve, tests): an unfinished attempt belongs to a process that died.</summary>
    public static CommandLedgerOptions SingleProcess { get; } = new(TimeSpan.Zero);
}

/// <summary>Another invocation's send attempt may still be running: retried by the state machine.</summary>
public sealed class CommandSendInProgressException : Exception
{
    public CommandSendInProgressException() : this("a send attempt is in progress") { }
    public CommandSendInProgressException(string message) : base(message) { }
    public CommandSendInProgressException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>The send failed in a way that does not say whether the command was accepted: retried by the state machine (safe: the retry adopts it).</summary>
public sealed class CommandSendUncertainException : Exception
{
    public CommandSendUncertainException() : this("the send outcome is unknown") { }
    public CommandSendUncertainException(string message) : base(message) { }
    public CommandSendUncertainException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Every allowed attempt ended without a command: the execution ends (MarkCommandError), a human decides.</summary>
public sealed class CommandSendAbandonedException : Exception
{
    public CommandSendAbandonedException() : this("no more send attempts") { }
    public CommandSendAbandonedException(string message) : base(message) { }
    public CommandSendAbandonedException(string message, Exception innerException) : base(message, innerException) { }
}
