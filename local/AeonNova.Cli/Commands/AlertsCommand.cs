using System.CommandLine;

namespace AeonNova.Cli.Commands;

// Placeholder until its issue lands: the command exists so that --help lists it.
internal static class AlertsCommand
{
    public static Command Create()
    {
        var command = new Command("alerts", "(not yet available)");
        command.SetAction(int (_) => throw new CliException("'alerts' is not available in this build yet."));
        return command;
    }
}
