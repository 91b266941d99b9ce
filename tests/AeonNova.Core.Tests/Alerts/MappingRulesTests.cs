using AeonNova.Core.Alerts;

namespace AeonNova.Core.Tests.Alerts;

public class MappingRulesTests
{
    [Theory]
    [InlineData("critical", AlertSeverity.Critical)]
    [InlineData("PAGE", AlertSeverity.Critical)]
    [InlineData("p1", AlertSeverity.Critical)]
    [InlineData("Disaster", AlertSeverity.Critical)]
    [InlineData("high", AlertSeverity.High)]
    [InlineData("error", AlertSeverity.High)]
    [InlineData("major", AlertSeverity.High)]
    [InlineData("P2", AlertSeverity.High)]
    [InlineData("warning", AlertSeverity.Medium)]
    [InlineData("warn", AlertSeverity.Medium)]
    [InlineData("medium", AlertSeverity.Medium)]
    [InlineData("Average", AlertSeverity.Medium)]
    [InlineData("p3", AlertSeverity.Medium)]
    [InlineData("low", AlertSeverity.Low)]
    [InlineData("minor", AlertSeverity.Low)]
    [InlineData("P4", AlertSeverity.Low)]
    [InlineData("info", AlertSeverity.Info)]
    [InlineData("Information", AlertSeverity.Info)]
    [InlineData("none", AlertSeverity.Info)]
    [InlineData("p5", AlertSeverity.Info)]
    [InlineData("Not classified", AlertSeverity.Info)]
    [InlineData(" critical ", AlertSeverity.Critical)]
    [InlineData(null, AlertSeverity.Medium)]
    [InlineData("", AlertSeverity.Medium)]
    [InlineData("apocalyptic", AlertSeverity.Medium)]
    public void Map_WhenSeverityWord_ShouldFollowTheContractTable(string? word, AlertSeverity expected)
    {
        Assert.Equal(expected, SeverityRules.Map(word));
    }

    [Theory]
    [InlineData("web-1:9100", "web-1")]
    [InlineData("web-1", "web-1")]
    [InlineData("10.0.4.17:9100", "10.0.4.17")]
    [InlineData("http://web-1:8080/metrics", "web-1")]
    [InlineData("https://user@db-2.example.internal/health?x=1", "db-2.example.internal")]
    [InlineData("[2001:db8::1]:9100", "2001:db8::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("  WIN-DB-01  ", "WIN-DB-01")]
    [InlineData("i-0a1b2c3d4e5f67890", "i-0a1b2c3d4e5f67890")]
    [InlineData(null, "")]
    public void Normalize_WhenHostHasPortSchemeOrBrackets_ShouldKeepTheMachineName(string? input, string expected)
    {
        Assert.Equal(expected, HostRules.Normalize(input));
    }

    [Theory]
    [InlineData("Windows Server 2022", OsFamily.Windows)]
    [InlineData("win", OsFamily.Windows)]
    [InlineData("Ubuntu 22.04", OsFamily.Linux)]
    [InlineData("Red Hat Enterprise Linux 9", OsFamily.Linux)]
    [InlineData("amzn2", OsFamily.Linux)]
    [InlineData("solaris", OsFamily.Unknown)]
    public void FromName_WhenOsName_ShouldGiveItsFamily(string name, OsFamily expected)
    {
        Assert.Equal(expected, OsRules.FromName(name));
    }

    [Theory]
    [InlineData("Disk C:\\ is full", OsFamily.Windows)]
    [InlineData("Free space low on drive D:", OsFamily.Windows)]
    [InlineData("IIS worker crashed", OsFamily.Windows)]
    [InlineData("W3SVC stopped", OsFamily.Windows)]
    [InlineData("Patch level of Windows Server hosts", OsFamily.Windows)]
    [InlineData("/var/log is full", OsFamily.Linux)]
    [InlineData("systemd unit nginx failed", OsFamily.Linux)]
    [InlineData("see http://example.com/var/x", OsFamily.Unknown)]
    [InlineData("maintenance windows ahead", OsFamily.Unknown)]
    [InlineData("CPU high", OsFamily.Unknown)]
    public void FromText_WhenTextHasDocumentedHints_ShouldDetectTheOs(string text, OsFamily expected)
    {
        Assert.Equal(expected, OsRules.FromText(text, null));
    }

    [Fact]
    public void FromLabels_WhenOsLabelAndTextDisagree_ShouldPreferTheLabel()
    {
        var labels = new Dictionary<string, string> { ["os"] = "linux" };

        Assert.Equal(OsFamily.Linux, OsRules.FromLabels(labels));
    }

    [Theory]
    [InlineData("env", "prod")]
    [InlineData("environment", "staging")]
    [InlineData("u_environment", "production")]
    public void FromLabels_WhenEnvironmentKey_ShouldReturnItsValue(string key, string value)
    {
        Assert.Equal(value, EnvironmentRules.FromLabels(new Dictionary<string, string> { [key] = value }));
    }

    [Theory]
    [InlineData("Recovered", AlertStatus.Resolved)]
    [InlineData("OK", AlertStatus.Resolved)]
    [InlineData("resolved", AlertStatus.Resolved)]
    [InlineData("Close", AlertStatus.Resolved)]
    [InlineData("RESOLVED", AlertStatus.Resolved)]
    [InlineData("PROBLEM", AlertStatus.Firing)]
    [InlineData("ALARM", AlertStatus.Firing)]
    [InlineData("firing", AlertStatus.Firing)]
    public void TryMap_WhenSourceStatusWord_ShouldGiveFiringOrResolved(string word, AlertStatus expected)
    {
        Assert.True(StatusRules.TryMap(word, out var status));
        Assert.Equal(expected, status);
    }
}
