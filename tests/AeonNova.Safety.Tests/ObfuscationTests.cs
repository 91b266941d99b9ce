using AeonNova.Core.Safety;

namespace AeonNova.Safety.Tests;

/// <summary>The validator must see through the tricks the issue names, per language.</summary>
public sealed class ObfuscationTests
{
    private static readonly ScriptValidator Validator = ScriptValidator.CreateDefault();

    private static SafetyReport Bash(string script) => Validator.Validate(script, ScriptLanguage.Bash, new ValidationContext { Environment = "prod" });

    private static SafetyReport Ps(string script) => Validator.Validate(script, ScriptLanguage.PowerShell, new ValidationContext { Environment = "prod" });

    private static void AssertBlockedBy(SafetyReport report, string ruleId)
    {
        Assert.Equal(SafetyVerdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.RuleId == ruleId);
    }

    [Fact]
    public void Validate_WhenBashVariableHoldsRoot_ShouldFoldItIntoRm()
    {
        var report = Bash("TARGET=/; rm -rf \"$TARGET\"");
        AssertBlockedBy(report, "destructive.rm-critical-path");
        var finding = report.Findings.Single(f => f.RuleId == "destructive.rm-critical-path");
        Assert.Equal(1, finding.Line);
        Assert.Equal(11, finding.Column);
        Assert.Equal("rm -rf \"$TARGET\"", finding.Text);
    }

    [Fact]
    public void Validate_WhenBashCommandNameIsSplitByQuotes_ShouldRemoveQuotesAndFlagTheTrick()
    {
        var report = Bash("\"r\"\"m\" -rf /home");
        AssertBlockedBy(report, "destructive.rm-critical-path");
        Assert.Contains(report.Findings, f => f.RuleId == "obfuscation.computed-command-name");
    }

    [Theory]
    [InlineData("echo cm0gLXJmIC8= | base64 -d | bash")]
    [InlineData("echo 'cm0gLXJmIC8=' | base64 --decode | sh")]
    [InlineData("bash -c \"$(echo cm0gLXJmIC8= | base64 -d)\"")]
    [InlineData("eval \"$(echo cm0gLXJmIC8= | base64 -d)\"")]
    [InlineData("bash <<< \"$(echo cm0gLXJmIC8= | base64 -d)\"")]
    public void Validate_WhenBase64IsPipedIntoAShell_ShouldDecodeAndValidateTheInnerScript(string script)
    {
        var report = Bash(script);
        AssertBlockedBy(report, "obfuscation.encoded-payload");
        Assert.Contains(report.Findings, f => f.RuleId == "destructive.rm-critical-path");
    }

    [Fact]
    public void Validate_WhenReversedTextIsPipedIntoAShell_ShouldReverseAndValidate()
    {
        var report = Bash("echo '/ fr- mr' | rev | sh");
        Assert.Contains(report.Findings, f => f.RuleId == "destructive.rm-critical-path");
    }

    [Fact]
    public void Validate_WhenAnsiCQuotingSpellsTheCommand_ShouldDecodeIt()
    {
        AssertBlockedBy(Bash("$'\\x72\\x6d' -rf /usr"), "destructive.rm-critical-path");
    }

    [Theory]
    [InlineData("sudo sh -c 'rm -rf /etc'")]
    [InlineData("timeout 10 nice -n 5 rm -rf /etc")]
    [InlineData("env FOO=1 nohup rm -rf /etc")]
    [InlineData("echo /etc | xargs -I{} rm -rf /etc")]
    [InlineData("find / -maxdepth 1 -name etc -exec rm -rf {} +")]
    [InlineData("watch -n 1 rm -rf /etc")]
    [InlineData("ssh localhost 'rm -rf /etc'")]
    public void Validate_WhenWrapperRunsADestructiveCommand_ShouldRevalidateTheWrappedCommand(string script)
    {
        AssertBlockedBy(Bash(script), "destructive.rm-critical-path");
    }

