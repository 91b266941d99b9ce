using System.CommandLine;

namespace AeonNova.Cli.Commands;

// Placeholder until the serve issue lands: serve, init, send, executions, approvals.
internal static class LocalHostCommands
{
    public static IEnumerable<Command> Create()
    {
        var serve = new Command("serve", "(not yet available) run the local stack");
        serve.SetAction(int (_) => throw new CliException("'serve' is not available in this build yet."));
        yield return serve;
    }
}
