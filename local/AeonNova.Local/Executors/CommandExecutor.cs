using AeonNova.Core.Safety;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;

namespace AeonNova.Local.Executors;

/// <summary>One approved script for one host. The command id is stable per execution step (idempotency key).</summary>
public sealed record HostCommand(string CommandId, string ExecutionName, string Host, ScriptLanguage Language, string Script);

/// <summary>Port: runs (or pretends to run) one script. Implementations do not deal with idempotency; <see cref="ExecutorRouter"/> does.</summary>
public interface IHostExecutor
{
    string Name { get; }
    Task<CommandResult> RunAsync(HostCommand request, ExecutorRule rule, CancellationToken cancellationToken);
}

/// <summary>Keeps at most <paramref name="limit"/> characters of output and says whether more was dropped.</summary>
internal sealed class CappedOutput(int limit)
{
    private readonly System.Text.StringBuilder text = new();
    private readonly Lock gate = new();

    public bool Truncated { get; private set; }

    public void Append(string? chunk)
    {
        if (chunk is null)
        {
            return;
        }
        lock (gate)
        {
            var room = limit - text.Length;
            if (chunk.Length <= room)
            {
                text.Append(chunk);
            }
            else
            {
                text.Append(chunk.AsSpan(0, Math.Max(0, room)));
                Truncated = true;
            }
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            return text.ToString();
        }
    }
}