    [Fact]
    public void Validate_WhenHeredocWrittenToAFileIsExecutedLater_ShouldScanTheHeredocBody()
    {
        var report = Bash("cat > /tmp/fix.sh <<EOF\nsystemctl restart nginx\nrm -rf /var/lib/mysql\nEOF\nchmod +x /tmp/fix.sh\n/tmp/fix.sh\n");
        AssertBlockedBy(report, "destructive.rm-critical-path");
        Assert.Equal(6, report.Findings.Single(f => f.RuleId == "destructive.rm-critical-path").Line);
    }

    [Fact]
    public void Validate_WhenPowerShellCommandNameIsConcatenated_ShouldFoldIt()
    {
        var report = Ps("& ('Inv'+'oke-Expression') 'Remove-Item -Recurse -Force C:\\Windows'");
        AssertBlockedBy(report, "destructive.rm-critical-path");
        Assert.Contains(report.Findings, f => f.RuleId == "obfuscation.computed-command-name");
    }

    [Theory]
    [InlineData("& (-join ('Stop','-Comp','uter')) -Force")]
    [InlineData("& ('{1}{0}' -f 'puter','Stop-Com') -Force")]
    [InlineData("$n = 'Stop-' + 'Computer'; & $n -Force")]
    [InlineData("& ([string]::Join('', 'Stop-', 'Computer')) -Force")]
    [InlineData("Set-Alias off Stop-Computer; off -Force")]
    public void Validate_WhenPowerShellNameIsBuiltFromStrings_ShouldResolveIt(string script)
    {
        AssertBlockedBy(Ps(script), "system.shutdown");
    }

    [Fact]
    public void Validate_WhenEncodedCommandIsUsed_ShouldDecodeUtf16AndValidateInnerScript()
    {
        var inner = Convert.ToBase64String(System.Text.Encoding.Unicode.GetBytes("Remove-Item -Recurse C:\\Windows"));
        var report = Ps($"powershell.exe -NoProfile -EncodedCommand {inner}");
        AssertBlockedBy(report, "obfuscation.encoded-payload");
        Assert.Contains(report.Findings, f => f.RuleId == "destructive.rm-critical-path");
    }

    [Fact]
    public void Validate_WhenBashStartsPowerShellWithEncodedCommand_ShouldFollowIntoPowerShell()
    {
        var inner = Convert.ToBase64String(System.Text.Encoding.Unicode.GetBytes("Stop-Computer -Force"));
        var report = Bash($"pwsh -enc {inner}");
        Assert.Contains(report.Findings, f => f.RuleId == "system.shutdown");
    }

    [Fact]
    public void Validate_WhenScriptBlockIsCreatedFromDecodedText_ShouldValidateTheDecodedScript()
    {
        var inner = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("Clear-EventLog -LogName Security"));
        var report = Ps($"[ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('{inner}'))).Invoke()");
        Assert.Contains(report.Findings, f => f.RuleId == "logs.tamper");
        Assert.Contains(report.Findings, f => f.RuleId == "obfuscation.encoded-payload");
    }

    [Fact]
    public void Validate_WhenSplattingHidesParameters_ShouldBindTheHashtable()
    {
        AssertBlockedBy(Ps("$p = @{ Path = 'C:\\Windows'; Recurse = $true }\nRemove-Item @p"), "destructive.rm-critical-path");
    }

    [Fact]
    public void Validate_WhenCmdCStringChainsTools_ShouldReparseEachCommand()
    {
        var report = Ps("cmd.exe /c \"vssadmin delete shadows /all /quiet && wevtutil cl System\"");
        Assert.Contains(report.Findings, f => f.RuleId == "data.shadow-copy-delete");
        Assert.Contains(report.Findings, f => f.RuleId == "logs.tamper");
    }

    [Fact]
    public void Validate_WhenBacktickEscapesHideInvokeExpression_ShouldStillResolveIt()
    {
        var report = Ps("Inv`oke-Ex`pression $payload");
        AssertBlockedBy(report, "obfuscation.dynamic-eval");
        Assert.Contains(report.Findings, f => f.RuleId == "obfuscation.computed-command-name");
    }
}
