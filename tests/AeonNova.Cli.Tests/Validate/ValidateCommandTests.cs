using System.Text.Json;
using AeonNova.Cli;
using AeonNova.Cli.Commands;

namespace AeonNova.Cli.Tests.Validate;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aeonnova-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static List<JsonElement> Lines(StringWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void Run_WhenFilesHaveKnownExtensions_ShouldPrintOneReportPerFile()
    {
        var sh = Write("diag.sh", "df -h\nfree -m\n");
        var ps = Write("fix.ps1", "Remove-Item -Recurse -Force C:\\Windows\n");
        var output = new StringWriter();

        var code = ValidateCommand.Run([sh, ps], null, "prod", null, output);

        var reports = Lines(output);
        Assert.Equal(CliRunner.Failed, code);
        Assert.Equal(2, reports.Count);
        Assert.Equal(sh, reports[0].GetProperty("file").GetString());
        Assert.Equal("bash", reports[0].GetProperty("language").GetString());
        Assert.Equal("allow", reports[0].GetProperty("verdict").GetString());
        Assert.Equal("powershell", reports[1].GetProperty("language").GetString());
        Assert.Equal("block", reports[1].GetProperty("verdict").GetString());
        var finding = reports[1].GetProperty("findings")[0];
        foreach (var field in (string[])["ruleId", "severity", "line", "column", "text", "message"])
        {
            Assert.True(finding.TryGetProperty(field, out _), field);
        }
        Assert.InRange(reports[1].GetProperty("riskScore").GetInt32(), 80, 100);
    }

    [Fact]
    public void Run_WhenLanguageOptionIsGiven_ShouldOverrideTheExtension()
    {
        var file = Write("script.txt", "Restart-Service W3SVC\n");
        var output = new StringWriter();

        var code = ValidateCommand.Run([file], "powershell", "dev", null, output);

        Assert.Equal(CliRunner.Ok, code);
        Assert.Equal("allow", Lines(output)[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public void Run_WhenEnvironmentIsProd_ShouldReviewRoutineRestart()
    {
        var file = Write("restart.sh", "systemctl restart nginx\n");
        var output = new StringWriter();

        ValidateCommand.Run([file], null, "prod", null, output);

        Assert.Equal("review", Lines(output)[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public void Run_WhenPolicyFileAllowsRoutineInProd_ShouldAllow()
    {
        var policy = Write("policy.json", """{ "environments": { "prod": { "routine": "allow" } } }""");
        var file = Write("restart.sh", "systemctl restart nginx\n");
        var output = new StringWriter();

        ValidateCommand.Run([file], null, "prod", policy, output);

        Assert.Equal("allow", Lines(output)[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public void Run_WhenFileIsMissing_ShouldFailWithExit2AndNameTheFile()
    {
        var missing = Path.Combine(_dir, "nope.sh");
        var output = new StringWriter();

        var ex = Assert.Throws<CliException>(() => ValidateCommand.Run([missing], null, null, null, output));

        Assert.Equal(CliRunner.BadInput, ex.ExitCode);
        Assert.Contains("nope.sh", ex.Message, StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Run_WhenExtensionIsUnknownAndNoLanguage_ShouldFailWithExit2()
    {
        var file = Write("notes.txt", "df -h\n");

        var ex = Assert.Throws<CliException>(() => ValidateCommand.Run([file], null, null, null, new StringWriter()));

        Assert.Equal(CliRunner.BadInput, ex.ExitCode);
        Assert.Contains("--language", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenPolicyFileIsInvalid_ShouldFailWithExit2AndNameThePolicy()
    {
        var policy = Write("bad.json", """{ "environments": { "prod": { "routine": "maybe" } } }""");
        var file = Write("a.sh", "df -h\n");

        var ex = Assert.Throws<CliException>(() => ValidateCommand.Run([file], null, null, policy, new StringWriter()));

        Assert.Equal(CliRunner.BadInput, ex.ExitCode);
        Assert.Contains("bad.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WhenParsingUnknownLanguage_ShouldReportAUsageError()
    {
        var root = new System.CommandLine.RootCommand { ValidateCommand.Create() };

        var parsed = root.Parse(["validate", "--language", "cobol", "x.sh"]);

        Assert.NotEmpty(parsed.Errors);
    }

    [Fact]
    public void Create_WhenParsingWithoutFiles_ShouldReportAUsageError()
    {
        var root = new System.CommandLine.RootCommand { ValidateCommand.Create() };

        Assert.NotEmpty(root.Parse(["validate"]).Errors);
    }
}
