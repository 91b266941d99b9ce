using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Core.Alerts;
using AeonNova.Core.Auth;
using AeonNova.Core.Tests.TestSupport;
using Jint;

namespace AeonNova.Core.Tests.Integrations;

/// <summary>
/// Every shipped sender configuration (integrations/manifest.json): its files exist, the request it produces passes
/// the webhook auth it documents (and fails with a wrong secret), and its rendered example payload parses into the
/// documented alert. The Datadog template and the ServiceNow business rule are rendered/run here, not just trusted.
/// </summary>
public class SenderConfigurationTests
{
    private const string Secret = "integration-secret";

    public static TheoryData<int> Entries()
    {
        var data = new TheoryData<int>();
        using var manifest = Manifest();
        for (var i = 0; i < manifest.RootElement.GetProperty("entries").GetArrayLength(); i++)
        {
            data.Add(i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Intake_WhenExamplePayloadIsSentWithTheDocumentedAuth_ShouldAuthenticateAndParse(int index)
    {
        using var manifest = Manifest();
        var entry = manifest.RootElement.GetProperty("entries")[index];
        var source = entry.GetProperty("source").GetString()!;
        foreach (var file in entry.GetProperty("files").EnumerateArray())
        {
            Assert.True(File.Exists(PathOf(file.GetString()!)), $"{source}: {file.GetString()} is missing");
        }
        var body = File.ReadAllBytes(PathOf(entry.GetProperty("example").GetString()!));
        var auth = entry.GetProperty("auth");
        var options = Options(auth, Secret);
        var authenticator = new WebhookAuthenticator(options);

        var accepted = authenticator.Authenticate(new WebhookRequest(Headers(options, Secret, body), body, TestClock.Default));
        var refused = authenticator.Authenticate(new WebhookRequest(Headers(options, "wrong-secret", body), body, TestClock.Default));
        var alert = Samples.Registry().ParseEvents(source, body).Alerts[0];

        Assert.True(accepted.IsOk, $"{source}: {accepted.Reason}");
        Assert.False(refused.IsOk);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(alert, Json.CoreJsonContext.Default.CanonicalAlert));
        foreach (var field in entry.GetProperty("expect").EnumerateObject())
        {
            Assert.Equal(field.Value.GetString(), json.RootElement.GetProperty(field.Name).GetString());
        }
    }

    [Fact]
    public void DatadogTemplate_WhenRenderedWithMonitorValues_ShouldGiveTheShippedExampleAndParse()
    {
        using var webhook = JsonDocument.Parse(File.ReadAllBytes(PathOf("datadog/webhook.json")));
        using var values = JsonDocument.Parse(File.ReadAllBytes(PathOf("datadog/example-values.json")));
        var rendered = webhook.RootElement.GetProperty("payload").GetString()!;
        // Datadog substitutes $VARIABLES textually; longer names first so $ALERT_ID is not cut by $ALERT.
        foreach (var value in values.RootElement.EnumerateObject().Where(v => !v.Name.StartsWith('$')).OrderByDescending(v => v.Name.Length))
        {
            rendered = rendered.Replace("$" + value.Name, value.Value.GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("$", rendered, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(rendered), JsonNode.Parse(File.ReadAllBytes(PathOf("datadog/example-payload.json")))));
        var alert = Assert.Single(Samples.Registry().Parse("datadog", Encoding.UTF8.GetBytes(rendered)));
        Assert.Equal("i-3b93aafb", alert.Host);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Contains("X-Webhook-Secret", webhook.RootElement.GetProperty("custom_headers").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "New", AlertStatus.Firing)]
    [InlineData("6", "Resolved", AlertStatus.Resolved)]
    public void ServiceNowBusinessRule_WhenRunOnAnIncident_ShouldPostARecordThatParsesWithDisplayNames(string state, string stateLabel, AlertStatus expected)
    {
        var engine = new Engine(options => options.TimeoutInterval(TimeSpan.FromSeconds(5)).LimitRecursion(64));
        engine.Execute($$"""
            var __posted = [];
            var values = { number: ['INC0010077', 'INC0010077'], short_description: ['Nginx down on lnx-web-12', 'Nginx down on lnx-web-12'],
              state: ['{{state}}', '{{stateLabel}}'], priority: ['1', '1 - Critical'], cmdb_ci: ['a9c0c8d2c6112276018f7705562f9cb0', 'lnx-web-12'],
              business_service: ['27d32778c0a8000b00db970eeaa60f16', 'Web Storefront'], u_environment: ['production', 'production'],
              opened_at: ['2026-11-22 10:03:11', '2026-11-22 10:03:11'] };
            var current = {
              getValue: function (n) { return values[n] ? values[n][0] : null; },
              getDisplayValue: function (n) { return values[n] ? values[n][1] : ''; },
              getUniqueValue: function () { return '46d44a5dc0a8010e0145f3a7f1d4c45d'; },
              getRecordClassName: function () { return 'incident'; },
              isValidField: function (n) { return values.hasOwnProperty(n); }
            };
            var previous = null;
            var sn_ws = { RESTMessageV2: function (name, method) {
              this.name = name; this.method = method; this.headers = {};
              this.setRequestHeader = function (k, v) { this.headers[k] = v; };
              this.setRequestBody = function (b) { this.body = b; };
              this.executeAsync = function () { __posted.push({ name: this.name, method: this.method, body: this.body }); };
            } };
            """);
        engine.Execute(File.ReadAllText(PathOf("servicenow/aeonnova-business-rule.js")));
        using var posted = JsonDocument.Parse(engine.Evaluate("JSON.stringify(__posted)").AsString());
        var post = Assert.Single(posted.RootElement.EnumerateArray().ToArray());

        var alert = Assert.Single(Samples.Registry().Parse("servicenow", Encoding.UTF8.GetBytes(post.GetProperty("body").GetString()!)));

        Assert.Equal("AeonNova", post.GetProperty("name").GetString());
        Assert.Equal(expected, alert.Status);
        Assert.Equal("lnx-web-12", alert.Host);
        Assert.Equal("Web Storefront", alert.Service);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal("INC0010077", alert.SourceId);
    }

    private static WebhookAuthOptions Options(JsonElement auth, string secret) => new()
    {
        Kind = Enum.Parse<WebhookAuthKind>(auth.GetProperty("kind").GetString()!),
        Secrets = [secret],
        Username = auth.TryGetProperty("username", out var user) ? user.GetString() : null,
        Header = auth.TryGetProperty("header", out var header) ? header.GetString() : null,
        TimestampHeader = auth.TryGetProperty("timestampHeader", out var ts) ? ts.GetString() : null,
    };

    /// <summary>The headers the sender configuration makes its tool send, computed with <paramref name="secret"/>.</summary>
    private static Dictionary<string, string> Headers(WebhookAuthOptions options, string secret, byte[] body)
    {
        var timestamp = TestClock.Default.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return options.Kind switch
        {
            WebhookAuthKind.Bearer => new() { ["Authorization"] = $"Bearer {secret}" },
            WebhookAuthKind.Basic => new() { ["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{secret}")) },
            WebhookAuthKind.SharedSecretHeader => new() { [options.EffectiveHeader] = secret },
            WebhookAuthKind.PagerDutySignature => new() { [options.EffectiveHeader] = "v1=" + Hmac(secret, body) },
            WebhookAuthKind.GrafanaSignature => new()
            {
                [options.EffectiveHeader] = Hmac(secret, [.. Encoding.UTF8.GetBytes(timestamp + ":"), .. body]),
                [options.TimestampHeader!] = timestamp,
            },
            _ => [],
        };
    }

    private static string Hmac(string secret, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    private static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "integrations", relative);

    private static JsonDocument Manifest() => JsonDocument.Parse(File.ReadAllBytes(PathOf("manifest.json")));
}
