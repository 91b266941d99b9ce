using System.Text;
using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts;

public class FingerprintTests
{
    [Theory]
    [InlineData("alertmanager")]
    [InlineData("grafana")]
    [InlineData("datadog")]
    [InlineData("cloudwatch")]
    [InlineData("pagerduty")]
    [InlineData("opsgenie")]
    [InlineData("servicenow")]
    [InlineData("zabbix")]
    [InlineData("generic")]
    public void Fingerprint_WhenTheSameBodyIsSentAgain_ShouldBeIdenticalWhileIdsDiffer(string source)
    {
        var registry = Samples.Registry();
        var body = Samples.Alert(source, "firing.json");

        var first = registry.Parse(source, body);
        var second = registry.Parse(source, body);

        Assert.Equal(first.Select(a => a.Fingerprint), second.Select(a => a.Fingerprint));
        Assert.Empty(first.Select(a => a.Id).Intersect(second.Select(a => a.Id)));
    }

    [Theory]
    [InlineData("alertmanager", "firing.json", "resolved.json")]
    [InlineData("grafana", "firing.json", "resolved.json")]
    [InlineData("datadog", "firing.json", "resolved.json")]
    [InlineData("cloudwatch", "firing.json", "resolved.json")]
    [InlineData("cloudwatch", "sns-firing.json", "sns-resolved.json")]
    [InlineData("pagerduty", "firing.json", "resolved.json")]
    [InlineData("opsgenie", "firing.json", "resolved.json")]
    [InlineData("servicenow", "firing.json", "resolved.json")]
    [InlineData("zabbix", "firing.json", "resolved.json")]
    [InlineData("generic", "firing.json", "resolved.json")]
    public void Fingerprint_WhenFiringAndResolvedOfOneAlert_ShouldBeIdentical(string source, string firingFile, string resolvedFile)
    {
        var firing = Samples.Parse(source, firingFile)[0];
        var resolved = Samples.Parse(source, resolvedFile)[0];

        Assert.Equal(AlertStatus.Firing, firing.Status);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
    }

    [Theory]
    [InlineData("alertmanager", "web-1:9100", "web-2:9100")]
    [InlineData("grafana", "app-2", "app-9")]
    [InlineData("datadog", "win-web-07", "win-web-08")]
    [InlineData("cloudwatch", "i-0a1b2c3d4e5f67890", "i-0a1b2c3d4e5f67891")]
    [InlineData("zabbix", "lnx-web-04", "lnx-web-05")]
    public void Fingerprint_WhenOnlyTheHostDiffers_ShouldDiffer(string source, string host, string otherHost)
    {
        var registry = Samples.Registry();
        var body = Encoding.UTF8.GetString(Samples.Alert(source, "firing.json"));

        var original = registry.Parse(source, Encoding.UTF8.GetBytes(body))[0];
        var moved = registry.Parse(source, Encoding.UTF8.GetBytes(body.Replace(host, otherHost, StringComparison.Ordinal)))[0];

        Assert.NotEqual(original.Fingerprint, moved.Fingerprint);
    }

    [Fact]
    public void Fingerprint_WhenDifferentAlertsInOneGroup_ShouldDiffer()
    {
        var alerts = Samples.Parse("alertmanager", "firing.json").Concat(Samples.Parse("grafana", "firing.json"))
            .Concat(Samples.Parse("cloudwatch", "sns-lambda-records.json")).Concat(Samples.Parse("servicenow", "table-api-result.json"));

        Assert.Equal(alerts.Count(), alerts.Select(a => a.Fingerprint).Distinct().Count());
    }

    [Fact]
    public void Fingerprint_WhenLabelOrderOrAnnotationsChange_ShouldStayTheSame()
    {
        var registry = Samples.Registry();
        var a = """{"alerts":[{"status":"firing","labels":{"alertname":"X","instance":"h:1"},"annotations":{"summary":"one"}}]}"""u8;
        var b = """{"alerts":[{"status":"resolved","labels":{"instance":"h:1","alertname":"X"},"annotations":{"summary":"two"}}]}"""u8;

        Assert.Equal(registry.Parse("alertmanager", a)[0].Fingerprint, registry.Parse("alertmanager", b)[0].Fingerprint);
    }

    [Fact]
    public void Compute_WhenPartsShiftBetweenFields_ShouldDiffer()
    {
        Assert.NotEqual(Fingerprints.Compute("s", "ab", "c"), Fingerprints.Compute("s", "a", "bc"));
        Assert.NotEqual(Fingerprints.Compute("s", "a"), Fingerprints.Compute("t", "a"));
        Assert.Equal(Fingerprints.Compute("s", "a", null), Fingerprints.Compute("s", "a", ""));
    }

    [Fact]
    public void FromLabels_WhenKeyAndValueBoundariesShift_ShouldDiffer()
    {
        var one = new Dictionary<string, string> { ["ab"] = "c" };
        var two = new Dictionary<string, string> { ["a"] = "bc" };

        Assert.NotEqual(Fingerprints.FromLabels("s", one), Fingerprints.FromLabels("s", two));
    }

    [Fact]
    public void Compute_WhenKnownInput_ShouldBeLowercaseHexSha256OfTheDocumentedRecipe()
    {
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("pagerduty\u001fQ2K1ZX7N8EQABC")));

        Assert.Equal(expected, Fingerprints.Compute("pagerduty", "Q2K1ZX7N8EQABC"));
        Assert.Equal(expected, Samples.Parse("pagerduty", "firing.json")[0].Fingerprint);
    }
}
