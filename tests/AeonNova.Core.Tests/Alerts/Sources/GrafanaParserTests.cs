using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Sources;

public class GrafanaParserTests
{
    [Fact]
    public void Parse_WhenGroupedFiring_ShouldReturnEveryAlertWithPanelUrlAndValues()
    {
        var alerts = Samples.Parse("grafana", "firing.json");

        Assert.Equal(2, alerts.Count);
        Assert.Equal(["app-2", "app-3"], alerts.Select(a => a.Host));
        var first = alerts[0];
        Assert.Equal("grafana", first.Source);
        Assert.Equal(AlertStatus.Firing, first.Status);
        Assert.Equal(AlertSeverity.High, first.Severity);
        Assert.Equal("Memory usage above 90% on app-2", first.Title);
        Assert.Equal("staging", first.Environment);
        Assert.Equal(OsFamily.Linux, first.Os);
        Assert.Equal("c0ffee0123456789", first.SourceId);
        Assert.Equal("https://grafana.example.internal/d/node01?orgId=1&viewPanel=4", first.Url);
        Assert.Contains("value=93.4", first.Annotations["valueString"], StringComparison.Ordinal);
        Assert.Null(first.EndedAt);
        Assert.NotEqual(alerts[0].Fingerprint, alerts[1].Fingerprint);
    }

    [Fact]
    public void Parse_WhenResolved_ShouldMatchTheFiringFingerprint()
    {
        var firing = Samples.Parse("grafana", "firing.json")[0];
        var resolved = Assert.Single(Samples.Parse("grafana", "resolved.json"));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 14, 30, 0, TimeSpan.Zero), resolved.EndedAt);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
    }

    [Fact]
    public void Parse_WhenAlertsIsNotAnArray_ShouldThrowWrongShape()
    {
        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("grafana", """{"alerts":{}}"""u8));

        Assert.Equal(AlertParseErrorKind.WrongShape, ex.Kind);
        Assert.Equal("$.alerts: expected an array but found an object", ex.Message);
    }
}
