using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;
using AeonNova.Safety;
using AeonNova.Testing;

namespace AeonNova.Analysis.Tests.Runbooks;

public class RunbookRollbackTests
{
    private static readonly ScriptValidator Validator = new();

    public static TheoryData<string> ShippedRunbooks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoFiles.Path("runbooks"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedRunbooks))]
    public void Parse_WhenShippedRunbookIsValidatedWithItsRollback_ShouldPassAndHaveARollbackOrANoInverseReason(string file)
    {
        var path = Path.Combine(RepoFiles.Path("runbooks"), file);

        var runbook = RunbookLoader.Parse(File.ReadAllText(path), path, Validator);

        foreach (var (language, templates) in runbook.Scripts)
        {
            if (templates.Remediation.Length == 0)
            {
                Assert.Empty(templates.Rollback);
                continue;
            }
            if (templates.Rollback.Length == 0)
            {
                Assert.False(string.IsNullOrWhiteSpace(runbook.NoInverse), $"{file} ({language}): a fix without rollback must say 'No inverse: <reason>'");
                continue;
            }
            Assert.Contains(ExecutionState.VariableName, templates.Remediation, StringComparison.Ordinal);
            Assert.Contains(ExecutionState.VariableName, templates.Rollback, StringComparison.Ordinal);
            Assert.Contains(ExecutionState.RollbackMarker + "ok", templates.Rollback, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("systemd-service-down", ScriptLanguage.Bash)]
    [InlineData("apache-down", ScriptLanguage.Bash)]
    [InlineData("nginx-down", ScriptLanguage.Bash)]
    [InlineData("mysql-down", ScriptLanguage.Bash)]
    [InlineData("postgresql-down", ScriptLanguage.Bash)]
    [InlineData("redis-down", ScriptLanguage.Bash)]
    [InlineData("node-exporter-down", ScriptLanguage.Bash)]
    [InlineData("queue-backlog", ScriptLanguage.Bash)]
    [InlineData("zabbix-agent-down", ScriptLanguage.Bash)]
    [InlineData("zabbix-agent-down", ScriptLanguage.PowerShell)]
    [InlineData("windows-service-down", ScriptLanguage.PowerShell)]
    [InlineData("windows-exporter-down", ScriptLanguage.PowerShell)]
    [InlineData("iis-app-pool-stopped", ScriptLanguage.PowerShell)]
    public void Catalogue_WhenTheFixHasAnInverse_ShouldShipARollbackTemplate(string id, ScriptLanguage language)
    {
        var runbook = TestData.Runbooks.Find(id);

        Assert.NotNull(runbook);
        Assert.NotEmpty(runbook.Scripts[language].Rollback);
    }

    [Theory]
    [InlineData("disk-full-linux")]
    [InlineData("disk-full-windows")]
    [InlineData("inode-exhaustion")]
    [InlineData("log-growth")]
    [InlineData("postgresql-connection-saturation")]
    [InlineData("ntp-clock-drift")]
    [InlineData("certificate-expiry")]
    [InlineData("datadog-agent-down")]
    public void Catalogue_WhenTheFixHasNoInverse_ShouldSaySo(string id)
    {
        var runbook = TestData.Runbooks.Find(id);

        Assert.NotNull(runbook);
        Assert.NotEmpty(runbook.NoInverse);
        Assert.All(runbook.Scripts.Values, s => Assert.Empty(s.Rollback));
    }

    [Fact]
    public void Parse_WhenTheValidatorBlocksTheRollbackTemplate_ShouldRejectTheRunbookNamingTheRollback()
    {
        var text = Runbook(remediation: "echo active > \"$AEONNOVA_STATE_DIR/state\"\nsystemctl restart {{service}}",
            rollback: "cat \"$AEONNOVA_STATE_DIR/state\"\nrm -rf / --no-preserve-root\necho AEONNOVA_ROLLBACK=ok", notes: "");

        var ex = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(text, "runbooks/sample.md", Validator));

        Assert.Contains("## Rollback (bash)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("validator blocks the rollback", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenRemediationHasNeitherRollbackNorNoInverse_ShouldAskForOne()
    {
        var text = Runbook(remediation: "systemctl restart {{service}}", rollback: "", notes: "A restart changes nothing.");

        var ex = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(text, "runbooks/sample.md"));

        Assert.Contains("No inverse: <reason>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenNoInverseIsStated_ShouldKeepTheReason()
    {
        var text = Runbook(remediation: "systemctl restart {{service}}", rollback: "", notes: "No inverse: deleted files cannot come back.");

        var runbook = RunbookLoader.Parse(text, "runbooks/sample.md");

        Assert.Equal("deleted files cannot come back.", runbook.NoInverse);
        Assert.Empty(runbook.Scripts[ScriptLanguage.Bash].Rollback);
    }

    [Theory]
    [InlineData("systemctl restart {{service}}", "cat \"$AEONNOVA_STATE_DIR/state\"\necho AEONNOVA_ROLLBACK=ok", "pre-change snapshot")]
    [InlineData("echo x > \"$AEONNOVA_STATE_DIR/state\"\nsystemctl restart {{service}}", "systemctl stop {{service}}\necho AEONNOVA_ROLLBACK=ok", "pre-change snapshot")]
    [InlineData("echo x > \"$AEONNOVA_STATE_DIR/state\"\nsystemctl restart {{service}}", "cat \"$AEONNOVA_STATE_DIR/state\"\nsystemctl stop {{service}}", "AEONNOVA_ROLLBACK=ok")]
    [InlineData("AEONNOVA_STATE_DIR=/tmp/x\necho x > \"$AEONNOVA_STATE_DIR/state\"", "cat \"$AEONNOVA_STATE_DIR/state\"\necho AEONNOVA_ROLLBACK=ok", "must not set")]
    public void Parse_WhenRollbackTemplateBreaksTheSnapshotContract_ShouldRejectIt(string remediation, string rollback, string expected)
    {
        var text = Runbook(remediation, rollback, notes: "");

        var ex = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(text, "runbooks/sample.md"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static string Runbook(string remediation, string rollback, string notes) => $$$"""
        ---
        id: sample
        title: Sample
        os: [linux]
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

        ## Diagnostics
        ```bash
        systemctl status {{service}}
        ```

        ## Remediation
        ```bash
        {{{remediation}}}
        ```

        ## Verification
        ```bash
        systemctl is-active {{service}}
        ```

        ## Rollback
        {{{notes}}}
        {{{(rollback.Length == 0 ? "" : "```bash\n" + rollback + "\n```")}}}
        """;
}
