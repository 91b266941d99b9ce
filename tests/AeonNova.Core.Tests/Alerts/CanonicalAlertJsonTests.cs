using System.Text.Json;
using AeonNova.Core.Alerts;
using AeonNova.Core.Json;

namespace AeonNova.Core.Tests.Alerts;

public class CanonicalAlertJsonTests
{
    [Fact]
    public void Serialize_WhenAlertHasEnums_ShouldWriteContractCamelCaseAndLowercaseWords()
    {
        var alert = new CanonicalAlert
        {
            Id = "a1",
            Source = "alertmanager",
            Fingerprint = "fp",
            Status = AlertStatus.Resolved,
            Severity = AlertSeverity.Critical,
            Title = "DiskFull",
            Os = OsFamily.Windows,
            ReceivedAt = new DateTimeOffset(2026, 11, 23, 4, 0, 0, TimeSpan.Zero),
        };

        var json = JsonSerializer.Serialize(alert, CoreJsonContext.Default.CanonicalAlert);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal("resolved", root.GetProperty("status").GetString());
        Assert.Equal("critical", root.GetProperty("severity").GetString());
        Assert.Equal("windows", root.GetProperty("os").GetString());
        Assert.Equal("2026-11-23T04:00:00+00:00", root.GetProperty("receivedAt").GetString());
        foreach (var name in new[] { "id", "source", "sourceId", "fingerprint", "title", "description", "host", "service",
                     "environment", "labels", "annotations", "startedAt", "endedAt", "url" })
        {
            Assert.True(root.TryGetProperty(name, out _), $"missing {name}");
        }
    }
}
