using System.CommandLine;

namespace AeonNova.Cli.Commands;

// Placeholder until its issue lands: the command exists so that --help lists it.
internal static class PlanCommand
{
    public static Command Create()
    {
        var command = new Command("plan", "(not yet available)");
        command.SetAction(int (_) => throw new CliException("'plan' is not available in this build yet."));
        return command;
    }
}
