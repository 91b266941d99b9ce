using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Sources;

public class ServiceNowParserTests
{
    [Fact]
    public void Parse_WhenNewIncident_ShouldReadCiPriorityEnvironmentAndOs()
    {
        var alert = Assert.Single(Samples.Parse("servicenow", "firing.json"));

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.High, alert.Severity);
        Assert.Equal("Disk full on LNX-APP-07 /var", alert.Title);
        Assert.Equal("INC0010042", alert.SourceId);
        Assert.Equal("LNX-APP-07", alert.Host);
        Assert.Equal("Order Portal", alert.Service);
        Assert.Equal("production", alert.Environment);
        Assert.Equal(OsFamily.Linux, alert.Os);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 5, 40, 11, TimeSpan.Zero), alert.StartedAt);
        Assert.Null(alert.EndedAt);
    }

    [Fact]
    public void Parse_WhenIncidentResolved_ShouldBeResolvedWithTheSameFingerprint()
    {
        var opened = Assert.Single(Samples.Parse("servicenow", "firing.json"));
        var resolved = Assert.Single(Samples.Parse("servicenow", "resolved.json"));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 55, 43, TimeSpan.Zero), resolved.EndedAt);
        Assert.Equal(opened.Fingerprint, resolved.Fingerprint);
    }

    [Fact]
    public void Parse_WhenTableApiResultHasDisplayValues_ShouldReturnEveryRecord()
    {
        var alerts = Samples.Parse("servicenow", "table-api-result.json");

        Assert.Equal(2, alerts.Count);
        Assert.Equal("WIN-WEB-11", alerts[0].Host);
        Assert.Equal(AlertSeverity.Critical, alerts[0].Severity);
        Assert.Equal(AlertStatus.Firing, alerts[0].Status);
        Assert.Equal("production", alerts[0].Environment);
        Assert.Equal(OsFamily.Windows, alerts[0].Os);
        Assert.Equal("Customer Web", alerts[0].Service);
        Assert.Equal(AlertStatus.Resolved, alerts[1].Status);
        Assert.Equal(AlertSeverity.Low, alerts[1].Severity);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero), alerts[1].EndedAt);
    }

    [Fact]
    public void Parse_WhenRecordHasNoIdentity_ShouldThrowWrongShape()
    {
        var ex = Assert.Throws<AlertParseException>(() =>
            Samples.Registry().Parse("servicenow", """{"short_description":"x"}"""u8));

        Assert.StartsWith("$.sys_id: missing", ex.Message, StringComparison.Ordinal);
    }
}
