using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Tests.Runbooks;

/// <summary>The shipped SOP knowledge base: loads cleanly and covers every topic issue 5 lists.</summary>
public class RunbookCatalogueTests
{
    [Fact]
    public void LoadFromDirectory_WhenShippedRunbooks_ShouldLoadAtLeastTwenty()
    {
        Assert.True(TestData.Runbooks.All.Count >= 20, $"only {TestData.Runbooks.All.Count} runbooks");
    }

    [Theory]
    [InlineData("systemd-service-down", "linux")]
    [InlineData("windows-service-down", "windows")]
    [InlineData("iis-app-pool-stopped", "windows")]
    [InlineData("disk-full-linux", "linux")]
    [InlineData("disk-full-windows", "windows")]
    [InlineData("inode-exhaustion", "linux")]
    [InlineData("memory-pressure-oom", "linux")]
    [InlineData("high-cpu-process", "linux")]
    [InlineData("container-restart-loop", "linux")]
    [InlineData("certificate-expiry", "linux")]
    [InlineData("redis-memory-high", "linux")]
    [InlineData("postgresql-down", "linux")]
    [InlineData("postgresql-connection-saturation", "linux")]
    [InlineData("mysql-down", "linux")]
    [InlineData("mysql-connection-saturation", "linux")]
    [InlineData("nginx-5xx-errors", "linux")]
    [InlineData("apache-5xx-errors", "linux")]
    [InlineData("ntp-clock-drift", "linux")]
    [InlineData("log-growth", "linux")]
    [InlineData("dns-resolution-failure", "linux")]
    [InlineData("kubernetes-pod-crashloop", "linux")]
    [InlineData("zabbix-agent-down", "linux")]
    [InlineData("datadog-agent-down", "linux")]
    [InlineData("node-exporter-down", "linux")]
    [InlineData("queue-backlog", "linux")]
    public void Catalogue_WhenTopicRequired_ShouldHaveRunbookWithTemplates(string id, string os)
    {
        var runbook = TestData.Runbooks.Find(id);

        Assert.NotNull(runbook);
        Assert.Contains(os, runbook.Os);
        var language = os == "windows" ? ScriptLanguage.PowerShell : ScriptLanguage.Bash;
        Assert.NotEmpty(runbook.Scripts[language].Diagnostics);
        Assert.NotEmpty(runbook.Scripts[language].Verification);
        Assert.NotEmpty(runbook.Rollback);
        Assert.NotEmpty(runbook.Summary);
    }

    [Fact]
    public void Catalogue_WhenRunbookCoversBothOs_ShouldHaveBothTemplateLanguages()
    {
        foreach (var runbook in TestData.Runbooks.All)
        {
            Assert.Equal(runbook.Os.Contains("linux"), runbook.Supports(ScriptLanguage.Bash));
            Assert.Equal(runbook.Os.Contains("windows"), runbook.Supports(ScriptLanguage.PowerShell));
        }
    }

    [Fact]
    public void Catalogue_WhenWindowsTopics_ShouldOfferPowerShellForServiceDiskCpuMemoryNtpDnsLogsAgents()
    {
        string[] windowsCapable = ["windows-service-down", "iis-app-pool-stopped", "disk-full-windows", "memory-pressure-oom",
            "high-cpu-process", "certificate-expiry", "ntp-clock-drift", "log-growth", "dns-resolution-failure",
            "zabbix-agent-down", "datadog-agent-down"];

        foreach (var id in windowsCapable)
        {
            Assert.True(TestData.Runbooks.Find(id)!.Supports(ScriptLanguage.PowerShell), id);
        }
    }

    [Fact]
    public void Catalogue_WhenShipped_ShouldDeclareAnIntentForEveryRunbook()
    {
        Assert.All(TestData.Runbooks.All, r => Assert.NotEmpty(r.Intents));
    }
}
