using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using AeonNova.Core.Safety;
using AeonNova.Local.Executors;
using AeonNova.Local.Storage;
using AeonNova.Local.Workflow;

namespace AeonNova.Local.Runtime;

/// <summary>
/// The workflow's ssm:sendCommand / getCommandInvocation on the host's executors. The command id (the idempotency
/// key, like SSM's command id it is what the workflow checkpoints) is derived from the execution, targets and script,
/// and its ledger row is durable ("Pending") before the id is returned and before anything runs. After a crash:
/// Execute re-run finds the row and sends under the same id; a poll that finds a row still "Pending" that no task
/// of this process sends re-sends it once (the ledger's claim lets exactly one run); a row left "Running" by a
/// crash reports Failed ("Undetermined") rather than running twice; no row means nothing was sent.
/// </summary>
public sealed class SsmCommandAdapter(ExecutorRouter executors, ICommandLedger ledger, CrashPoints? crashPoints = null) : ICommandExecutor
{
    private readonly ConcurrentDictionary<string, Task> running = new(StringComparer.Ordinal);
    private readonly CrashPoints crash = crashPoints ?? CrashPoints.None;

    public async Task<string> SendAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var script = string.Join('\n', request.Commands);
        var language = request.DocumentName.Contains("PowerShell", StringComparison.OrdinalIgnoreCase) ? ScriptLanguage.PowerShell : ScriptLanguage.Bash;
        var commandId = CommandId(request.ExecutionArn, request.InstanceIds, script);
        var executionName = request.ExecutionArn[(request.ExecutionArn.LastIndexOf(':') + 1)..];
        var commands = request.InstanceIds.Select(instance => new HostCommand(InvocationId(commandId, instance), executionName, instance, language, script)).ToList();
        foreach (var command in commands)
        {
            await crash.ReachAsync("before-ledger-write", command.CommandId);
            executors.Reserve(command);
            await crash.ReachAsync("after-ledger-write", command.CommandId);
        }
        foreach (var command in commands)
        {
            Start(command);
        }
        return commandId;
    }

    public Task<CommandInvocation> GetAsync(string commandId, string instanceId, CancellationToken cancellationToken)
    {
        var key = InvocationId(commandId, instanceId);
        var result = ledger.Get(key);
        if (result is null)
        {
            throw new KeyNotFoundException($"no invocation of {commandId} on {instanceId}: it was never sent");
        }
        if (result.Status == "Pending")
        {
            // Reserved, then the host stopped before it started: send it now, under the same id, once.
            if (!running.ContainsKey(key) && ledger.Row(key) is { } row)
            {
                Start(new HostCommand(key, row.ExecutionName, row.Host,
                    row.Language == "powershell" ? ScriptLanguage.PowerShell : ScriptLanguage.Bash, row.Script));
            }
            return Task.FromResult(new CommandInvocation("Pending", -1, "", ""));
        }
        var invocation = result.Status switch
        {
            "Running" when running.TryGetValue(key, out var task) && !task.IsCompleted => new CommandInvocation("InProgress", -1, "", ""),
            "Running" => new CommandInvocation("Failed", -1, "", "Undetermined: the host stopped while this command was running; it is not run again automatically."),
            "Success" or "DryRun" => new CommandInvocation("Success", result.ExitCode ?? 0, result.Output, ""),
            "TimedOut" => new CommandInvocation("TimedOut", result.ExitCode ?? -1, result.Output, ""),
            "Cancelled" => new CommandInvocation("Cancelled", result.ExitCode ?? -1, result.Output, ""),
            _ => new CommandInvocation("Failed", result.ExitCode ?? -1, result.Output, result.Status == "Undetermined" ? "Undetermined" : ""),
        };
        return Task.FromResult(invocation);
    }

    /// <summary>The id is derived from the request, so a command was sent iff its ledger row exists (Pending or later).</summary>
    public Task<string?> FindAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var commandId = CommandId(request.ExecutionArn, request.InstanceIds, string.Join('\n', request.Commands));
        return Task.FromResult(request.InstanceIds.Any(instance => ledger.Get(InvocationId(commandId, instance)) is not null) ? commandId : null);
    }

    private void Start(HostCommand command) =>
        running.GetOrAdd(command.CommandId, _ => Task.Run(() => executors.RunAsync(command, CancellationToken.None)));

    /// <summary>The idempotency key: one id per execution, target list and script (a re-run Execute gets the same one).</summary>
    public static string CommandId(string executionArn, IReadOnlyList<string> instances, string script)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{executionArn}\n{string.Join(',', instances)}\n{script}"));
        return "cmd-" + Convert.ToHexStringLower(digest)[..32];
    }

    private static string InvocationId(string commandId, string instance) => $"{commandId}:{instance}";
}
