using AeonNova.Local.Config;
using AeonNova.Local.Storage;

namespace AeonNova.Local.Executors;

/// <summary>
/// Chooses the executor for a host (first matching rule; none → dry-run) and makes every command run at most
/// once per command id through the <see cref="ICommandLedger"/>, across retries and restarts.
/// </summary>
public sealed class ExecutorRouter
{
    private static readonly ExecutorRule DryRunRule = new() { Hosts = "*", Type = "dry-run" };
    private readonly IReadOnlyList<ExecutorRule> rules;
    private readonly IReadOnlyDictionary<string, IHostExecutor> executors;
    private readonly ICommandLedger ledger;
    private readonly CrashPoints crashPoints;

    public ExecutorRouter(IReadOnlyList<ExecutorRule> rules, IEnumerable<IHostExecutor> executors, ICommandLedger ledger, CrashPoints? crashPoints = null)
    {
        this.rules = rules;
        this.executors = executors.ToDictionary(e => e.Name, StringComparer.Ordinal);
        this.ledger = ledger;
        this.crashPoints = crashPoints ?? CrashPoints.None;
    }

    /// <summary>Makes the command durable ("Pending") before its id is handed out; nothing runs yet.</summary>
    public CommandResult Reserve(HostCommand request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ledger.Reserve(request.CommandId, request.ExecutionName, request.Host, ExecutorFor(request.Host).Name,
            LanguageName(request.Language), request.Script);
    }

    public ExecutorRule RuleFor(string host) =>
        rules.FirstOrDefault(r => r.Hosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(p => AeonNova.Core.Glob.IsMatch(host, p))) ?? DryRunRule;

    public async Task<CommandResult> RunAsync(HostCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rule = RuleFor(request.Host);
        var executor = ExecutorFor(request.Host);
        var known = ledger.TryBegin(request.CommandId, request.ExecutionName, request.Host, executor.Name,
            LanguageName(request.Language), request.Script);
        if (known is not null)
        {
            return known;
        }
        ledger.RecordRun(request.CommandId);
        await crashPoints.ReachAsync("during-run", request.CommandId);
        var result = await executor.RunAsync(request, rule, cancellationToken);
        ledger.Finish(result);
        await crashPoints.ReachAsync("after-finish", request.CommandId);
        return result;
    }

    private IHostExecutor ExecutorFor(string host)
    {
        var rule = RuleFor(host);
        return executors.TryGetValue(rule.Type, out var found)
            ? found
            : throw new InvalidOperationException($"no executor registered for type '{rule.Type}'");
    }

    private static string LanguageName(AeonNova.Core.Safety.ScriptLanguage language) => language.ToString().ToLowerInvariant();
}
