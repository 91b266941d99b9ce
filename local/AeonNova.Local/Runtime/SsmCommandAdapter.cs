using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using AeonNova.Core.Safety;
using AeonNova.Local.Executors;
using AeonNova.Local.Storage;
using AeonNova.Local.Workflow;

namespace AeonNova.Local.Runtime;

/// <summary>
/// The workflow's ssm:sendCommand / getCommandInvocation on the host's executors. The command id is derived
/// from the execution, targets and script, so when the engine re-runs Execute after a crash the same id comes
/// back and the ledger refuses to run it again. A command the ledger shows as running but that no task of this
/// process runs was cut off by a crash: it reports Failed ("Undetermined") rather than running twice.
/// </summary>
public sealed class SsmCommandAdapter(ExecutorRouter executors, ICommandLedger ledger) : ICommandExecutor
{
    private readonly ConcurrentDictionary<string, Task> running = new(StringComparer.Ordinal);

    public Task<string> SendAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var script = string.Join('\n', request.Commands);
        var language = request.DocumentName.Contains("PowerShell", StringComparison.OrdinalIgnoreCase) ? ScriptLanguage.PowerShell : ScriptLanguage.Bash;
        var commandId = CommandId(request.ExecutionArn, request.InstanceIds, request.Comment, script);
        var executionName = request.ExecutionArn[(request.ExecutionArn.LastIndexOf(':') + 1)..];
        foreach (var instance in request.InstanceIds)
        {
            var key = InvocationId(commandId, instance);
            // The ledger's "Running" row is written synchronously inside RunAsync before its first await.
            running.GetOrAdd(key, _ => Task.Run(() => executors.RunAsync(new HostCommand(key, executionName, instance, language, script), CancellationToken.None)));
        }
        return Task.FromResult(commandId);
    }

    public Task<CommandInvocation> GetAsync(string commandId, string instanceId, CancellationToken cancellationToken)
    {
        var key = InvocationId(commandId, instanceId);
        var result = ledger.Get(key);
        if (result is null)
        {
            if (running.ContainsKey(key))
            {
                return Task.FromResult(new CommandInvocation("Pending", -1, "", ""));
            }
            throw new KeyNotFoundException($"no invocation of {commandId} on {instanceId}");
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

    /// <summary>
    /// Execution, targets, comment and script: the comment carries the step key (the script's vs the rollback's, see
    /// SafetyGate), so the rollback never shares the remediation's id, and a re-run of either step gets its own id back.
    /// </summary>
    internal static string CommandId(string executionArn, IReadOnlyList<string> instances, string comment, string script)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{executionArn}\n{string.Join(',', instances)}\n{comment}\n{script}"));
        return "cmd-" + Convert.ToHexStringLower(digest)[..32];
    }

    private static string InvocationId(string commandId, string instance) => $"{commandId}:{instance}";
}
