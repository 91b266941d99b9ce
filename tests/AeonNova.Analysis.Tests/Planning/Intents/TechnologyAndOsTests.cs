using AeonNova.Analysis.Planning.Intents;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Tests.Planning.Intents;

/// <summary>The technology is the service the alert is about, not its messenger; the OS comes from the strongest evidence.</summary>
public class TechnologyAndOsTests
{
    [Fact]
    public void Profile_WhenDatabaseExporterReportsDatabaseDown_ShouldBeTheDatabaseNotTheExporter()
    {
        var alert = TestData.Alert("MySQL down (instance db-1:9104)", host: "db-1", labels: new Dictionary<string, string>
        {
            ["alertname"] = "MysqlDown", ["job"] = "node-exporter", ["instance"] = "db-1:9100",
        });

        var profile = AlertProfiler.Profile(alert);

        Assert.Equal("down", profile.Intent.Key);
        Assert.Equal("mysql", profile.Technology.Key);
    }

    [Fact]
    public void Profile_WhenTargetMissingAndJobIsNode_ShouldBeTheNodeExporter()
    {
        var alert = TestData.Alert("Prometheus target missing (instance web-7:9100)", labels: new Dictionary<string, string>
        {
            ["alertname"] = "PrometheusTargetMissing", ["job"] = "node", ["instance"] = "web-7:9100",
        }, annotations: new Dictionary<string, string> { ["expr"] = "up == 0" });

        var profile = AlertProfiler.Profile(alert);

        Assert.Equal("agent-silent", profile.Intent.Key);
        Assert.Equal("node-exporter", profile.Technology.Key);
        Assert.Contains(profile.Technology.Evidence, e => e.Field == EvidenceField.Messenger);
    }

    [Fact]
    public void Profile_WhenOnlyTheDatabaseExporterIsNamed_ShouldNotBeTheDatabase()
    {
        var alert = TestData.Alert("mysqld_exporter down on db-3", labels: new Dictionary<string, string> { ["job"] = "mysqld-exporter" });

        var profile = AlertProfiler.Profile(alert);

        Assert.Equal("agent-silent", profile.Intent.Key);
        Assert.NotEqual("mysql", profile.Technology.Key);
    }

    [Fact]
    public void Profile_WhenAppPoolAlertCarriesServiceIisTag_ShouldPreferTheNarrowerAppPool()
    {
        var alert = TestData.Alert("IIS application pool OrdersApi stopped on WIN-WEB-05", os: OsFamily.Windows,
            description: "W3SVC reports that application pool OrdersApi was stopped.", service: "iis",
            labels: new Dictionary<string, string> { ["service"] = "iis" });

        Assert.Equal("iis-app-pool", AlertProfiler.Profile(alert).Technology.Key);
    }

    [Fact]
    public void Profile_WhenKubeStateMetricsReportsNode_ShouldBeAKubernetesNodeWithoutHostRunbooks()
    {
        var alert = TestData.Alert("Kubernetes Node not ready", host: "10.2.1.14", labels: new Dictionary<string, string>
        {
            ["alertname"] = "KubernetesNodeNotReady", ["job"] = "kube-state-metrics", ["node"] = "ip-10-0-3-17",
        });

        var profile = AlertProfiler.Profile(alert);

        Assert.Equal("kubernetes-node", profile.Technology.Key);
        Assert.False(profile.TechnologyRule!.HostRunbooks);
    }

    [Theory]
    [InlineData("target", "windows", "web-1", OsFamily.Unknown, OsFamily.Windows)]
    [InlineData("platform", "Windows Server 2022", "web-1", OsFamily.Unknown, OsFamily.Windows)]
    [InlineData("os", "linux", "WIN-APP-01", OsFamily.Unknown, OsFamily.Linux)]
    [InlineData("team", "web", "WIN-APP-01", OsFamily.Unknown, OsFamily.Windows)]
    [InlineData("team", "web", "app-win01", OsFamily.Unknown, OsFamily.Windows)]
    [InlineData("team", "web", "WIN-APP-01", OsFamily.Linux, OsFamily.Linux)]
    [InlineData("team", "web", "twinkle-1", OsFamily.Unknown, OsFamily.Unknown)]
    public void Profile_WhenOsEvidenceGiven_ShouldTakeTheStrongest(string key, string value, string host, OsFamily parsed, OsFamily expected)
    {
        var alert = TestData.Alert("Clock drift", os: parsed, host: host, labels: new Dictionary<string, string> { [key] = value });

        Assert.Equal(expected, AlertProfiler.Profile(alert).Os);
    }

    [Fact]
    public void Profile_WhenTextSaysWasRebooted_ShouldNotReadTheWindowsServiceWas()
    {
        var alert = TestData.Alert("Host app-13 was rebooted", os: OsFamily.Unknown, description: "The host was rebooted by the patch run.");

        Assert.Equal(OsFamily.Unknown, AlertProfiler.Profile(alert).Os);
    }

    [Fact]
    public void TechnologyRules_WhenListed_ShouldHaveUniqueKeysAndKnownRefinements()
    {
        Assert.Equal(TechnologyRules.All.Count, TechnologyRules.Keys.Distinct().Count());
        Assert.All(TechnologyRules.All.Where(t => t.Refines is not null), t => Assert.True(TechnologyRules.IsKnown(t.Refines!), t.Key));
    }

    [Fact]
    public void Profile_WhenCloudWatchNamespaceIsAManagedService_ShouldBeManagedEvenIfTheEngineIsNamed()
    {
        var alert = TestData.Alert("orders-db-connections-high", os: OsFamily.Unknown, service: "AWS/RDS",
            description: "DatabaseConnections above 90% of max_connections on RDS PostgreSQL orders-db.");

        var profile = AlertProfiler.Profile(alert);

        Assert.Equal("aws-managed", profile.Technology.Key);
        Assert.Contains(profile.Technology.Runners, r => r.Key == "postgresql");
        var (plan, runbook) = TestData.Planner.Plan(alert);
        Assert.Null(runbook);
        Assert.DoesNotContain("psql", plan.Script.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Service Apache Tomcat stopped")]
    [InlineData("Apache Kafka broker down")]
    public void Profile_WhenAnotherApacheProductIsNamed_ShouldNotBeApacheHttpd(string title)
    {
        Assert.NotEqual("apache", AlertProfiler.Profile(TestData.Alert(title)).Technology.Key);
    }
}
