using System.Diagnostics;
using System.Management.Automation.Language;
using AeonNova.Analysis.Planning;

namespace AeonNova.Analysis.Tests.Planning;

public class ScriptQuotingTests
{
    public static TheoryData<string> HostileValues() =>
    [
        "plain",
        "it's",
        "'; rm -rf / #",
        "$(reboot)",
        "`id`",
        "${IFS}cat${IFS}/etc/passwd",
        "a\nb",
        "\\'",
        "''",
        "x'; Stop-Computer -Force; '",
        "x\u2019; Stop-Computer; \u2018",
        "x\u201A\u201B",
        "$env:PATH @(1) $(Get-Date) `n",
        "-rf",
        "",
    ];

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void PowerShell_WhenAnyValue_ShouldParseAsOneStringConstantWithTheSameValue(string value)
    {
        var quoted = ScriptQuoting.PowerShell(value);

        var ast = Parser.ParseInput($"Write-Output {quoted}", out _, out var errors);

        Assert.Empty(errors);
        var command = Assert.IsType<CommandAst>(Assert.Single(ast.EndBlock.Statements[0].FindAll(a => a is CommandAst, true)));
        Assert.Equal(2, command.CommandElements.Count);
        var constant = Assert.IsType<StringConstantExpressionAst>(command.CommandElements[1]);
        Assert.Equal(StringConstantType.SingleQuoted, constant.StringConstantType);
        Assert.Equal(value, constant.Value);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    [Trait("Category", "Integration")]
    public void Bash_WhenAnyValue_ShouldReachTheCommandAsOneLiteralArgument(string value)
    {
        var quoted = ScriptQuoting.Bash(value);
        // printf prints its arguments count and the first argument: exactly one, unchanged.
        var script = $"set -- {quoted}; printf '%s|%s' \"$#\" \"$1\"";
        var psi = new ProcessStartInfo("/bin/bash", ["--norc", "--noprofile", "-c", script]) { RedirectStandardOutput = true };

        using var bash = Process.Start(psi)!;
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();

        Assert.Equal($"1|{value}", output);
    }

    [Fact]
    public void Bash_WhenQuoteInside_ShouldCloseEscapeAndReopen()
    {
        Assert.Equal(@"'it'\''s'", ScriptQuoting.Bash("it's"));
    }

    [Fact]
    public void PowerShell_WhenTypographicQuotes_ShouldDoubleThem()
    {
        Assert.Equal("'a''\u2019\u2019b'", ScriptQuoting.PowerShell("a'\u2019b"));
    }
}
