using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Sources;

public class ZabbixParserTests
{
    [Fact]
    public void Parse_WhenProblem_ShouldReadMacrosAndIgnoreUnresolvedOnes()
    {
        var alert = Assert.Single(Samples.Parse("zabbix", "firing.json"));

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.High, alert.Severity);
        Assert.Equal("High CPU utilization (over 90% for 5m)", alert.Title);
        Assert.Equal("48211", alert.SourceId);
        Assert.Equal("lnx-web-04", alert.Host);
        Assert.Equal("production", alert.Environment);
        Assert.Equal(OsFamily.Linux, alert.Os);
        Assert.Equal("cpu", alert.Service);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 14, 2, TimeSpan.Zero), alert.StartedAt);
        Assert.Null(alert.EndedAt);
        Assert.False(alert.Annotations.ContainsKey("event_recovery_id"));
        Assert.Equal("https://zabbix.example.internal/tr_events.php?triggerid=23456&eventid=48211", alert.Url);
    }

    [Fact]
    public void Parse_WhenRecovery_ShouldBeResolvedWithTheSameFingerprint()
    {
        var problem = Assert.Single(Samples.Parse("zabbix", "firing.json"));
        var recovery = Assert.Single(Samples.Parse("zabbix", "resolved.json"));

        Assert.Equal(AlertStatus.Resolved, recovery.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 41, 17, TimeSpan.Zero), recovery.EndedAt);
        Assert.Equal(problem.Fingerprint, recovery.Fingerprint);
    }

    [Theory]
    [InlineData("5", "Disaster", AlertSeverity.Critical)]
    [InlineData("3", "Average", AlertSeverity.Medium)]
    [InlineData("0", "Not classified", AlertSeverity.Info)]
    [InlineData("{EVENT.NSEVERITY}", "Warning", AlertSeverity.Medium)]
    public void Parse_WhenSeverityGiven_ShouldMapZabbixLevels(string numeric, string name, AlertSeverity expected)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(
            $$"""{"event_id":"1","event_name":"x","event_nseverity":"{{numeric}}","event_severity":"{{name}}","event_tags":"os:windows"}""");

        var alert = Assert.Single(Samples.Registry().Parse("zabbix", body));

        Assert.Equal(expected, alert.Severity);
        Assert.Equal(OsFamily.Windows, alert.Os);
    }

    [Fact]
    public void Parse_WhenEventIdIsMissing_ShouldThrowWrongShape()
    {
        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("zabbix", """{"event_name":"x"}"""u8));

        Assert.StartsWith("$.event_id: missing", ex.Message, StringComparison.Ordinal);
    }
}
