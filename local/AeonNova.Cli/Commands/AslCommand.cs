using System.CommandLine;

namespace AeonNova.Cli.Commands;

// Placeholder until its issue lands: the command exists so that --help lists it.
internal static class AslCommand
{
    public static Command Create()
    {
        var command = new Command("asl", "(not yet available)");
        command.SetAction(int (_) => throw new CliException("'asl' is not available in this build yet."));
        return command;
    }
}
