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

    public ExecutorRouter(IReadOnlyList<ExecutorRule> rules, IEnumerable<IHostExecutor> executors, ICommandLedger ledger)
    {
        this.rules = rules;
        this.executors = executors.ToDictionary(e => e.Name, StringComparer.Ordinal);
        this.ledger = ledger;
    }

    public ExecutorRule RuleFor(string host) =>
        rules.FirstOrDefault(r => r.Hosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(p => Wildcard.IsMatch(host, p))) ?? DryRunRule;

    public async Task<CommandResult> RunAsync(HostCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rule = RuleFor(request.Host);
        var executor = executors.TryGetValue(rule.Type, out var found)
            ? found
            : throw new InvalidOperationException($"no executor registered for type '{rule.Type}'");
        var known = ledger.TryBegin(request.CommandId, request.ExecutionName, request.Host, executor.Name,
            request.Language.ToString().ToLowerInvariant(), request.Script);
        if (known is not null)
        {
            return known;
        }
        ledger.RecordRun(request.CommandId);
        var result = await executor.RunAsync(request, rule, cancellationToken);
        ledger.Finish(result);
        return result;
    }
}
