using System.Text;
using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Mapping;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts;

public class AlertParserRegistryTests
{
    private static readonly string[] BuiltInSources =
        ["alertmanager", "cloudwatch", "datadog", "grafana", "opsgenie", "pagerduty", "servicenow", "zabbix"];

    [Fact]
    public void Sources_WhenMappingFileIsLoaded_ShouldListBuiltInsGenericAndMappingNames()
    {
        var registry = Samples.Registry();

        Assert.Equal([.. BuiltInSources.Append("generic").Append("superops").Order(StringComparer.Ordinal)], registry.Sources.Order(StringComparer.Ordinal));
        Assert.True(registry.IsKnownSource("ALERTMANAGER"));
        Assert.False(registry.IsKnownSource("nagios"));
    }

    [Fact]
    public void Parse_WhenEverySampleIsParsed_ShouldYieldAlertsWithContractFields()
    {
        var registry = Samples.Registry();
        foreach (var (source, file) in Samples.AllAlerts())
        {
            var result = registry.ParseEvents(source, Samples.Alert(source, file));
            var alerts = result.Alerts;
            // Every sample yields something: alerts, or informational events (pings, notes, handshakes) with a reason.
            Assert.True(alerts.Count + result.Informational.Count > 0, $"{source}/{file}: nothing parsed");
            Assert.All(result.Informational, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason), $"{source}/{file}: reason"));
            foreach (var alert in alerts)
            {
                Assert.False(string.IsNullOrWhiteSpace(alert.Title), $"{source}/{file}: title");
                Assert.Matches("^[0-9a-f]{64}$", alert.Fingerprint);
                Assert.Equal(TestClock.Default, alert.ReceivedAt);
                Assert.DoesNotContain(':', alert.Host);
            }
        }
    }

    [Fact]
    public void Parse_WhenEverySourceDirectory_ShouldHaveAFiringAndAResolvedSample()
    {
        var files = Samples.AllAlerts().ToLookup(s => s.Source, s => s.File);

        Assert.Equal([.. BuiltInSources.Append("generic").Order(StringComparer.Ordinal)], files.Select(g => g.Key).Order(StringComparer.Ordinal));
        foreach (var source in files)
        {
            Assert.Contains("firing.json", source);
            Assert.Contains("resolved.json", source);
            var resolved = Samples.Parse(source.Key, "resolved.json");
            Assert.Contains(resolved, a => a.Status == AlertStatus.Resolved);
        }
    }

    [Fact]
    public void Parse_WhenSourceIsUnknown_ShouldThrowUnknownSourceListingKnownOnes()
    {
        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("nagios", "{}"u8));

        Assert.Equal(AlertParseErrorKind.UnknownSource, ex.Kind);
        Assert.Contains("unknown source 'nagios'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("alertmanager", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenGenericHasNoMappingFile_ShouldSayAMappingIsNeeded()
    {
        var registry = new AlertParserRegistry(new TestClock(), new SequentialIds());

        var ex = Assert.Throws<AlertParseException>(() => registry.Parse("generic", "{}"u8));

        Assert.Equal(AlertParseErrorKind.UnknownSource, ex.Kind);
        Assert.Contains("mapping file", ex.Message, StringComparison.Ordinal);
        Assert.False(registry.IsKnownSource("generic"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\t")]
    [InlineData("\uFEFF")]
    public void Parse_WhenBodyIsEmpty_ShouldThrowEmptyBody(string body)
    {
        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("alertmanager", Encoding.UTF8.GetBytes(body)));

        Assert.Equal(AlertParseErrorKind.EmptyBody, ex.Kind);
    }

    [Fact]
    public void Parse_WhenBodyIsOverTheLimit_ShouldThrowTooLargeWithTheSize()
    {
        var body = new byte[AlertLimits.MaxBodyBytes + 1];
        body.AsSpan().Fill((byte)' ');

        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("grafana", body));

        Assert.Equal(AlertParseErrorKind.TooLarge, ex.Kind);
        Assert.Contains("262145 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenBodyIsExactlyAtTheLimit_ShouldBeParsed()
    {
        var prefix = "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"}}],\"pad\":\""u8;
        var body = new byte[AlertLimits.MaxBodyBytes];
        prefix.CopyTo(body);
        body.AsSpan(prefix.Length, body.Length - prefix.Length - 2).Fill((byte)'x');
        "\"}"u8.CopyTo(body.AsSpan(body.Length - 2));

        Assert.Single(Samples.Registry().Parse("alertmanager", body));
    }

    [Fact]
    public void Parse_WhenJsonIsTruncated_ShouldThrowMalformedJsonWithOffsetAndTruncationHint()
    {
        var sample = Samples.Alert("alertmanager", "firing.json");

        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("alertmanager", sample.AsSpan(0, 200)));

        Assert.Equal(AlertParseErrorKind.MalformedJson, ex.Kind);
        Assert.Contains("byte offset", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenJsonHasASyntaxErrorOnLineTwo_ShouldNameTheAbsoluteOffsetAndLine()
    {
        var body = "{\"alerts\": [],\n  \"status\": firing}"u8.ToArray();

        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("alertmanager", body));

        Assert.Equal(AlertParseErrorKind.MalformedJson, ex.Kind);
        Assert.Matches(@"at byte offset 2[78] \(line 2, column 1[34]\)", ex.Message);
        Assert.DoesNotContain("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenJsonIsNestedDeeperThanTheLimit_ShouldThrowMalformedJson()
    {
        var body = Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100));

        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("alertmanager", body));

        Assert.Equal(AlertParseErrorKind.MalformedJson, ex.Kind);
        Assert.Contains("depth", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alertmanager", "[]", "$: expected an Alertmanager webhook")]
    [InlineData("grafana", "\"text\"", "$: expected a Grafana alerting webhook")]
    [InlineData("zabbix", "42", "$: expected a Zabbix webhook")]
    [InlineData("pagerduty", """{"event":[]}""", "$.event: expected an object but found an array")]
    [InlineData("alertmanager", """{"alerts":[{"status":"firing","labels":["a"]}]}""", "$.alerts[0].labels: expected an object but found an array")]
    [InlineData("alertmanager", """{"alerts":[{"status":"firing","annotations":{"summary":"\ud800"}}]}""", "$.alerts[0].annotations.summary: the string holds an invalid")]
    [InlineData("alertmanager", """{"alerts":[{"status":"firing","startsAt":"yesterday"}]}""", "$.alerts[0].startsAt: 'yesterday' is not a timestamp")]
    public void Parse_WhenBodyHasTheWrongShape_ShouldThrowWrongShapeNamingThePath(string source, string body, string expected)
    {
        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse(source, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(AlertParseErrorKind.WrongShape, ex.Kind);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenBodyIsNotUtf8_ShouldThrowMalformedJsonWithTheOffset()
    {
        var body = "{\"alerts\":\"x"u8.ToArray().Append((byte)0xC3).Append((byte)'"').Append((byte)'}').ToArray();

        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("alertmanager", body));

        Assert.Equal(AlertParseErrorKind.MalformedJson, ex.Kind);
        Assert.Equal("body is not valid UTF-8 at byte offset 12", ex.Message);
    }

    [Fact]
    public void Parse_WhenPayloadOfAnotherSourceIsSent_ShouldThrowWrongShape()
    {
        var grafanaBody = Samples.Alert("datadog", "firing.json");

        var ex = Assert.Throws<AlertParseException>(() => Samples.Registry().Parse("alertmanager", grafanaBody));

        Assert.Equal(AlertParseErrorKind.WrongShape, ex.Kind);
    }

    [Fact]
    public void Constructor_WhenMappingUsesABuiltInName_ShouldThrowMappingException()
    {
        var mappings = GenericMappingSet.Load("""{"sources":{"zabbix":{"fields":{"title":"$.t"}}}}"""u8);

        var ex = Assert.Throws<AlertMappingException>(() => new AlertParserRegistry(new TestClock(), new SequentialIds(), mappings));

        Assert.Contains("built-in", ex.Message, StringComparison.Ordinal);
    }
}
