using AeonNova.Core.Ports;

namespace AeonNova.Local.Workflow;

/// <summary>
/// The SendCommand step's <see cref="ICommandSender"/> on the local host: the same executors the
/// getCommandInvocation binding polls (<see cref="ICommandExecutor"/>: dry-run, local, SSH, or a test's script).
/// </summary>
public sealed class ExecutorCommandSender(ICommandExecutor executor) : ICommandSender
{
    public Task<string> SendAsync(CommandSendRequest request, CancellationToken cancellationToken = default) =>
        executor.SendAsync(ToExecutor(request), cancellationToken);

    public Task<string?> FindSentAsync(CommandSendRequest request, DateTimeOffset sentAfter, CancellationToken cancellationToken = default) =>
        executor.FindAsync(ToExecutor(request), cancellationToken);

    private static CommandRequest ToExecutor(CommandSendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new CommandRequest
        {
            DocumentName = request.DocumentName,
            InstanceIds = request.InstanceIds,
            Commands = request.Commands,
            ExecutionTimeoutSeconds = CommandRequest.TimeoutSeconds(request.ExecutionTimeout),
            Comment = request.Comment,
            ExecutionArn = request.ExecutionArn,
        };
    }
}
