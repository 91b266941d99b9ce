using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Sources;

public class PagerDutyParserTests
{
    [Fact]
    public void Parse_WhenIncidentTriggered_ShouldReadIncidentPriorityAndService()
    {
        var alert = Assert.Single(Samples.Parse("pagerduty", "firing.json"));

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal("Replication lag above 300 s on db-primary-2", alert.Title);
        Assert.Equal("Q2K1ZX7N8EQABC", alert.SourceId);
        Assert.Equal("Orders Database", alert.Service);
        Assert.Equal("Data Platform", alert.Labels["team"]);
        Assert.Equal("incident.triggered", alert.Annotations["event_type"]);
        Assert.Equal("https://example.pagerduty.com/incidents/Q2K1ZX7N8EQABC", alert.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 3, 21, 7, TimeSpan.Zero), alert.StartedAt);
    }

    [Fact]
    public void Parse_WhenIncidentAcknowledgedThenResolved_ShouldKeepOneFingerprint()
    {
        var triggered = Assert.Single(Samples.Parse("pagerduty", "firing.json"));
        var acknowledged = Assert.Single(Samples.Parse("pagerduty", "acknowledged.json"));
        var resolved = Assert.Single(Samples.Parse("pagerduty", "resolved.json"));

        Assert.Equal(AlertStatus.Firing, acknowledged.Status);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 3, 58, 2, 930, TimeSpan.Zero), resolved.EndedAt);
        Assert.Equal(triggered.Fingerprint, acknowledged.Fingerprint);
        Assert.Equal(triggered.Fingerprint, resolved.Fingerprint);
    }

    [Fact]
    public void Parse_WhenEventIsAPing_ShouldReturnNoAlerts()
    {
        Assert.Empty(Samples.Parse("pagerduty", "ping.json"));
    }

    [Fact]
    public void Parse_WhenPriorityIsMissing_ShouldUseUrgency()
    {
        var body = """{"event":{"event_type":"incident.triggered","resource_type":"incident","data":{"id":"P1","title":"t","urgency":"low"}}}"""u8;

        Assert.Equal(AlertSeverity.Low, Assert.Single(Samples.Registry().Parse("pagerduty", body)).Severity);
    }

    [Fact]
    public void Parse_WhenEventWrapperIsMissing_ShouldThrowWrongShape()
    {
        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("pagerduty", """{"messages":[]}"""u8));

        Assert.StartsWith("$.event: missing", ex.Message, StringComparison.Ordinal);
    }
}
