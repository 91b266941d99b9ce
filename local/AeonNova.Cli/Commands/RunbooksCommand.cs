using System.CommandLine;

namespace AeonNova.Cli.Commands;

// Placeholder until its issue lands: the command exists so that --help lists it.
internal static class RunbooksCommand
{
    public static Command Create()
    {
        var command = new Command("runbooks", "(not yet available)");
        command.SetAction(int (_) => throw new CliException("'runbooks' is not available in this build yet."));
        return command;
    }
}
