using System.Text.Json;
using AeonNova.Analysis.Planning;
using AeonNova.Core.Alerts;
using AeonNova.Core.Json;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Tests.Planning;

public class BuiltinPlannerTests
{
    private static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Plan_WhenSystemdUnitFailed_ShouldFillEveryContractField()
    {
        var alert = TestData.Alert("SystemdUnitFailed", labels: Labels(("alertname", "NodeSystemdUnitFailed"), ("name", "nginx.service")));

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal("systemd-service-down", runbook?.Id);
        Assert.Equal("systemd-service-down", plan.RunbookId);
        Assert.Equal("builtin-planner@1.0.0", plan.Model);
        Assert.Equal(ScriptLanguage.Bash, plan.Script.Language);
        Assert.Contains("systemctl restart 'nginx.service'", plan.Script.Body, StringComparison.Ordinal);
        Assert.Contains("systemctl is-active 'nginx.service'", plan.Verification, StringComparison.Ordinal);
        Assert.Equal("systemd service down on web-1 (service=nginx.service)", plan.Summary);
        Assert.Contains("alert-name pattern", plan.Diagnosis, StringComparison.Ordinal);
        Assert.Equal(0.9, plan.Confidence);
        Assert.Equal("low", plan.Risk);
        Assert.NotEmpty(plan.Rollback);
        Assert.Equal("Restart nginx.service once.", plan.Steps[1]);
        Assert.Equal("systemd-service-down", plan.RunbookIds[0]);
        Assert.False(plan.NeedsHuman);
        Assert.Null(plan.FallbackReason);
    }

    [Theory]
    [InlineData(OsFamily.Windows, ScriptLanguage.PowerShell)]
    [InlineData(OsFamily.Linux, ScriptLanguage.Bash)]
    [InlineData(OsFamily.Unknown, ScriptLanguage.Bash)]
    public void Plan_WhenOs_ShouldChooseLanguage(OsFamily os, ScriptLanguage expected)
    {
        var alert = TestData.Alert("Clock drift detected: NTP not synchronised", os: os);

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal(expected, plan.Script.Language);
        Assert.Equal("ntp-clock-drift", runbook?.Id);
    }

    [Fact]
    public void Plan_WhenNoRunbookApplies_ShouldReturnDiagnosticsOnlyPlanNeedingHuman()
    {
        var alert = TestData.Alert("Quarterly invoice batch finished late", description: "The billing export completed at 03:12.");

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Null(runbook);
        Assert.Equal("", plan.RunbookId);
        Assert.True(plan.NeedsHuman);
        Assert.Equal("low", plan.Risk);
        Assert.Equal("builtin-planner@1.0.0", plan.Model);
        Assert.Contains("df -h", plan.Script.Body, StringComparison.Ordinal);
        Assert.Contains("No runbook applies", plan.Diagnosis, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenWindowsOnlyTopicOnLinuxHost_ShouldNotPickWindowsRunbook()
    {
        var alert = TestData.Alert("IIS application pool DefaultAppPool stopped", os: OsFamily.Linux);

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.NotEqual("iis-app-pool-stopped", runbook?.Id);
        Assert.Equal(ScriptLanguage.Bash, plan.Script.Language);
    }

    [Fact]
    public void Plan_WhenOnlyFixParameterMissing_ShouldKeepRunbookDiagnosticsAndNeedHuman()
    {
        var alert = TestData.Alert("RabbitMQQueueBacklog", labels: Labels(("alertname", "RabbitMQQueueBacklog"), ("queue", "orders")));

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal("queue-backlog", runbook?.Id);
        Assert.True(plan.NeedsHuman);
        Assert.Contains("rabbitmqctl list_queues -p '/'", plan.Script.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("systemctl restart", plan.Script.Body, StringComparison.Ordinal);
        Assert.Contains("consumer_service", plan.Diagnosis, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenSameRunbookFailedTwiceOnHost_ShouldNeedHumanAndHalveConfidence()
    {
        var alert = TestData.Alert("SystemdUnitFailed", labels: Labels(("alertname", "SystemdUnitFailed"), ("name", "nginx")));
        var at = new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
        var history = new HostHistory
        {
            Host = "web-1",
            Entries =
            [
                new(at, "systemd-service-down", "failed"),
                new(at.AddMinutes(-30), "systemd-service-down", "failed"),
                new(at.AddMinutes(-60), "disk-full-linux", "succeeded"),
            ],
        };

        var (plan, _) = TestData.Planner.Plan(alert, history);

        Assert.True(plan.NeedsHuman);
        Assert.Equal(0.45, plan.Confidence);
        Assert.Contains("2 earlier remediations", plan.Diagnosis, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenRunbookLeavesFixToHuman_ShouldNeedHuman()
    {
        var alert = TestData.Alert("KubePodCrashLooping", labels: Labels(("alertname", "KubePodCrashLooping"), ("namespace", "shop"), ("pod", "checkout-7d9f")));

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal("kubernetes-pod-crashloop", runbook?.Id);
        Assert.True(plan.NeedsHuman);
        Assert.Contains("kubectl -n 'shop' describe pod 'checkout-7d9f'", plan.Script.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenCalledTwice_ShouldBeIdentical()
    {
        var alert = TestData.Alert("Disk space low on /var", labels: Labels(("mountpoint", "/var")));

        var first = JsonSerializer.Serialize(TestData.Planner.Plan(alert).Plan, CoreJsonContext.Default.RemediationPlan);
        var second = JsonSerializer.Serialize(TestData.Planner.Plan(alert).Plan, CoreJsonContext.Default.RemediationPlan);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Plan_WhenHostIsNotAPlainName_ShouldNotEchoIt()
    {
        var alert = TestData.Alert("SystemdUnitFailed", host: "web-1; reboot", labels: Labels(("name", "nginx")));

        var (plan, _) = TestData.Planner.Plan(alert);

        Assert.Contains("the affected host", plan.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("reboot", plan.Script.Body, StringComparison.Ordinal);
    }
}
