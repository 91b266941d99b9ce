using System.CommandLine;
using AeonNova.Cli;
using AeonNova.Cli.Commands;

// Each command group lives in its own file under Commands/; this file only assembles them.
var root = new RootCommand("AeonNova: AI-assisted alert remediation (parse, validate, plan, run workflows, serve).");
root.Subcommands.Add(AlertsCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(RunbooksCommand.Create());
root.Subcommands.Add(AslCommand.Create());
foreach (var command in LocalHostCommands.Create())
{
    root.Subcommands.Add(command);
}

return CliRunner.Run(root, args);
