using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;
using Jint;
using YamlDotNet.RepresentationModel;

namespace AeonNova.Core.Tests.Integrations;

/// <summary>
/// Runs the shipped Zabbix media type (integrations/zabbix/media_type_aeonnova.yaml) the way Zabbix does: its
/// parameters with macros resolved from sample events, passed as the JSON string <c>value</c> to its script, with a
/// recording <c>HttpRequest</c>; the body it posts must parse as the documented alert.
/// </summary>
public partial class ZabbixMediaTypeTests
{
    /// <summary>Zabbix's webhook API as the script uses it (HttpRequest: addHeader, setProxy, post, getStatus).</summary>
    private const string Prelude = """
        var __sent = [];
        var __status = 202;
        function HttpRequest() { this.headers = []; }
        HttpRequest.prototype.addHeader = function (h) { this.headers.push(h); };
        HttpRequest.prototype.setProxy = function (p) { this.proxy = p; };
        HttpRequest.prototype.post = function (url, body) { __sent.push({ url: url, headers: this.headers, body: body }); return '{"accepted":1}'; };
        HttpRequest.prototype.getStatus = function () { return __status; };
        var Zabbix = { log: function () {}, Log: function () {} };
        """;

    private static readonly Dictionary<string, string> Problem = new(StringComparer.Ordinal)
    {
        ["{EVENT.ID}"] = "48211", ["{EVENT.NAME}"] = "High CPU utilization (over 90% for 5m)", ["{EVENT.SEVERITY}"] = "High",
        ["{EVENT.NSEVERITY}"] = "4", ["{EVENT.STATUS}"] = "PROBLEM", ["{EVENT.VALUE}"] = "1", ["{EVENT.SOURCE}"] = "0",
        ["{EVENT.UPDATE.STATUS}"] = "0", ["{EVENT.DATE}"] = "2026.11.22", ["{EVENT.TIME}"] = "09:14:02",
        ["{EVENT.TAGSJSON}"] = """[{"tag":"component","value":"cpu"},{"tag":"env","value":"production"},{"tag":"os","value":"linux"}]""",
        ["{EVENT.OPDATA}"] = "Current utilization: 96.3 %", ["{HOST.HOST}"] = "lnx-web-04", ["{HOST.IP}"] = "10.20.30.44",
        ["{TRIGGER.ID}"] = "23456", ["{TRIGGER.DESCRIPTION}"] = "CPU utilization is too high.", ["{ITEM.NAME}"] = "CPU utilization",
        ["{ITEM.KEY}"] = "system.cpu.util", ["{ITEM.LASTVALUE}"] = "96.3 %", ["{$ZABBIX.URL}"] = "https://zabbix.example.internal",
        ["{ALERT.SUBJECT}"] = "Problem: High CPU utilization (over 90% for 5m)", ["{ALERT.MESSAGE}"] = "Problem started at 09:14:02 on 2026.11.22",
    };

    [Fact]
    public void Script_WhenProblemThenRecovery_ShouldPostBodiesThatParseAsOneAlertFiringThenResolved()
    {
        var recovery = new Dictionary<string, string>(Problem)
        {
            ["{EVENT.STATUS}"] = "RESOLVED", ["{EVENT.VALUE}"] = "0", ["{EVENT.RECOVERY.ID}"] = "48299",
            ["{EVENT.RECOVERY.DATE}"] = "2026.11.22", ["{EVENT.RECOVERY.TIME}"] = "09:41:17",
        };

        var (problemPost, problemResult) = Run(Problem);
        var (recoveryPost, _) = Run(recovery);
        var firing = Assert.Single(Samples.Registry().Parse("zabbix", problemPost.Body));
        var resolved = Assert.Single(Samples.Registry().Parse("zabbix", recoveryPost.Body));

        Assert.Equal("OK", problemResult);
        Assert.Equal("https://aeonnova.example.internal/alerts/zabbix", problemPost.Url);
        Assert.Contains("X-Webhook-Secret: s3cret", problemPost.Headers);
        Assert.DoesNotContain("s3cret", Encoding.UTF8.GetString(problemPost.Body), StringComparison.Ordinal);
        Assert.Equal(AlertStatus.Firing, firing.Status);
        Assert.Equal(AlertSeverity.High, firing.Severity);
        Assert.Equal("lnx-web-04", firing.Host);
        Assert.Equal("production", firing.Environment);
        Assert.Equal(OsFamily.Linux, firing.Os);
        Assert.Equal("96.3 %", firing.Annotations["item_value"]);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.NotNull(resolved.EndedAt);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
    }

