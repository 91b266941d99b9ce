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

        Assert.Equal(AlertStatus.Resolved, closed.Status);
        Assert.NotNull(closed.EndedAt);
        Assert.Equal(created.Fingerprint, closed.Fingerprint);
    }

    [Fact]
    public void ParseEvents_WhenNoteIsAdded_ShouldBeInformationalAndYieldNoAlert()
    {
        var result = Samples.Registry().ParseEvents("opsgenie", Samples.Alert("opsgenie", "add-note.json"));

        Assert.Empty(result.Alerts);
        var note = Assert.Single(result.Informational);
        Assert.Equal("AddNote", note.Event);
        Assert.Equal("a note was added to the alert", note.Reason);
        Assert.False(string.IsNullOrEmpty(note.SourceId));
    }

    [Theory]
    [InlineData("Acknowledge")]
    [InlineData("Escalate")]
    [InlineData("UpdatePriority")]
    [InlineData("TakeOwnership")]
    public void ParseEvents_WhenActionUpdatesTheAlert_ShouldYieldTheOpenAlertWithItsFingerprint(string action)
    {
        var created = Assert.Single(Samples.Parse("opsgenie", "firing.json"));
        var body = System.Text.Encoding.UTF8.GetString(Samples.Alert("opsgenie", "firing.json")).Replace("\"Create\"", $"\"{action}\"", StringComparison.Ordinal);

        var result = Samples.Registry().ParseEvents("opsgenie", System.Text.Encoding.UTF8.GetBytes(body));

        var updated = Assert.Single(result.Alerts);
        Assert.Empty(result.Informational);
        Assert.Equal(AlertStatus.Firing, updated.Status);
        Assert.Equal(created.Fingerprint, updated.Fingerprint);
        Assert.Equal(action, updated.Annotations["action"]);
    }

    [Fact]
    public void Parse_WhenAlertHasNeitherIdNorAlias_ShouldThrowWrongShape()
    {
        var ex = Assert.Throws<AlertParseException>(() =>
            Samples.Registry().Parse("opsgenie", """{"action":"Create","alert":{"message":"x"}}"""u8));

        Assert.StartsWith("$.alert.alertId: missing", ex.Message, StringComparison.Ordinal);
    }
}
