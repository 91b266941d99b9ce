using AeonNova.Core.Safety;
using AeonNova.Safety.Analysis.Commands;

namespace AeonNova.Safety.Tests.Rules;

/// <summary>Each rule class of the command table, with a case that fires it and one it must leave alone.</summary>
public sealed class CommandRuleTableTests
{
    private static readonly ScriptValidator Validator = ScriptValidator.CreateDefault();

    /// <summary>(rule class, language, script, rule id that must fire or "" for none of the class's rules, verdict).</summary>
    public static TheoryData<string, string, string, string, SafetyVerdict> Cases { get; } = new()
    {
        { nameof(TmutilRule), "bash", "tmutil disable", "data.shadow-copy-delete", SafetyVerdict.Block },
        { nameof(TmutilRule), "bash", "tmutil listbackups", "", SafetyVerdict.Allow },
        { nameof(DsclRule), "bash", "dscl . -delete /Users/bob", "accounts.delete-user", SafetyVerdict.Block },
        { nameof(DsclRule), "bash", "dscl . -read /Users/bob", "", SafetyVerdict.Allow },
        { nameof(SysadminctlRule), "bash", "sysadminctl -deleteUser bob", "accounts.delete-user", SafetyVerdict.Block },
        { nameof(SysadminctlRule), "bash", "sysadminctl -addUser eve", "accounts.new-user", SafetyVerdict.Block },
        { nameof(SpctlRule), "bash", "spctl --master-disable", "defense.antivirus", SafetyVerdict.Block },
        { nameof(SpctlRule), "bash", "spctl --status", "", SafetyVerdict.Allow },
        { nameof(MacLogRule), "bash", "log erase --all", "logs.tamper", SafetyVerdict.Block },
        { nameof(MacLogRule), "bash", "log show --last 1h", "", SafetyVerdict.Allow },
        { nameof(CcryptRule), "bash", "ccencrypt -K k /home/app/data.db", "data.encrypt-for-impact", SafetyVerdict.Block },
        { nameof(GpgRule), "bash", "gpg --batch -c /etc/passwd", "data.encrypt-for-impact", SafetyVerdict.Block },
        { nameof(GpgRule), "bash", "gpg --list-keys", "", SafetyVerdict.Allow },
        { nameof(ArchiveEncryptRule), "bash", "7z a -pS3cret /tmp/x.7z /etc/shadow", "data.encrypt-for-impact", SafetyVerdict.Block },
        { nameof(ArchiveEncryptRule), "bash", "7z l /tmp/archive.7z", "", SafetyVerdict.Allow },
        { nameof(OpensslEncryptRule), "bash", "openssl enc -aes-256-cbc -in /home/app/db.sqlite -out /tmp/x -k k", "data.encrypt-for-impact", SafetyVerdict.Block },
        { nameof(OpensslEncryptRule), "bash", "openssl enc -d -aes-256-cbc -in /tmp/x.enc -out /tmp/x -k k", "", SafetyVerdict.Allow },
        { nameof(DiskshadowRule), "powershell", "diskshadow.exe /s C:\\Temp\\s.txt", "data.shadow-copy-delete", SafetyVerdict.Block },
        { nameof(LaunchctlRule), "bash", "launchctl unload /Library/LaunchDaemons/com.crowdstrike.falcond.plist", "defense.antivirus", SafetyVerdict.Block },
        { nameof(LaunchctlRule), "bash", "launchctl list", "", SafetyVerdict.Allow },
        { nameof(MkdirRule), "bash", "mkdir -p /Library/StartupItems/Evil", "persistence.service-unit", SafetyVerdict.Block },
        { nameof(MkdirRule), "bash", "mkdir -p /var/lib/app/spool", "", SafetyVerdict.Allow },
        { nameof(AuditctlRule), "bash", "auditctl -e 0", "defense.audit", SafetyVerdict.Block },
        { nameof(AuditctlRule), "bash", "auditctl -l", "", SafetyVerdict.Allow },
        { nameof(SdeleteRule), "powershell", "sdelete.exe -accepteula C:\\data\\orders.db", "destructive.move-critical-path", SafetyVerdict.Block },
        { nameof(SysmonRule), "powershell", "sysmon64.exe -u", "defense.audit", SafetyVerdict.Block },
        { nameof(FltmcRule), "powershell", "fltmc.exe unload SysmonDrv", "defense.audit", SafetyVerdict.Block },
        { nameof(FltmcRule), "powershell", "fltmc.exe filters", "", SafetyVerdict.Allow },
        { nameof(MpCmdRunRule), "powershell", "MpCmdRun.exe -RemoveDefinitions -All", "defense.antivirus", SafetyVerdict.Block },
        { nameof(MpCmdRunRule), "powershell", "MpCmdRun.exe -SignatureUpdate", "", SafetyVerdict.Allow },
        { nameof(LogoffRule), "powershell", "logoff.exe 2", "system.shutdown", SafetyVerdict.Block },
        { nameof(AwkRule), "bash", "awk 'BEGIN {system(\"rm -rf /etc\")}'", "destructive.rm-critical-path", SafetyVerdict.Block },
        { nameof(AwkRule), "bash", "awk '{print $1}' /var/log/nginx/access.log", "", SafetyVerdict.Allow },
        { nameof(SedRule), "bash", "sed -n '1e exec sh 1>&0' /etc/hosts", "exec.shell-escape", SafetyVerdict.Block },
        { nameof(SedRule), "bash", "sed -n 's/x/y/w /etc/cron.d/x' /tmp/in", "persistence.cron", SafetyVerdict.Block },
        { nameof(SedRule), "bash", "sed -n '1,5p' /var/log/syslog", "", SafetyVerdict.Allow },
        { nameof(CommandOptionRule), "bash", "vim -c ':!/bin/sh'", "exec.shell-escape", SafetyVerdict.Block },
        { nameof(CommandOptionRule), "bash", "gdb -nx -ex '!userdel -r bob' -ex quit", "accounts.delete-user", SafetyVerdict.Block },
        { nameof(CommandHookRule), "bash", "tar -cf /dev/null /dev/null --checkpoint=1 --checkpoint-action=exec=/bin/sh", "exec.shell-escape", SafetyVerdict.Block },
        { nameof(CommandHookRule), "bash", "rsync -e 'sh -c \"shutdown -h now\"' 127.0.0.1:/x /tmp/x", "system.shutdown", SafetyVerdict.Block },
        { nameof(CommandHookRule), "bash", "tar czf /tmp/conf.tgz /opt/app/conf", "", SafetyVerdict.Allow },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_WhenTableRuleMeetsItsCase_ShouldGiveTheExpectedFindingAndVerdict(string ruleClass, string language, string script, string ruleId, SafetyVerdict verdict)
    {
        var report = Validator.Validate(script, language == "powershell" ? ScriptLanguage.PowerShell : ScriptLanguage.Bash, new ValidationContext { Environment = "prod" });
        var found = string.Join("; ", report.Findings.Select(f => $"{f.RuleId}/{f.Severity}"));
        if (ruleId.Length > 0)
        {
            Assert.True(report.Findings.Any(f => f.RuleId == ruleId), $"{ruleClass}: '{script}' should report {ruleId}; found {found}");
        }
        Assert.True(report.Verdict == verdict, $"{ruleClass}: '{script}' should be {verdict}, got {report.Verdict}; found {found}");
    }

    [Fact]
    public void CommandRuleTable_WhenBuilt_ShouldHaveACaseNamesAndASummaryForEveryRule()
    {
        var covered = Cases.Select(c => (string)c[0]).ToHashSet(StringComparer.Ordinal);
        Assert.All(CommandRuleTable.Rules, rule =>
        {
            Assert.Contains(rule.GetType().Name, covered);
            Assert.NotEmpty(rule.Names);
            Assert.All(rule.Names, n => Assert.Equal(n.ToLowerInvariant(), n));
            Assert.False(string.IsNullOrWhiteSpace(rule.Summary), rule.GetType().Name);
        });
        Assert.Equal(CommandRuleTable.Rules.Count, CommandRuleTable.Rules.Select(r => r.GetType()).Distinct().Count());
    }

    [Fact]
    public void CommandRuleTable_WhenANameHasSeveralRules_ShouldKeepTableOrder()
    {
        var zip = CommandRuleTable.Find("zip");
        Assert.Equal([nameof(CommandHookRule), nameof(ArchiveEncryptRule)], zip.Select(r => r.GetType().Name));
        Assert.Empty(CommandRuleTable.Find("no-such-command"));
    }
}
