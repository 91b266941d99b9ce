using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Sources;

public class DatadogParserTests
{
    [Fact]
    public void Parse_WhenTriggered_ShouldReadCustomFieldsAndTags()
    {
        var alert = Assert.Single(Samples.Parse("datadog", "firing.json"));

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.High, alert.Severity);
        Assert.Equal("Disk usage above 90% on win-web-07", alert.Title);
        Assert.Equal("win-web-07", alert.Host);
        Assert.Equal("prod", alert.Environment);
        Assert.Equal("iis-frontend", alert.Service);
        Assert.Equal(OsFamily.Windows, alert.Os);
        Assert.Equal("web", alert.Labels["team"]);
        Assert.Equal("7840193546120394857", alert.SourceId);
        Assert.Equal("Triggered", alert.Annotations["alert_transition"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 3, 0, TimeSpan.Zero), alert.StartedAt);
        Assert.StartsWith("https://app.datadoghq.com/event/event?id=", alert.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenRecovered_ShouldBeResolvedWithTheSameFingerprintAndTitle()
    {
        var firing = Assert.Single(Samples.Parse("datadog", "firing.json"));
        var resolved = Assert.Single(Samples.Parse("datadog", "resolved.json"));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(firing.Title, resolved.Title);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
        Assert.Equal(firing.Severity, resolved.Severity);
    }

    [Fact]
    public void Parse_WhenOnlyTheDefaultPayloadIsSent_ShouldStillProduceAnAlert()
    {
        var alert = Assert.Single(Samples.Parse("datadog", "default-payload.json"));

        Assert.Equal("5xx rate high on checkout", alert.Title);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.Medium, alert.Severity);
        Assert.Equal("", alert.Host);
        Assert.Equal(64, alert.Fingerprint.Length);
    }

    [Theory]
    [InlineData("error", AlertSeverity.High)]
    [InlineData("warning", AlertSeverity.Medium)]
    [InlineData("info", AlertSeverity.Info)]
    public void Parse_WhenOnlyAlertTypeIsGiven_ShouldMapItsSeverity(string alertType, AlertSeverity expected)
    {
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"title":"x","alert_type":"{{alertType}}"}""");

        Assert.Equal(expected, Assert.Single(Samples.Registry().Parse("datadog", body)).Severity);
    }

    [Fact]
    public void Parse_WhenTitleIsMissing_ShouldThrowWrongShapeNamingTitle()
    {
        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("datadog", """{"body":"x"}"""u8));

        Assert.Equal(AlertParseErrorKind.WrongShape, ex.Kind);
        Assert.StartsWith("$.title: missing", ex.Message, StringComparison.Ordinal);
    }
}
