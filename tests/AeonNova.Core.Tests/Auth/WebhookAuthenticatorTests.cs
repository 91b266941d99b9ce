using System.Text;
using AeonNova.Core.Auth;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Auth;

public class WebhookAuthenticatorTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"alerts":[]}""");

    private static WebhookRequest Request(params (string Name, string Value)[] headers) =>
        new(headers.Select(h => KeyValuePair.Create(h.Name, h.Value)), Body, TestClock.Default);

    [Fact]
    public void Authenticate_WhenHeaderNameCaseDiffers_ShouldStillFindTheHeader()
    {
        var authenticator = new WebhookAuthenticator(new WebhookAuthOptions { Kind = WebhookAuthKind.Bearer, Secrets = ["t1"] });

        Assert.True(authenticator.Authenticate(Request(("authorization", "Bearer t1"))).IsOk);
        Assert.Equal(WebhookAuthOutcome.Missing, authenticator.Authenticate(Request()).Outcome);
    }

    [Fact]
    public void Authenticate_WhenSharedSecretHeaderIsConfigured_ShouldReadThatHeader()
    {
        var authenticator = new WebhookAuthenticator(new WebhookAuthOptions
        {
            Kind = WebhookAuthKind.SharedSecretHeader, Header = "DD-Webhook-Token", Secrets = ["s-new", "s-old"],
        });

        Assert.True(authenticator.Authenticate(Request(("dd-webhook-token", "s-old"))).IsOk);
        Assert.Equal(WebhookAuthOutcome.Missing, authenticator.Authenticate(Request(("X-Webhook-Secret", "s-old"))).Outcome);
    }

    [Fact]
    public void Authenticate_WhenPagerDutySignatureIsValid_ShouldBeOkAndTamperedBodyInvalid()
    {
        var authenticator = new WebhookAuthenticator(new WebhookAuthOptions { Kind = WebhookAuthKind.PagerDutySignature, Secrets = ["pd"] });
        var header = ("X-PagerDuty-Signature", "v1=" + WebhookVerifiers.Sign("pd", Body));

        Assert.True(authenticator.Authenticate(Request(header)).IsOk);
        var tampered = new WebhookRequest([KeyValuePair.Create(header.Item1, header.Item2)], Encoding.UTF8.GetBytes("{}"), TestClock.Default);
        Assert.Equal(WebhookAuthOutcome.Invalid, authenticator.Authenticate(tampered).Outcome);
    }

    [Fact]
    public void Authenticate_WhenGrafanaUsesTimestampHeader_ShouldCheckSignatureAndAge()
    {
        var authenticator = new WebhookAuthenticator(new WebhookAuthOptions
        {
            Kind = WebhookAuthKind.GrafanaSignature, Secrets = ["g"], TimestampHeader = "X-Grafana-Alerting-Signature-Timestamp",
            Tolerance = TimeSpan.FromMinutes(2),
        });
        var now = TestClock.Default.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = authenticator.Authenticate(Request(
            ("X-Grafana-Alerting-Signature", WebhookVerifiers.Sign("g", Body, now)),
            ("X-Grafana-Alerting-Signature-Timestamp", now)));

        Assert.True(result.IsOk, result.Reason);
    }

    [Fact]
    public void Authenticate_WhenBasicIsConfigured_ShouldCheckUserAndPassword()
    {
        var authenticator = new WebhookAuthenticator(new WebhookAuthOptions { Kind = WebhookAuthKind.Basic, Username = "zbx", Secrets = ["pw"] });
        string Basic(string credential) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credential));

        Assert.True(authenticator.Authenticate(Request(("Authorization", Basic("zbx:pw")))).IsOk);
        Assert.Equal(WebhookAuthOutcome.Invalid, authenticator.Authenticate(Request(("Authorization", Basic("zbx:nope")))).Outcome);
    }

    [Fact]
    public void Constructor_WhenNoSecretIsConfigured_ShouldRefuseTheOptions()
    {
        Assert.Throws<ArgumentException>(() => new WebhookAuthenticator(new WebhookAuthOptions { Kind = WebhookAuthKind.Bearer }));
        Assert.Throws<ArgumentException>(() => new WebhookAuthenticator(new WebhookAuthOptions { Kind = WebhookAuthKind.Basic, Secrets = ["x"] }));
        Assert.True(new WebhookAuthenticator(new WebhookAuthOptions { Kind = WebhookAuthKind.None }).Authenticate(Request()).IsOk);
    }
}
