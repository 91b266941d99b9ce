using AeonNova.Local.Config;
using AeonNova.Local.Storage;

namespace AeonNova.Local.Executors;

/// <summary>The default: records what would run and where, and succeeds without touching any host.</summary>
public sealed class DryRunExecutor(TimeProvider clock) : IHostExecutor
{
    public string Name => "dry-run";

    public Task<CommandResult> RunAsync(HostCommand request, ExecutorRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lines = request.Script.Split('\n').Length;
        var now = clock.GetUtcNow();
        return Task.FromResult(new CommandResult
        {
            CommandId = request.CommandId,
            Status = "DryRun",
            ExitCode = 0,
            Output = $"dry-run: would run a {lines}-line {request.Language.ToString().ToLowerInvariant()} script on host '{request.Host}' (no executor is configured for this host)",
            Executor = Name,
            StartedAt = now,
            FinishedAt = now,
        });
    }
}
