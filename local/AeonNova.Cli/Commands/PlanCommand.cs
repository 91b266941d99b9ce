using System.CommandLine;
using System.Text.Json;
using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Mapping;
using AeonNova.Core.Json;
using AeonNova.Core.Safety;
using AeonNova.Safety;

namespace AeonNova.Cli.Commands;

/// <summary>
/// <c>aeonnova plan --source SRC [--mapping FILE] [--explain] FILE</c>: parse the webhook body, plan each alert with the
/// built-in planner and validate the script. stdout: one JSON object {alert, runbook, plan, safety[, explain]} per alert,
/// one per line; --explain adds why the runbook won (intent, technology, OS, candidates with scores, parameters, hints).
/// Exit 0, or 1 when a plan's script is blocked by the validator, or 2 on bad input.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source", "-s")
        {
            Description = "Source format: alertmanager, grafana, datadog, cloudwatch, pagerduty, opsgenie, servicenow, zabbix, "
                + "generic, or a source name defined in the --mapping file.",
            Required = true,
        };
        var mapping = new Option<FileInfo?>("--mapping", "-m")
        {
            Description = "Generic mapping file (see docs/alert-sources.md).",
        };
        var explain = new Option<bool>("--explain")
        {
            Description = "Add an \"explain\" object: the alert's intent, technology and OS with their evidence, every eligible runbook "
                + "with its score parts, where each parameter came from, and hints naming the front matter to edit.",
        };
        var file = new Argument<FileInfo>("FILE") { Description = "Webhook body file (JSON, at most 256 KiB)." };
        var command = new Command("plan",
            "Plan the remediation of each alert in FILE with the built-in runbook planner and validate the script "
            + "(JSON Lines on stdout: {alert, runbook, plan, safety}).")
        {
            source, mapping, explain, file,
        };
        command.SetAction(result => Run(result.GetValue(source)!, result.GetValue(mapping), result.GetValue(explain), result.GetValue(file)!));
        return command;
    }

    private static int Run(string source, FileInfo? mappingFile, bool explain, FileInfo file)
    {
        var alerts = AlertsCommand.ParseFile(source, mappingFile, file);
        if (alerts.Count == 0)
        {
            Console.Error.WriteLine($"aeonnova: {file.FullName}: the payload holds no alert to plan (e.g. a ping or note event)");
            return CliRunner.Ok;
        }
        var planner = new BuiltinPlanner(RunbooksCommand.LoadRepository());
        IScriptValidator validator = ScriptValidator.CreateDefault();
        var blocked = 0;
        using var stdout = Console.OpenStandardOutput();
        foreach (var alert in alerts)
        {
            var explanation = planner.Explain(alert);
            var (plan, runbook) = explanation.Result;
            var extension = plan.Script.Language == ScriptLanguage.PowerShell ? "ps1" : "sh";
            var safety = validator.Validate(plan.Script.Body, plan.Script.Language,
                new ValidationContext { Environment = alert.Environment, File = $"{alert.Id}.{extension}" });
            if (safety.Verdict == SafetyVerdict.Block)
            {
                blocked++;
            }
            using (var writer = new Utf8JsonWriter(stdout))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("alert");
                JsonSerializer.Serialize(writer, alert, CoreJsonContext.Default.CanonicalAlert);
                writer.WritePropertyName("runbook");
                if (runbook is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    RunbooksCommand.WriteRunbook(writer, runbook, score: null);
                }
                writer.WritePropertyName("plan");
                JsonSerializer.Serialize(writer, plan, CoreJsonContext.Default.RemediationPlan);
                writer.WritePropertyName("safety");
                JsonSerializer.Serialize(writer, safety, CoreJsonContext.Default.SafetyReport);
                if (explain)
                {
                    writer.WritePropertyName("explain");
                    PlanExplanationWriter.Write(writer, explanation);
                }
                writer.WriteEndObject();
            }
            stdout.Write("\n"u8);
        }
        if (blocked > 0)
        {
            Console.Error.WriteLine($"aeonnova: {blocked} plan(s) blocked by the safety validator");
            return CliRunner.Failed;
        }
        return CliRunner.Ok;
    }
}
