using System.Text;
using AeonNova.Core.Auth;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Auth;

public class WebhookVerifiersTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":{"event_type":"incident.triggered"}}""");
    private static readonly string[] Tokens = ["current-token-7f3a", "previous-token-19c2"];

    [Fact]
    public void Bearer_WhenTokenMatchesEitherActiveToken_ShouldBeOk()
    {
        Assert.True(WebhookVerifiers.Bearer("Bearer current-token-7f3a", Tokens).IsOk);
        Assert.True(WebhookVerifiers.Bearer("bearer previous-token-19c2", Tokens).IsOk);
    }

    [Theory]
    [InlineData(null, WebhookAuthOutcome.Missing)]
    [InlineData("", WebhookAuthOutcome.Missing)]
    [InlineData("Bearer wrong", WebhookAuthOutcome.Invalid)]
    [InlineData("Bearer current-token-7f3", WebhookAuthOutcome.Invalid)]
    [InlineData("Bearer ", WebhookAuthOutcome.Invalid)]
    [InlineData("Basic current-token-7f3a", WebhookAuthOutcome.Invalid)]
    public void Bearer_WhenTokenIsMissingOrWrong_ShouldFailWithoutLeakingSecrets(string? header, WebhookAuthOutcome expected)
    {
        var result = WebhookVerifiers.Bearer(header, Tokens);

        Assert.Equal(expected, result.Outcome);
        Assert.DoesNotContain("token-7f3a", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("token-19c2", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_WhenUserAndAnyActivePasswordMatch_ShouldBeOk()
    {
        var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alertmanager:previous-token-19c2"));

        Assert.True(WebhookVerifiers.Basic(header, "alertmanager", Tokens).IsOk);
    }

    [Theory]
    [InlineData("alertmanager:wrong")]
    [InlineData("grafana:current-token-7f3a")]
    [InlineData("no-separator")]
    public void Basic_WhenUserOrPasswordIsWrong_ShouldBeInvalid(string credential)
    {
        var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credential));

        var result = WebhookVerifiers.Basic(header, "alertmanager", Tokens);

        Assert.Equal(WebhookAuthOutcome.Invalid, result.Outcome);
        Assert.DoesNotContain("wrong", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_WhenCredentialIsNotBase64_ShouldBeInvalid()
    {
        Assert.Equal(WebhookAuthOutcome.Invalid, WebhookVerifiers.Basic("Basic ***", "alertmanager", Tokens).Outcome);
        Assert.Equal(WebhookAuthOutcome.Missing, WebhookVerifiers.Basic(null, "alertmanager", Tokens).Outcome);
    }

    [Fact]
    public void SharedSecret_WhenHeaderMatchesRotatedSecret_ShouldBeOkAndOtherwiseFail()
    {
        Assert.True(WebhookVerifiers.SharedSecret("X-Datadog-Secret", "previous-token-19c2", Tokens).IsOk);
        Assert.Equal(WebhookAuthOutcome.Invalid, WebhookVerifiers.SharedSecret("X-Datadog-Secret", "guess", Tokens).Outcome);
        var missing = WebhookVerifiers.SharedSecret("X-Datadog-Secret", null, Tokens);
        Assert.Equal(WebhookAuthOutcome.Missing, missing.Outcome);
        Assert.Contains("X-Datadog-Secret", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PagerDutySignature_WhenOneOfSeveralV1ValuesMatches_ShouldBeOk()
    {
        var header = $"v1={WebhookVerifiers.Sign("old-secret", Body)},v1={WebhookVerifiers.Sign("new-secret", Body)}";

        Assert.True(WebhookVerifiers.PagerDutySignature(header, Body, ["new-secret"]).IsOk);
        Assert.True(WebhookVerifiers.PagerDutySignature(header, Body, ["old-secret"]).IsOk);
    }

    [Fact]
    public void PagerDutySignature_WhenSecretIsRotatedOnOurSide_ShouldAcceptEitherActiveSecret()
    {
        var header = $"v1={WebhookVerifiers.Sign("old-secret", Body)}";

        Assert.True(WebhookVerifiers.PagerDutySignature(header, Body, ["new-secret", "old-secret"]).IsOk);
        Assert.False(WebhookVerifiers.PagerDutySignature(header, Body, ["new-secret"]).IsOk);
    }

    [Fact]
    public void PagerDutySignature_WhenBodyIsTampered_ShouldBeInvalid()
    {
        var header = $"v1={WebhookVerifiers.Sign("secret", Body)}";
        var tampered = Body.ToArray();
        tampered[^3] ^= 1;

        var result = WebhookVerifiers.PagerDutySignature(header, tampered, ["secret"]);

        Assert.Equal(WebhookAuthOutcome.Invalid, result.Outcome);
        Assert.DoesNotContain("secret\"", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, WebhookAuthOutcome.Missing)]
    [InlineData("", WebhookAuthOutcome.Missing)]
    [InlineData("v0=abc", WebhookAuthOutcome.Invalid)]
    [InlineData("v1=zz", WebhookAuthOutcome.Invalid)]
    [InlineData("v1=0000000000000000000000000000000000000000000000000000000000000000", WebhookAuthOutcome.Invalid)]
    public void PagerDutySignature_WhenHeaderIsMissingOrMalformed_ShouldFail(string? header, WebhookAuthOutcome expected)
    {
        Assert.Equal(expected, WebhookVerifiers.PagerDutySignature(header, Body, ["secret"]).Outcome);
    }

    [Fact]
    public void GrafanaSignature_WhenNoTimestampHeaderIsConfigured_ShouldSignTheBodyAlone()
    {
        var signature = WebhookVerifiers.Sign("grafana-secret", Body);

        var ok = WebhookVerifiers.GrafanaSignature("X-Grafana-Alerting-Signature", signature, null, null, Body,
            ["other", "grafana-secret"], TestClock.Default, TimeSpan.FromMinutes(5));

        Assert.True(ok.IsOk);
    }

    [Fact]
    public void GrafanaSignature_WhenTimestampIsWithinTolerance_ShouldVerifyTimestampColonBody()
    {
        var timestamp = TestClock.Default.AddSeconds(-30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = WebhookVerifiers.Sign("grafana-secret", Body, timestamp);

        var ok = WebhookVerifiers.GrafanaSignature("X-Grafana-Alerting-Signature", signature, "X-Grafana-Alerting-Timestamp", timestamp,
            Body, ["grafana-secret"], TestClock.Default, TimeSpan.FromMinutes(5));
        var bodyOnly = WebhookVerifiers.GrafanaSignature("X-Grafana-Alerting-Signature", WebhookVerifiers.Sign("grafana-secret", Body),
            "X-Grafana-Alerting-Timestamp", timestamp, Body, ["grafana-secret"], TestClock.Default, TimeSpan.FromMinutes(5));

        Assert.True(ok.IsOk);
        Assert.Equal(WebhookAuthOutcome.Invalid, bodyOnly.Outcome);
    }

    [Fact]
    public void GrafanaSignature_WhenTimestampIsStaleOrMissing_ShouldFailNamingTheHeader()
    {
        var stale = TestClock.Default.AddMinutes(-10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = WebhookVerifiers.Sign("grafana-secret", Body, stale);

        var old = WebhookVerifiers.GrafanaSignature("X-Grafana-Alerting-Signature", signature, "X-Ts", stale, Body,
            ["grafana-secret"], TestClock.Default, TimeSpan.FromMinutes(5));
        var missing = WebhookVerifiers.GrafanaSignature("X-Grafana-Alerting-Signature", signature, "X-Ts", null, Body,
            ["grafana-secret"], TestClock.Default, TimeSpan.FromMinutes(5));
        var garbage = WebhookVerifiers.GrafanaSignature("X-Grafana-Alerting-Signature", signature, "X-Ts", "-5", Body,
            ["grafana-secret"], TestClock.Default, TimeSpan.FromMinutes(5));

        Assert.Equal(WebhookAuthOutcome.Invalid, old.Outcome);
        Assert.Contains("tolerance", old.Reason, StringComparison.Ordinal);
        Assert.Equal(WebhookAuthOutcome.Missing, missing.Outcome);
        Assert.Contains("X-Ts", missing.Reason, StringComparison.Ordinal);
        Assert.Equal(WebhookAuthOutcome.Invalid, garbage.Outcome);
    }

    [Fact]
    public void GrafanaSignature_WhenBodyIsTamperedOrSecretWrong_ShouldBeInvalid()
    {
        var signature = WebhookVerifiers.Sign("grafana-secret", Body);
        var tampered = Encoding.UTF8.GetBytes("""{"event":{"event_type":"incident.resolved"}}""");

        Assert.False(WebhookVerifiers.GrafanaSignature("S", signature, null, null, tampered, ["grafana-secret"], TestClock.Default, TimeSpan.FromMinutes(5)).IsOk);
        Assert.False(WebhookVerifiers.GrafanaSignature("S", signature, null, null, Body, ["other"], TestClock.Default, TimeSpan.FromMinutes(5)).IsOk);
        Assert.Equal(WebhookAuthOutcome.Missing,
            WebhookVerifiers.GrafanaSignature("S", null, null, null, Body, ["grafana-secret"], TestClock.Default, TimeSpan.FromMinutes(5)).Outcome);
    }
}
