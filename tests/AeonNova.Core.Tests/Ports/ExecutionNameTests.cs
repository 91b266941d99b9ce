using System.Text.RegularExpressions;
using AeonNova.Core.Ports;

namespace AeonNova.Core.Tests.Ports;

/// <summary>Issue #15 item 6: execution names ops can read, still deterministic and within Step Functions' limits.</summary>
public sealed partial class ExecutionNameTests
{
    private const string Fingerprint = "3fa9c1d27e0b4a55c6d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3";
    private static readonly DateTimeOffset At = new(2026, 11, 20, 8, 10, 0, TimeSpan.Zero);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex StepFunctionsName();

    [Fact]
    public void ExecutionName_WhenAlertAndHostGiven_ShouldReadAlertHostHashTime()
    {
        Assert.Equal("highcpuload-web-1-3fa9c1d2-20261120T081000Z", AlertClaims.ExecutionName(Fingerprint, At, "HighCpuLoad", "web-1"));
    }

    [Fact]
    public void ExecutionName_WhenSameAlertSameTime_ShouldBeIdentical()
    {
        var first = AlertClaims.ExecutionName(Fingerprint, At, "Disk full /var", "db-01.prod");
        var again = AlertClaims.ExecutionName(Fingerprint, At, "Disk full /var", "db-01.prod");

        Assert.Equal(first, again);
        Assert.NotEqual(first, AlertClaims.ExecutionName(Fingerprint, At.AddSeconds(1), "Disk full /var", "db-01.prod"));
        Assert.NotEqual(first, AlertClaims.ExecutionName("9" + Fingerprint[1..], At, "Disk full /var", "db-01.prod"));
    }

    [Theory]
    [InlineData("Überlastung der Festplatte ünd Speicher", "sérveur-01", "uberlastung-der-festplatte-und-speicher-serveur-01-")]
    [InlineData("磁盘已满", "主机-7", "alert-7-")]
    [InlineData("🔥 CPU 🔥", "web-1", "cpu-web-1-")]
    [InlineData("", "", "alert-nohost-")]
    [InlineData("   ", "---", "alert-nohost-")]
    [InlineData("a/b\\c:d*e?f\"g<h>i|j", "web 1", "a-b-c-d-e-f-g-h-i-j-web-1-")]
    public void ExecutionName_WhenNamesNeedCleaning_ShouldKeepOnlyAllowedCharacters(string alertName, string host, string expectedStart)
    {
        var name = AlertClaims.ExecutionName(Fingerprint, At, alertName, host);

        Assert.Matches(StepFunctionsName(), name);
        Assert.StartsWith(expectedStart, name, StringComparison.Ordinal);
        Assert.EndsWith("-3fa9c1d2-20261120T081000Z", name, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecutionName_WhenAlertAndHostVeryLong_ShouldFitEightyCharactersAndKeepHashAndTime()
    {
        var name = AlertClaims.ExecutionName(Fingerprint, At, new string('x', 500) + " tail", "host-" + new string('h', 300));

        Assert.Matches(StepFunctionsName(), name);
        Assert.Equal(AlertClaims.MaxExecutionNameLength, name.Length);
        Assert.EndsWith("-3fa9c1d2-20261120T081000Z", name, StringComparison.Ordinal);
        Assert.Contains("-host-hhh", name, StringComparison.Ordinal);
        Assert.DoesNotContain("--", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("opsgenie:alias with spaces")]
    [InlineData("")]
    [InlineData("zz")]
    public void ExecutionName_WhenFingerprintIsNotHex_ShouldUseAStableHexHash(string fingerprint)
    {
        var name = AlertClaims.ExecutionName(fingerprint, At, "Alert", "h");

        Assert.Matches(new Regex("^alert-h-[0-9a-f]{8}-20261120T081000Z$"), name);
        Assert.Equal(name, AlertClaims.ExecutionName(fingerprint, At, "Alert", "h"));
    }

    [Fact]
    public void NewClaim_WhenRequestNamesAlertAndHost_ShouldUseTheReadableName()
    {
        var state = AlertClaims.NewClaim(new AlertClaimRequest(Fingerprint, "a-1", At, TimeSpan.FromMinutes(5), "HighCpuLoad", "web-1"));

        Assert.Equal("highcpuload-web-1-3fa9c1d2-20261120T081000Z", state.ExecutionName);
    }
}
