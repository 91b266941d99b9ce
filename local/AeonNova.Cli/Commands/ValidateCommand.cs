using System.CommandLine;

namespace AeonNova.Cli.Commands;

// Placeholder until its issue lands: the command exists so that --help lists it.
internal static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate", "(not yet available)");
        command.SetAction(int (_) => throw new CliException("'validate' is not available in this build yet."));
        return command;
    }
}
