using System.Text;
using System.Text.Json;

namespace AeonNova.Cli.Tests.Alerts;

[Trait("Category", "Integration")]
public class AlertsParseCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aeonnova-alerts-").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    [Fact]
    public async Task Parse_WhenSeveralFilesAreGiven_ShouldPrintOneArrayWithEveryAlert()
    {
        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "alertmanager",
            RepoFiles.Sample("alertmanager", "firing.json"), RepoFiles.Sample("alertmanager", "resolved.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var alerts = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(3, alerts.Length);
        Assert.Equal(["firing", "firing", "resolved"], alerts.Select(a => a.GetProperty("status").GetString()));
        Assert.Equal(alerts[0].GetProperty("fingerprint").GetString(), alerts[2].GetProperty("fingerprint").GetString());
        Assert.Equal("web-1", alerts[0].GetProperty("host").GetString());
        Assert.Equal("alertmanager", alerts[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Parse_WhenGenericSourceHasAMappingFile_ShouldUseTheMapping()
    {
        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "generic", "--mapping", CliProcess.Mapping("superops.json"),
            RepoFiles.Sample("generic", "firing.json"));

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var alert = Assert.Single(json.RootElement.EnumerateArray().ToArray());
        Assert.Equal("superops", alert.GetProperty("source").GetString());
        Assert.Equal("critical", alert.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Parse_WhenJsonIsTruncated_ShouldExit2NamingFileOffsetAndTruncation()
    {
        var path = Write("truncated.json", File.ReadAllBytes(RepoFiles.Sample("grafana", "firing.json"))[..300]);

        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "grafana", path);

        AssertBadInput(result, path, "malformed JSON at byte offset", "truncated");
    }

    [Fact]
    public async Task Parse_WhenJsonIsMalformed_ShouldExit2WithTheOffset()
    {
        var path = Write("malformed.json", "{\"alerts\": [,]}");

        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "alertmanager", path);

        AssertBadInput(result, path, "malformed JSON at byte offset 12");
    }

    [Fact]
    public async Task Parse_WhenShapeIsWrongForTheSource_ShouldExit2NamingTheField()
    {
        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "pagerduty", RepoFiles.Sample("opsgenie", "firing.json"));

        AssertBadInput(result, RepoFiles.Sample("opsgenie", "firing.json"), "wrong shape: $.event: missing");
    }

    [Fact]
    public async Task Parse_WhenSourceIsUnknown_ShouldExit2ListingKnownSources()
    {
        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "nagios", RepoFiles.Sample("zabbix", "firing.json"));

        AssertBadInput(result, "unknown source 'nagios'", "alertmanager, cloudwatch");
    }

    [Fact]
    public async Task Parse_WhenFileIsEmpty_ShouldExit2SayingEmptyBody()
    {
        var path = Write("empty.json", "");

        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "datadog", path);

        AssertBadInput(result, path, "empty body");
    }

    [Fact]
    public async Task Parse_WhenFileIsOver256KiB_ShouldExit2SayingTooLarge()
    {
        var path = Write("huge.json", "{\"title\":\"" + new string('x', 300_000) + "\"}");

        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "datadog", path);

        AssertBadInput(result, path, "body too large", "262144-byte");
    }

    [Fact]
    public async Task Parse_WhenFileDoesNotExist_ShouldExit2NamingIt()
    {
        var path = Path.Combine(_dir, "absent.json");

        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "zabbix", path);

        AssertBadInput(result, path, "cannot read");
    }

    [Fact]
    public async Task Parse_WhenGenericHasNoMapping_ShouldExit2AskingForOne()
    {
        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "generic", RepoFiles.Sample("generic", "firing.json"));

        AssertBadInput(result, "needs a mapping file (--mapping FILE");
    }

    [Fact]
    public async Task Parse_WhenMappingFileIsInvalid_ShouldExit2NamingTheMappingField()
    {
        var mapping = Write("mapping.json", """{"sources":{"tool":{"fields":{"title":"name"}}}}""");

        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "tool", "--mapping", mapping, RepoFiles.Sample("generic", "firing.json"));

        AssertBadInput(result, mapping, "$.sources.tool.fields.title: 'name' is not a JSON path");
    }

    [Fact]
    public async Task Parse_WhenSourceOptionIsMissing_ShouldExit2WithUsage()
    {
        var result = await CliProcess.RunAsync("alerts", "parse", RepoFiles.Sample("zabbix", "firing.json"));

        AssertBadInput(result, "--source");
    }

    [Fact]
    public async Task Help_WhenAsked_ShouldDescribeSourceMappingAndFiles()
    {
        var result = await CliProcess.RunAsync("alerts", "parse", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--source", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--mapping", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FILE", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_WhenEventIsANote_ShouldExit0WithNoAlertAndSayWhyOnStderr()
    {
        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "pagerduty", RepoFiles.Sample("pagerduty", "annotated.json"));

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Empty(json.RootElement.EnumerateArray());
        Assert.Contains("informational pagerduty event 'incident.annotated' (a note was added to the incident): no alert", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_WhenEventsOptionIsGiven_ShouldPrintAlertsAndInformationalEvents()
    {
        var result = await CliProcess.RunAsync("alerts", "parse", "--source", "cloudwatch", "--events",
            RepoFiles.Sample("cloudwatch", "insufficient-data.json"), RepoFiles.Sample("cloudwatch", "sns-subscription-confirmation.json"));

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var alert = Assert.Single(json.RootElement.GetProperty("alerts").EnumerateArray().ToArray());
        Assert.Equal("insufficient_data", alert.GetProperty("status").GetString());
        var info = Assert.Single(json.RootElement.GetProperty("informational").EnumerateArray().ToArray());
        Assert.Equal("SubscriptionConfirmation", info.GetProperty("event").GetString());
        Assert.Equal("arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms", info.GetProperty("handshake").GetProperty("topicArn").GetString());
    }

    private static void AssertBadInput(CliProcess.Result result, params string[] expectedInStderr)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        foreach (var expected in expectedInStderr)
        {
            Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }
}
