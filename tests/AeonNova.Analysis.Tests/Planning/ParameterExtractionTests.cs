using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Planning.Intents;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Tests.Planning;

/// <summary>Parameters come from structured fields first, then from text through shape-aware patterns; never a plain word.</summary>
public class ParameterExtractionTests
{
    [Fact]
    public void Plan_WhenServiceNameSitsInsideASentence_ShouldTakeTheServiceNotTheWordIs()
    {
        var alert = TestData.Alert("IIS W3SVC service is not running on WIN-WEB-01", os: OsFamily.Windows, host: "WIN-WEB-01");

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal("windows-service-down", runbook?.Id);
        Assert.Contains("Restart-Service -Name 'W3SVC'", plan.Script.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("'is'", plan.Script.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenServiceNamedOnlyInFreeText_ShouldFindItThroughTheCatalogue()
    {
        var alert = TestData.Alert("Print Spooler service stopped on win-app-11", os: OsFamily.Unknown, host: "win-app-11",
            description: "Monitoring reports that the Spooler service on win-app-11 is Stopped.");

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal("windows-service-down", runbook?.Id);
        Assert.Equal(AeonNova.Core.Safety.ScriptLanguage.PowerShell, plan.Script.Language);
        Assert.Contains("Restart-Service -Name 'Spooler'", plan.Script.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenTheOnlyCandidateIsAPlainWord_ShouldPlanDiagnosticsOnlyAndSayWhy()
    {
        var alert = TestData.Alert("Service is down", os: OsFamily.Windows, host: "WIN-APP-09");

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Null(runbook);
        Assert.True(plan.NeedsHuman);
        Assert.DoesNotContain("Restart-Service", plan.Script.Body, StringComparison.Ordinal);
        Assert.Contains("plain word", plan.Diagnosis, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenTitleCarriesMarkup_ShouldNotTakeATagForAMountPoint()
    {
        var alert = TestData.Alert("Host out of disk space <b>now</b></script>", description: "Disk is almost full </script>",
            labels: new Dictionary<string, string> { ["alertname"] = "HostOutOfDiskSpace" });

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal("disk-full-linux", runbook?.Id);
        Assert.DoesNotContain("/script", plan.Script.Body, StringComparison.Ordinal);
        Assert.Contains("df -h '/'", plan.Script.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenDataDiskIsFull_ShouldNotCleanLogsElsewhereAndShouldSayWhy()
    {
        var alert = TestData.Alert("Host out of disk space", labels: new Dictionary<string, string>
        {
            ["alertname"] = "HostOutOfDiskSpace", ["mountpoint"] = "/data",
        });

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal("disk-full-linux", runbook?.Id);
        Assert.Contains("df -h '/data'", plan.Script.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("journalctl --vacuum", plan.Script.Body, StringComparison.Ordinal);
        Assert.True(plan.NeedsHuman);
        Assert.Contains("log_mount", plan.Diagnosis, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenTechnologyIsDownWithoutItsOwnRunbook_ShouldRestartItsUsualUnit()
    {
        var alert = TestData.Alert("HAProxy down on lb-31", host: "lb-31", service: "Edge Load Balancers");

        var (plan, runbook) = TestData.Planner.Plan(alert);

        Assert.Equal("systemd-service-down", runbook?.Id);
        Assert.Contains("systemctl restart 'haproxy'", plan.Script.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_WhenStatedValueRejected_ShouldNeitherInferTheTechnologyNorFallBackToTheDefault()
    {
        var runbook = TestData.Runbooks.Find("disk-full-linux")!;
        var alert = TestData.Alert("Disk full", labels: new Dictionary<string, string> { ["mountpoint"] = "/srv/$(reboot)" });

        var extraction = new ParameterExtractor(runbook).Extract(alert, AlertProfiler.Profile(alert));

        Assert.Contains("mountpoint", extraction.Missing);
        Assert.Contains("log_mount", extraction.Missing);
        Assert.Equal("7", extraction.Values["days"]);
    }

    [Theory]
    [InlineData("Print Spooler", "Spooler")]
    [InlineData("spooler", "Spooler")]
    [InlineData("World Wide Web Publishing Service", "W3SVC")]
    [InlineData("IIS", "W3SVC")]
    [InlineData("Windows Update", "wuauserv")]
    [InlineData("SQL Server (MSSQLSERVER)", "MSSQLSERVER")]
    public void Lookup_WhenNameOrDisplayName_ShouldReturnTheShortName(string text, string expected)
    {
        Assert.Equal(expected, WindowsServiceCatalogue.Lookup(text)?.Name);
    }

    [Theory]
    [InlineData("SQL Server Agent stopped on WIN-SQL-1", "SQLSERVERAGENT")]
    [InlineData("The Windows Time service is not running", "W32Time")]
    [InlineData("WinRM is stopped; the DNS Client answers", "WinRM")]
    [InlineData("the host was rebooted, dns ok, bits fine", null)]
    [InlineData("service is not running", null)]
    public void FindInText_WhenTextNamesAService_ShouldReturnTheFirstLongestMatch(string text, string? expected)
    {
        Assert.Equal(expected, WindowsServiceCatalogue.FindInText(text)?.Name);
    }

    [Theory]
    [InlineData("is", true)]
    [InlineData("Service", true)]
    [InlineData("W3SVC", false)]
    [InlineData("nginx", false)]
    public void IsPlainWord_WhenProseWord_ShouldBeTrue(string value, bool expected)
    {
        Assert.Equal(expected, ParameterRules.IsPlainWord(value));
    }
}
