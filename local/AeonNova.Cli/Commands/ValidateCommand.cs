using System.CommandLine;
using System.Text.Json;
using AeonNova.Core.Json;
using AeonNova.Core.Safety;
using AeonNova.Safety;
using AeonNova.Safety.Policy;

namespace AeonNova.Cli.Commands;

/// <summary>
/// <c>aeonnova validate [--language bash|powershell] [--environment ENV] [--policy FILE] FILE…</c>:
/// one safety report per file as JSON Lines on stdout. Exit 0 when nothing is blocked, 1 when any script is
/// blocked, 2 for usage errors and unreadable files (nothing is printed then).
/// </summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var language = new Option<string?>("--language", "-l")
        {
            Description = "Script language for every FILE: bash or powershell (default: from the extension .sh/.bash/.ps1)",
        };
        language.AcceptOnlyFromAmong("bash", "sh", "powershell", "pwsh", "ps1");
        var environment = new Option<string?>("--environment", "-e")
        {
            Description = "Environment whose allow profile applies (e.g. dev, prod); routine fixes are allowed in dev and reviewed in prod by default",
        };
        var policy = new Option<string?>("--policy")
        {
            Description = "Policy file (default: the embedded copy of config/safety-policy.json)",
        };
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Scripts to validate" };
        var command = new Command("validate", "Validate bash/PowerShell scripts; prints one safety report per file (JSON Lines)")
        {
            language, environment, policy, files,
        };
        command.SetAction(parse => Run(
            parse.GetValue(files) ?? [],
            parse.GetValue(language),
            parse.GetValue(environment),
            parse.GetValue(policy),
            Console.Out));
        return command;
    }

    public static int Run(IReadOnlyList<string> files, string? language, string? environment, string? policyFile, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        var validator = new ScriptValidator(LoadPolicy(policyFile));
        var inputs = files.Select(f => (File: f, Language: LanguageOf(f, language), Text: Read(f))).ToList();
        var blocked = false;
        foreach (var (file, lang, text) in inputs)
        {
            var report = validator.Validate(text, lang, new ValidationContext { Environment = environment ?? "", File = file });
            blocked |= report.Verdict == SafetyVerdict.Block;
            output.WriteLine(JsonSerializer.Serialize(report, CoreJsonContext.Default.SafetyReport));
        }
        return blocked ? CliRunner.Failed : CliRunner.Ok;
    }

    private static SafetyPolicy LoadPolicy(string? policyFile)
    {
        if (policyFile is null)
        {
            return SafetyPolicy.LoadEmbedded();
        }
        try
        {
            return SafetyPolicy.LoadFile(policyFile);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{policyFile}: cannot read the policy file ({ex.Message})");
        }
    }

    private static ScriptLanguage LanguageOf(string file, string? language)
    {
        switch (language?.ToLowerInvariant())
        {
            case "bash" or "sh":
                return ScriptLanguage.Bash;
            case "powershell" or "pwsh" or "ps1":
                return ScriptLanguage.PowerShell;
        }
        return Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".sh" or ".bash" => ScriptLanguage.Bash,
            ".ps1" or ".psm1" => ScriptLanguage.PowerShell,
            _ => throw new CliException($"{file}: cannot tell the script language from the extension '{Path.GetExtension(file)}'; use --language bash|powershell"),
        };
    }

    private static string Read(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{file}: cannot read the file ({ex.Message})");
        }
    }
}
