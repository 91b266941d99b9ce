using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Tests.Runbooks;

public class RunbookLoaderTests
{
    private const string Valid = """
        ---
        id: sample
        title: Sample
        os: [linux, windows]
        risk: low
        applies-to:
          alert-names: ["*Sample*"]
        parameters:
          - name: service
            from: [labels.service]
            pattern: '[a-z]+'
            example: nginx
        ---
        # Sample

        What it is about.

        ## Steps
        1. Restart {{service}}.

        ## Diagnostics
        ```bash
        systemctl status {{service}}
        ```
        ```powershell
        Get-Service -Name {{service}}
        ```

        ## Remediation
        ```bash
        systemctl restart {{service}}
        ```

        ## Verification
        ```bash
        systemctl is-active {{service}}
        ```
        ```powershell
        (Get-Service -Name {{service}}).Status
        ```

        ## Rollback
        No inverse: nothing to undo.
        """;

    [Fact]
    public void Parse_WhenValid_ShouldReadFrontMatterSectionsAndTemplates()
    {
        var runbook = RunbookLoader.Parse(Valid, "runbooks/sample.md");

        Assert.Equal("sample", runbook.Id);
        Assert.Equal(["linux", "windows"], runbook.Os);
        Assert.Equal("What it is about.", runbook.Summary);
        Assert.Equal(["Restart {{service}}."], runbook.Steps);
        Assert.Equal("systemctl restart {{service}}", runbook.Scripts[ScriptLanguage.Bash].Remediation);
        Assert.Equal("", runbook.Scripts[ScriptLanguage.PowerShell].Remediation);
        Assert.Equal("No inverse: nothing to undo.", runbook.Rollback);
        Assert.Equal("[a-z]+", Assert.Single(runbook.Parameters).Pattern);
    }

    [Theory]
    [InlineData("id: sample", "id: Sample_1", "sample.md:2: id: 'Sample_1' is not kebab-case")]
    [InlineData("id: sample", "id: other", "sample.md:2: id: 'other' must equal the file name 'sample'")]
    [InlineData("risk: low", "risk: extreme", "sample.md:5: risk: 'extreme' is not low, medium or high")]
    [InlineData("risk: low", "risk: low\nowner: me", "sample.md:6: owner: unknown key")]
    [InlineData("pattern: '[a-z]+'", "pattern: '[a-z'", "parameters[0].pattern: invalid regular expression")]
    [InlineData("from: [labels.service]", "from: [labelz.service]", "parameters[0].from: 'labelz.service': use labels.KEY or annotations.KEY")]
    [InlineData("systemctl restart {{service}}", "systemctl restart {{unit}}", "template: placeholder '{{unit}}' names no declared parameter")]
    [InlineData("systemctl restart {{service}}", "systemctl restart '{{service}}'", "must stand unquoted")]
    [InlineData("systemctl restart {{service}}", "systemctl restart {{ service", "malformed placeholder")]
    [InlineData("```bash\nsystemctl status", "```python\nsystemctl status", "code block tag 'python' is not bash or powershell")]
    [InlineData("os: [linux, windows]", "os: [linux, macos]", "os: must list 'linux' and/or 'windows'")]
    [InlineData("risk: low", "risk: low\nsettle-seconds: -5", "sample.md:6: settle-seconds: '-5' is not a whole number of seconds from 0 to 86400")]
    [InlineData("risk: low", "risk: low\nsettle-seconds: 90000", "settle-seconds: '90000' is not a whole number")]
    [InlineData("risk: low", "risk: low\nsettle-seconds: 5m", "settle-seconds: '5m' is not a whole number")]
    public void Parse_WhenMalformed_ShouldNameFileLineAndField(string find, string replace, string expected)
    {
        var text = Valid.Replace(find, replace, StringComparison.Ordinal);

        var ex = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(text, "runbooks/sample.md"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("runbooks/sample.md", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenSettleSecondsGiven_ShouldKeepItAndOtherwiseLeaveTheSeverityDefault()
    {
        var own = RunbookLoader.Parse(Valid.Replace("risk: low", "risk: low\nsettle-seconds: 600", StringComparison.Ordinal), "runbooks/sample.md");
        var none = RunbookLoader.Parse(Valid, "runbooks/sample.md");

        Assert.Equal(600, own.SettleSeconds);
        Assert.Null(none.SettleSeconds);
    }

    [Fact]
    public void Parse_WhenParameterHasNeitherDefaultNorExample_ShouldAskForAnExample()
    {
        var text = Valid.Replace("    example: nginx\n", "", StringComparison.Ordinal);

        var ex = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(text, "runbooks/sample.md"));

        Assert.Contains("parameters[0].example: a parameter without a default needs an example", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenNoFrontMatter_ShouldSaySo()
    {
        var ex = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse("# Title\n", "x.md"));

        Assert.Equal("x.md:1: front matter: the file must start with a '---' line", ex.Message);
    }

    [Fact]
    public void Parse_WhenOsHasNoTemplates_ShouldNameTheMissingLanguage()
    {
        var text = Valid.Replace("```powershell\nGet-Service -Name {{service}}\n```", "", StringComparison.Ordinal);

        var ex = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(text, "runbooks/sample.md"));

        Assert.Contains("os 'windows' needs ```powershell blocks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenDefaultFailsPattern_ShouldReject()
    {
        var text = Valid.Replace("pattern: '[a-z]+'", "pattern: '[a-z]+'\n    default: 'Bad Value'", StringComparison.Ordinal);

        var ex = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(text, "runbooks/sample.md"));

        Assert.Contains("parameters[0].default: 'Bad Value' does not match", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromDirectory_WhenMissing_ShouldThrowSpecificError()
    {
        var ex = Assert.Throws<RunbookFormatException>(() => RunbookRepository.LoadFromDirectory("/nonexistent/runbooks"));

        Assert.Contains("runbook directory not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenIntentsAndTechnologiesDeclared_ShouldReadThem()
    {
        var runbook = RunbookLoader.Parse(Valid.Replace("risk: low\n", "risk: low\nintents: [down]\ntechnologies: [nginx]\n", StringComparison.Ordinal), "runbooks/sample.md");

        Assert.Equal(["down"], runbook.Intents);
        Assert.Equal(["nginx"], runbook.Technologies);
    }

    [Theory]
    [InlineData("intents: [broken]", "intents", "unknown intent 'broken'")]
    [InlineData("technologies: [cobol]", "technologies", "unknown technology 'cobol'")]
    public void Parse_WhenIntentOrTechnologyUnknown_ShouldNameTheFieldAndTheKnownValues(string line, string field, string message)
    {
        var ex = Assert.Throws<RunbookFormatException>(() =>
            RunbookLoader.Parse(Valid.Replace("risk: low\n", $"risk: low\n{line}\n", StringComparison.Ordinal), "runbooks/sample.md"));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected one of", ex.Message, StringComparison.Ordinal);
    }
}
