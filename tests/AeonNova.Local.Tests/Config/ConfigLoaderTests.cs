using System.Collections;
using AeonNova.Local.Config;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Config;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Load_WhenFileMissing_ShouldReturnEmbeddedDefaults()
    {
        var options = ConfigLoader.Load(dir.File("absent.json"), new Hashtable());

        Assert.Equal("http://127.0.0.1:5080", options.Urls);
        Assert.Equal(".aeonnova", options.DataDir);
        Assert.Empty(options.Executors);
        Assert.Empty(options.Workflow.SettleSeconds);
    }

    [Fact]
    public void Load_WhenFileStillSetsRemovedApprovalTimeouts_ShouldRefuseNamingThePolicySettingInstead()
    {
        File.WriteAllText(dir.File("aeonnova.json"), """{ "workflow": { "definition": "", "approvalTimeoutSeconds": { "critical": 900 } } }""");

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.File("aeonnova.json"), new Hashtable()));

        Assert.Contains("workflow.approvalTimeoutSeconds", ex.Message, StringComparison.Ordinal);
        Assert.Contains("responseMinutes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenStarterFileWritten_ShouldParseWithADistinctRandomSecretPerSource()
    {
        var (text, senders) = StarterConfig.Render(StarterConfig.NewSecret);
        File.WriteAllText(dir.File("aeonnova.json"), text);

        var options = ConfigLoader.Load(dir.File("aeonnova.json"), new Hashtable());

        Assert.Equal("bearer", options.Sources["ALERTMANAGER"].Auth);
        Assert.Equal(900, options.Dedupe.CooldownSeconds);
        var secrets = options.Sources.Values.Select(s => Assert.Single(s.Secrets)).ToList();
        Assert.Equal(9, secrets.Count);
        Assert.Equal(secrets.Count, secrets.Distinct(StringComparer.Ordinal).Count());
        Assert.All(secrets, s => Assert.Equal(43, s.Length));
        Assert.All(secrets, s => Assert.Contains(s, senders, StringComparison.Ordinal));
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        // A host started from this file may listen beyond loopback: no source is open.
        AeonNova.Local.Ingest.WebhookExposure.EnsureSafeToExpose(options, options.Sources.Keys, loopbackOnly: false);
    }

    [Fact]
    public void Load_WhenExampleFileRead_ShouldParseEveryExecutor()
    {
        var example = Path.Combine(RepoFiles.Root, "config", "aeonnova.example.json");

        var options = ConfigLoader.Load(example, new Hashtable());

        Assert.Equal(["local", "ssh", "ssh"], options.Executors.Select(e => e.Type));
        Assert.Equal("powershell", options.Executors[2].Shell);
        Assert.False(options.Sources["zabbix"].Enabled);
    }

    [Fact]
    public void Load_WhenEnvironmentOverrides_ShouldWinOverFileAndConvertTypes()
    {
        File.WriteAllText(dir.File("aeonnova.json"), """{ "queue": { "maxAttempts": 5 }, "executors": [ { "hosts": "db-1", "type": "local" } ] }""");
        var env = new Hashtable
        {
            ["AEONNOVA__QUEUE__MAXATTEMPTS"] = "3",
            ["AEONNOVA__SOURCES__DATADOG__AUTH"] = "header",
            ["AEONNOVA__SOURCES__DATADOG__HEADER"] = "DD-API-KEY",
            ["AEONNOVA__SOURCES__DATADOG__SECRETS__0"] = "s3cret",
            ["AEONNOVA__SOURCES__ZABBIX__ENABLED"] = "false",
            ["AEONNOVA__EXECUTORS__0__TIMEOUTSECONDS"] = "7",
            ["UNRELATED"] = "x",
        };

        var options = ConfigLoader.Load(dir.File("aeonnova.json"), env);

        Assert.Equal(3, options.Queue.MaxAttempts);
        Assert.Equal(["s3cret"], options.Sources["datadog"].Secrets);
        Assert.False(options.Sources["zabbix"].Enabled);
        Assert.Equal(7, options.Executors[0].TimeoutSeconds);
    }

    [Theory]
    [InlineData("""{ "queue": { "maxAttemps": 3 } }""", "maxAttemps")]
    [InlineData("""{ "executors": [ { "hosts": "*", "type": "local" } ] }""", "must name its hosts")]
    [InlineData("""{ "executors": [ { "hosts": "web-*", "type": "ssh", "user": "ops" } ] }""", "knownHostsFile")]
    [InlineData("""{ "sources": { "grafana": { "auth": "bearer" } } }""", "sources.grafana.secrets")]
    [InlineData("""{ "urls": 5080 """, "not valid JSON")]
    [InlineData("""{ "model": { "endpoint": "http://127.0.0.1:11434/v1" } }""", "model.model")]
    [InlineData("""{ "model": { "endpoint": "ollama:11434", "model": "llama3.1:8b" } }""", "model.endpoint")]
    [InlineData("""{ "queue": { "deferToAcceptsMilliseconds": -1 } }""", "deferToAcceptsMilliseconds must be 0 to 10000")]
    [InlineData("""{ "workflow": { "settleSeconds": { "urgent": 0 } } }""", "workflow.settleSeconds: 'urgent' is not a severity")]
    [InlineData("""{ "workflow": { "settleSeconds": { "medium": -5 } } }""", "workflow.settleSeconds.medium: -5 is outside 0–86400 seconds")]
    public void Load_WhenSettingInvalid_ShouldNameFileAndSetting(string json, string expected)
    {
        File.WriteAllText(dir.File("aeonnova.json"), json);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.File("aeonnova.json"), new Hashtable()));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