    [Fact]
    public void Script_WhenProblemIsSent_ShouldPostExactlyTheShippedExamplePayload()
    {
        var (post, _) = Run(Problem);
        var example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "integrations", "zabbix", "example-payload.json"));

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(post.Body), System.Text.Json.Nodes.JsonNode.Parse(example)),
            Encoding.UTF8.GetString(post.Body));
    }

    [Fact]
    public void Script_WhenMacrosAreUnresolved_ShouldLeaveThemOutOfTheBody()
    {
        var (post, _) = Run(Problem);
        using var body = JsonDocument.Parse(post.Body);

        Assert.False(body.RootElement.TryGetProperty("event_recovery_id", out _));
        Assert.DoesNotContain("{EVENT.", Encoding.UTF8.GetString(post.Body), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("event_tagsjson").ValueKind);
    }

    [Fact]
    public void Script_WhenUpdateIsOnlyAComment_ShouldPostAnEventIntakeRecordsAsInformational()
    {
        var update = new Dictionary<string, string>(Problem) { ["{EVENT.UPDATE.STATUS}"] = "1", ["{EVENT.UPDATE.ACTION}"] = "commented" };

        var (post, _) = Run(update);
        var result = Samples.Registry().ParseEvents("zabbix", post.Body);

        Assert.Empty(result.Alerts);
        Assert.Equal("commented", Assert.Single(result.Informational).Event);
    }

    [Fact]
    public void Script_WhenAeonNovaRefuses_ShouldThrowSoZabbixRetriesAndShowsTheAnswer()
    {
        var ex = Assert.ThrowsAny<Exception>(() => Run(Problem, status: 401));

        Assert.Contains("AeonNova answered HTTP 401", ex.Message, StringComparison.Ordinal);
    }

    private static (Post Post, string? Result) Run(IReadOnlyDictionary<string, string> macros, int status = 202)
    {
        var (parameters, script) = MediaType();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, template) in parameters)
        {
            // Zabbix resolves the macros it knows and leaves the others literally in place.
            values[name] = Macro().Replace(template, m => macros.TryGetValue(m.Value, out var v) ? v : m.Value);
        }
        values["aeonnova_secret"] = "s3cret";
        var engine = new Engine(options => options.TimeoutInterval(TimeSpan.FromSeconds(5)).LimitRecursion(64));
        engine.Execute(Prelude);
        engine.SetValue("__status", status);
        engine.SetValue("value", JsonSerializer.Serialize(values));
        var result = engine.Evaluate("(function (value) {\n" + script + "\n})(value)");
        using var sent = JsonDocument.Parse(engine.Evaluate("JSON.stringify(__sent)").AsString());
        var post = Assert.Single(sent.RootElement.EnumerateArray().ToArray());
        return (new Post(post.GetProperty("url").GetString()!, post.GetProperty("headers").EnumerateArray().Select(h => h.GetString()!).ToArray(),
            Encoding.UTF8.GetBytes(post.GetProperty("body").GetString()!)), result.IsString() ? result.AsString() : null);
    }

    /// <summary>The parameters (name → value with macros) and the script of the export's only media type.</summary>
    internal static (List<(string Name, string Value)> Parameters, string Script) MediaType()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "integrations", "zabbix", "media_type_aeonnova.yaml")))
        {
            yaml.Load(reader);
        }
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var export = (YamlMappingNode)root["zabbix_export"];
        Assert.Equal("7.0", ((YamlScalarNode)export["version"]).Value);
        var mediaType = (YamlMappingNode)Assert.Single(((YamlSequenceNode)export["media_types"]).Children);
        Assert.Equal("WEBHOOK", ((YamlScalarNode)mediaType["type"]).Value);
        var parameters = ((YamlSequenceNode)mediaType["parameters"]).Children.Cast<YamlMappingNode>()
            .Select(p => (((YamlScalarNode)p["name"]).Value!, ((YamlScalarNode)p["value"]).Value ?? "")).ToList();
        return (parameters, ((YamlScalarNode)mediaType["script"]).Value!);
    }

    [GeneratedRegex(@"\{\$?[A-Z0-9_.]+\}", RegexOptions.CultureInvariant)]
    private static partial Regex Macro();

    private sealed record Post(string Url, string[] Headers, byte[] Body);
}
