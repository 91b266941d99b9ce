using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Sources;

public class AlertmanagerParserTests
{
    [Fact]
    public void Parse_WhenGroupHasTwoFiringAlerts_ShouldReturnBothWithTheirOwnFields()
    {
        var alerts = Samples.Parse("alertmanager", "firing.json");

        Assert.Equal(2, alerts.Count);
        var disk = alerts[0];
        Assert.Equal("alertmanager", disk.Source);
        Assert.Equal("alert-1", disk.Id);
        Assert.Equal("5f0a7a3f6c2d1b9e", disk.SourceId);
        Assert.Equal(AlertStatus.Firing, disk.Status);
        Assert.Equal(AlertSeverity.Medium, disk.Severity);
        Assert.Equal("Disk /var on web-1 is 91% full", disk.Title);
        Assert.StartsWith("Filesystem /var/ on web-1", disk.Description, StringComparison.Ordinal);
        Assert.Equal("web-1", disk.Host);
        Assert.Equal("production", disk.Environment);
        Assert.Equal(OsFamily.Linux, disk.Os);
        Assert.Equal("DiskSpaceLow", disk.Labels["alertname"]);
        Assert.Equal("https://runbooks.example.internal/disk-space-low", disk.Annotations["runbook_url"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 12, 30, 123, TimeSpan.Zero), disk.StartedAt);
        Assert.Null(disk.EndedAt);
        Assert.Equal(TestClock.Default, disk.ReceivedAt);
        Assert.StartsWith("http://prometheus.example.internal:9090/graph", disk.Url, StringComparison.Ordinal);

        var cpu = alerts[1];
        Assert.Equal(AlertSeverity.Critical, cpu.Severity);
        Assert.Equal("WIN-DB-01", cpu.Host);
        Assert.Equal("sql", cpu.Service);
        Assert.Equal(OsFamily.Windows, cpu.Os);
        Assert.NotEqual(disk.Fingerprint, cpu.Fingerprint);
    }

    [Fact]
    public void Parse_WhenAlertIsResolved_ShouldSetResolvedEndAndSameFingerprintAsFiring()
    {
        var firing = Samples.Parse("alertmanager", "firing.json")[0];
        var resolved = Assert.Single(Samples.Parse("alertmanager", "resolved.json"));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 47, 30, 123, TimeSpan.Zero), resolved.EndedAt);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
    }

    [Fact]
    public void Parse_WhenOptionalFieldsAreMissing_ShouldUseAlertnameAndDefaults()
    {
        var alert = Assert.Single(Samples.Parse("alertmanager", "minimal.json"));

        Assert.Equal("InstanceDown", alert.Title);
        Assert.Equal("", alert.Description);
        Assert.Equal("10.0.4.17", alert.Host);
        Assert.Equal(AlertSeverity.Medium, alert.Severity);
        Assert.Equal("", alert.SourceId);
        Assert.Empty(alert.Annotations);
        Assert.Null(alert.Url);
        Assert.Equal(OsFamily.Unknown, alert.Os);
        Assert.Equal(64, alert.Fingerprint.Length);
    }

    [Fact]
    public void Parse_WhenAlertHasNoStatus_ShouldTakeTheGroupStatus()
    {
        var body = """{"version":"4","status":"resolved","alerts":[{"labels":{"alertname":"X"}}]}"""u8;

        var alert = Assert.Single(Samples.Registry().Parse("alertmanager", body));

        Assert.Equal(AlertStatus.Resolved, alert.Status);
    }

    [Fact]
    public void Parse_WhenStatusIsUnknownWord_ShouldThrowWrongShapeNamingThePath()
    {
        var body = """{"alerts":[{"status":"firing","labels":{}},{"status":"exploded","labels":{}}]}"""u8.ToArray();

        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("alertmanager", body));

        Assert.Equal(AlertParseErrorKind.WrongShape, ex.Kind);
        Assert.Contains("$.alerts[1].status", ex.Message, StringComparison.Ordinal);
    }
}
