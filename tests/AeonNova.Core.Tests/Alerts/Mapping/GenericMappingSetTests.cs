using System.Text;
using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Mapping;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Mapping;

public class GenericMappingSetTests
{
    [Fact]
    public void Load_WhenSuperOpsExample_ShouldCompileEveryPathAndMap()
    {
        var mapping = Assert.Single(Samples.SuperOpsMapping().Mappings);

        Assert.Equal("superops", mapping.Name);
        Assert.Equal("$.data.alerts", mapping.Alerts?.Text);
        Assert.Equal("$.asset.name", mapping.Fields["host"].Text);
        Assert.Equal(2, mapping.Fingerprint.Count);
        Assert.Equal(AlertSeverity.High, mapping.SeverityMap["error"]);
        Assert.Equal(AlertStatus.Resolved, mapping.StatusMap["Resolved"]);
    }

    [Theory]
    [InlineData("""{"x":1}""", "$.sources: missing")]
    [InlineData("""{"sources":{}}""", "$.sources: defines no source")]
    [InlineData("""{"sources":{"a b":{}}}""", "$.sources.a b: source names use")]
    [InlineData("""{"sources":{"t":{"fields":{}}}}""", "$.sources.t.fields.title: missing")]
    [InlineData("""{"sources":{"t":{"fields":{"title":"message"}}}}""", "$.sources.t.fields.title: 'message' is not a JSON path")]
    [InlineData("""{"sources":{"t":{"fields":{"title":"$.a[x]"}}}}""", "$.sources.t.fields.title: '[' at position 3")]
    [InlineData("""{"sources":{"t":{"fields":{"title":"$.a","colour":"$.c"}}}}""", "$.sources.t.fields.colour: not a canonical field")]
    [InlineData("""{"sources":{"t":{"fields":{"title":"$.a"},"severityMap":{"Hot":"scorching"}}}}""", "$.sources.t.severityMap.Hot: 'scorching' is not")]
    [InlineData("""{"sources":{"t":{"fields":{"title":"$.a"},"statusMap":{"Done":"finished"}}}}""", "$.sources.t.statusMap.Done: 'finished' is not firing, resolved, insufficient_data or informational")]
    [InlineData("""{"sources":{"t":{"fields":{"title":"$.a"},"fingerprint":"$.id"}}}""", "$.sources.t.fingerprint: expected an array")]
    [InlineData("""{"sources":""", "malformed JSON")]
    public void Load_WhenMappingFileIsInvalid_ShouldNameThePlaceAndWhy(string json, string expected)
    {
        var ex = Assert.Throws<AlertMappingException>(() => GenericMappingSet.Load(Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenPathsUseQuotedNamesAndIndexes_ShouldFollowThem()
    {
        var mappings = GenericMappingSet.Load("""
            {"sources":{"inhouse":{
              "fields":{"title":"$['check.name']","host":"$.targets[1].host","labels":"$.meta","severity":"$.level"},
              "severityMap":{"5":"critical"}}}}
            """u8);
        var registry = new AlertParserRegistry(new TestClock(), new SequentialIds(), mappings);

        var alert = Assert.Single(registry.Parse("generic", """
            {"check.name":"Ping","targets":[{"host":"a"},{"host":"b:22"}],"meta":{"team":"net","os":"windows"},"level":5}
            """u8));

        Assert.Equal("inhouse", alert.Source);
        Assert.Equal("Ping", alert.Title);
        Assert.Equal("b", alert.Host);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal(OsFamily.Windows, alert.Os);
        Assert.Equal("net", alert.Labels["team"]);
        Assert.Equal(AlertStatus.Firing, alert.Status);
    }

    [Fact]
    public void Parse_WhenFileDefinesSeveralSources_ShouldRequireTheirNamesInsteadOfGeneric()
    {
        var mappings = GenericMappingSet.Load("""{"sources":{"a":{"fields":{"title":"$.t"}},"b":{"fields":{"title":"$.t"}}}}"""u8);
        var registry = new AlertParserRegistry(new TestClock(), new SequentialIds(), mappings);

        var ex = Assert.Throws<AlertParseException>(() => registry.Parse("generic", """{"t":"x"}"""u8));

        Assert.Contains("several sources (a, b)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("b", Assert.Single(registry.Parse("b", """{"t":"x"}"""u8)).Source);
    }
}
