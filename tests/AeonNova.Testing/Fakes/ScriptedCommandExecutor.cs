using System.Globalization;

using AeonNova.Local.Workflow;

namespace AeonNova.Testing;

/// <summary>
/// An executor stand-in (tests, benchmarks, dry runs): records every command and reports a configurable outcome,
/// optionally after some InProgress polls. Never runs anything.
/// </summary>
public sealed class ScriptedCommandExecutor : ICommandExecutor
{
    private readonly Dictionary<string, (CommandRequest Request, int Polls)> _commands = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The final result every command reports.</summary>
    public CommandInvocation Result { get; set; } = new("Success", 0, "ok\n", "");

    /// <summary>A result for one command (e.g. the rollback, whose comment names it); null = <see cref="Result"/>.</summary>
    public Func<CommandRequest, CommandInvocation?>? ResultFor { get; set; }

    /// <summary>How many polls report InProgress before the result.</summary>
    public int InProgressPolls { get; set; }

    public IReadOnlyList<CommandRequest> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands.Values.Select(c => c.Request)];
            }
        }
    }

    /// <summary>The next sends fail after the command was accepted (a timeout on the way back).</summary>
    public int FailSendsAfterAccepting { get; set; }

    /// <summary>The next sends fail before anything was accepted (throttled).</summary>
    public int FailSendsBeforeAccepting { get; set; }

    /// <summary>Every SendAsync call, failed ones included.</summary>
    public int SendCalls { get; private set; }

    public Task<string> SendAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            SendCalls++;
            if (FailSendsBeforeAccepting > 0)
            {
                FailSendsBeforeAccepting--;
                throw new TimeoutException("throttled before accepting (test)");
            }
            var id = "cmd-" + (_commands.Count + 1).ToString("D6", CultureInfo.InvariantCulture);
            _commands[id] = (request, 0);
            if (FailSendsAfterAccepting > 0)
            {
                FailSendsAfterAccepting--;
                throw new TimeoutException($"accepted {id}, then the answer was lost (test)");
            }
            return Task.FromResult(id);
        }
    }

    public Task<string?> FindAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            return Task.FromResult(_commands.Where(c => c.Value.Request.Comment == request.Comment && c.Value.Request.ExecutionArn == request.ExecutionArn)
                .Select(c => c.Key).FirstOrDefault());
        }
    }

    public Task<CommandInvocation> GetAsync(string commandId, string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_commands.TryGetValue(commandId, out var command) || !command.Request.InstanceIds.Contains(instanceId))
            {
                throw new KeyNotFoundException($"no invocation of {commandId} on {instanceId}");
            }
            _commands[commandId] = (command.Request, command.Polls + 1);
            return Task.FromResult(command.Polls < InProgressPolls ? new CommandInvocation("InProgress", -1, "", "") : ResultFor?.Invoke(command.Request) ?? Result);
        }
    }
}
