using AeonNova.Analysis.Planning.Intents;
using AeonNova.Core.Alerts;
using AlertText = AeonNova.Analysis.Planning.Intents.AlertText;

namespace AeonNova.Analysis.Tests.Planning.Intents;

/// <summary>The intent rules (one table, rules as data): every rule's published examples, and the cases issue 18 names.</summary>
public class IntentClassifierTests
{
    public static TheoryData<string, string> RuleExamples
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var rule in IntentRules.All)
            {
                foreach (var example in rule.Examples)
                {
                    data.Add(rule.Key, example);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RuleExamples))]
    public void ClassifyIntent_WhenAlertNamedAsRuleExample_ShouldReturnThatRule(string intent, string example)
    {
        var alert = TestData.Alert(example, labels: new Dictionary<string, string> { ["alertname"] = example });

        Assert.Equal(intent, AlertProfiler.ClassifyIntent(alert).Key);
    }

    [Fact]
    public void IntentRules_WhenListed_ShouldHaveUniqueKeysSummariesAndAtLeastTwoExamplesEach()
    {
        Assert.Equal(IntentRules.All.Count, IntentRules.Keys.Distinct().Count());
        Assert.All(IntentRules.All, r =>
        {
            Assert.NotEmpty(r.Summary);
            Assert.True(r.Examples.Count >= 2, r.Key);
        });
    }

    [Fact]
    public void ClassifyIntent_WhenDownAlertDescriptionAlsoMentionsErrors_ShouldBeDownNotErrors()
    {
        // NginxDown used to pick the nginx-5xx runbook: the name and the expression say "down", the text says "errors".
        var alert = TestData.Alert("Nginx down (instance web-1:9113)", description: "Nginx is down; clients see 502 errors and the error rate rises.",
            labels: new Dictionary<string, string> { ["alertname"] = "NginxDown", ["job"] = "nginx-exporter" },
            annotations: new Dictionary<string, string> { ["expr"] = "nginx_up == 0" });

        var intent = AlertProfiler.ClassifyIntent(alert);

        Assert.Equal("down", intent.Key);
        Assert.Contains(intent.Evidence, e => e.Field == EvidenceField.Expression);
        Assert.Contains(intent.Runners, r => r.Key == "errors");
    }

    [Theory]
    [InlineData("MysqlRestarted", "MySQL has just been restarted, less than one minute ago.")]
    [InlineData("Host web-1 was rebooted", "The host was rebooted at 03:12 and is back online.")]
    [InlineData("lnx-app-44 has been restarted (uptime < 10m)", "The host uptime is less than 10 minutes.")]
    public void ClassifyIntent_WhenEventAlreadyHappened_ShouldBeInformational(string name, string description)
    {
        var alert = TestData.Alert(name, description: description, labels: new Dictionary<string, string> { ["alertname"] = name });

        Assert.Equal("informational", AlertProfiler.ClassifyIntent(alert).Key);
        Assert.True(IntentRules.Find("informational")!.Informational);
    }

    [Fact]
    public void ClassifyIntent_WhenOnlyTheGeneratorUrlCarriesTheExpression_ShouldReadIt()
    {
        var alert = TestData.Alert("Alert 42") with
        {
            Url = "http://prometheus:9090/graph?g0.expr=node_filesystem_avail_bytes%20%2F%20node_filesystem_size_bytes%20%3C%200.1&g0.tab=1",
        };

        var intent = AlertProfiler.ClassifyIntent(alert);

        Assert.Equal("disk-space", intent.Key);
        Assert.Equal(EvidenceField.Expression, Assert.Single(intent.Evidence).Field);
    }

    [Fact]
    public void ClassifyIntent_WhenUpEqualsZero_ShouldBeAgentSilentButExporterUpMetricShouldBeDown()
    {
        var target = TestData.Alert("Target gone", annotations: new Dictionary<string, string> { ["expr"] = "up == 0" });
        var service = TestData.Alert("Target gone", annotations: new Dictionary<string, string> { ["expr"] = "redis_up == 0" });

        Assert.Equal("agent-silent", AlertProfiler.ClassifyIntent(target).Key);
        Assert.Equal("down", AlertProfiler.ClassifyIntent(service).Key);
    }

    [Fact]
    public void ClassifyIntent_WhenNothingSaysWhatFailed_ShouldReturnNone()
    {
        var alert = TestData.Alert("Quarterly invoice batch finished late", description: "The billing export completed at 03:12.");

        Assert.Null(AlertProfiler.ClassifyIntent(alert).Key);
    }

    [Fact]
    public void ClassifyIntent_WhenSlowingDown_ShouldBeLatencyNotDown()
    {
        var alert = TestData.Alert("HaproxyHttpSlowingDown", labels: new Dictionary<string, string> { ["alertname"] = "HaproxyHttpSlowingDown" });

        Assert.Equal("latency", AlertProfiler.ClassifyIntent(alert).Key);
    }

    [Fact]
    public void Words_WhenCamelAndSnakeCase_ShouldSplitIntoLowerCaseWords()
    {
        Assert.Equal(" host out of disk space ", AlertText.Words("HostOutOfDiskSpace"));
        Assert.Equal(" nginx up 0 ", AlertText.Words("nginx_up == 0"));
        Assert.Equal(" ", AlertText.Words(null));
    }

    [Theory]
    [InlineData("PostgresqlDeadLocks", "PostgreSQL has dead-locks")]
    [InlineData("PostgresqlTooManyDeadTuples", "PostgreSQL dead tuples are too large")]
    public void ClassifyIntent_WhenDeadIsPartOfATerm_ShouldNotBeDown(string name, string description)
    {
        var alert = TestData.Alert(name, description: description, labels: new Dictionary<string, string> { ["alertname"] = name });

        Assert.NotEqual("down", AlertProfiler.ClassifyIntent(alert).Key);
    }

    [Fact]
    public void Docs_WhenRulesListed_ShouldNameEveryIntentAndTechnology()
    {
        var docs = File.ReadAllText(Path.Combine(RepoFiles.Path("docs"), "runbooks-and-analysis.md"));

        Assert.All(IntentRules.Keys, k => Assert.Contains($"| `{k}` |", docs, StringComparison.Ordinal));
        Assert.All(TechnologyRules.Keys, k => Assert.Contains($"`{k}`", docs, StringComparison.Ordinal));
    }
}
