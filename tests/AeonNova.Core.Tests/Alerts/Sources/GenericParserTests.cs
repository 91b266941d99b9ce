using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Sources;

public class GenericParserTests
{
    [Fact]
    public void Parse_WhenSuperOpsMappingIsLoaded_ShouldMapEveryConfiguredField()
    {
        var alert = Assert.Single(Samples.Parse("generic", "firing.json"));

        Assert.Equal("superops", alert.Source);
        Assert.Equal("SO-ALR-884213", alert.SourceId);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal("Disk C: free space below 5%", alert.Title);
        Assert.Equal("ACME-FS01", alert.Host);
        Assert.Equal("Disk Space Monitor", alert.Service);
        Assert.Equal("production", alert.Environment);
        Assert.Equal(OsFamily.Windows, alert.Os);
        Assert.Equal("acme-dental", alert.Labels["client"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 2, 11, TimeSpan.Zero), alert.StartedAt);
        Assert.Null(alert.EndedAt);
        Assert.Equal("https://example.superops.ai/#/alerts/SO-ALR-884213", alert.Url);
    }

    [Fact]
    public void Parse_WhenResolvedThroughStatusMap_ShouldShareTheFingerprint()
    {
        var firing = Assert.Single(Samples.Parse("generic", "firing.json"));
        var resolved = Assert.Single(Samples.Parse("generic", "resolved.json"));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 11, 15, 40, TimeSpan.Zero), resolved.EndedAt);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
    }

    [Fact]
    public void Parse_WhenMappingNameIsUsedAsSource_ShouldParseLikeGeneric()
    {
        var registry = Samples.Registry();

        Assert.True(registry.IsKnownSource("superops"));
        var alert = Assert.Single(registry.Parse("superops", Samples.Alert("generic", "firing.json")));
        Assert.Equal("superops", alert.Source);
    }

    [Fact]
    public void Parse_WhenTitlePathFindsNothing_ShouldThrowWrongShapeNamingTheMappingPath()
    {
        var ex = Assert.Throws<AlertParseException>(() =>
            Samples.Registry().Parse("generic", """{"data":{"alerts":[{"severity":"Critical"}]}}"""u8));

        Assert.Equal(AlertParseErrorKind.WrongShape, ex.Kind);
        Assert.Contains("$.message (title)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenStatusIsNotInTheMap_ShouldThrowWrongShapeSuggestingStatusMap()
    {
        var ex = Assert.Throws<AlertParseException>(() =>
            Samples.Registry().Parse("generic", """{"data":{"alerts":[{"message":"m","status":"Snoozed"}]}}"""u8));

        Assert.Contains("statusMap", ex.Message, StringComparison.Ordinal);
    }
}
