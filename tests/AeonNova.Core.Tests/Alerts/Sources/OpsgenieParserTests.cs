using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Sources;

public class OpsgenieParserTests
{
    [Fact]
    public void Parse_WhenCreate_ShouldReadTagsDetailsAndPriority()
    {
        var alert = Assert.Single(Samples.Parse("opsgenie", "firing.json"));

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.High, alert.Severity);
        Assert.Equal("IIS application pool DefaultAppPool stopped on WIN-WEB-03", alert.Title);
        Assert.Equal("WIN-WEB-03", alert.Host);
        Assert.Equal("production", alert.Environment);
        Assert.Equal(OsFamily.Windows, alert.Os);
        Assert.Equal("iis", alert.Service);
        Assert.Equal("", alert.Labels["critical-path"]);
        Assert.Equal("DefaultAppPool", alert.Labels["pool"]);
        Assert.Equal("Create", alert.Annotations["action"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 13, 20, TimeSpan.Zero), alert.StartedAt);
    }

    [Fact]
    public void Parse_WhenClose_ShouldBeResolvedWithTheSameFingerprint()
    {
        var created = Assert.Single(Samples.Parse("opsgenie", "firing.json"));
        var closed = Assert.Single(Samples.Parse("opsgenie", "resolved.json"));
        var note = Assert.Single(Samples.Parse("opsgenie", "add-note.json"));

        Assert.Equal(AlertStatus.Resolved, closed.Status);
        Assert.NotNull(closed.EndedAt);
        Assert.Equal(AlertStatus.Firing, note.Status);
        Assert.Equal("Looking at the event log now.", note.Annotations["note"]);
        Assert.Equal(created.Fingerprint, closed.Fingerprint);
        Assert.Equal(created.Fingerprint, note.Fingerprint);
    }

    [Fact]
    public void Parse_WhenAlertHasNeitherIdNorAlias_ShouldThrowWrongShape()
    {
        var ex = Assert.Throws<AlertParseException>(() =>
            Samples.Registry().Parse("opsgenie", """{"action":"Create","alert":{"message":"x"}}"""u8));

        Assert.StartsWith("$.alert.alertId: missing", ex.Message, StringComparison.Ordinal);
    }
}
