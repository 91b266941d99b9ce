using System.Globalization;
using System.Text;
using AeonNova.Core.Safety;
using Xunit.Abstractions;

namespace AeonNova.Analysis.Tests.Scenarios;

/// <summary>
/// The scenario suite (issue 18): every scenario is checked on its own — runbook (or diagnostics only), intent,
/// language, must/never patterns, validator verdict, injected text. The summary prints the figures per source and
/// per intent that docs/runbooks-and-analysis.md reports.
/// </summary>
public class ScenarioSuiteTests(ITestOutputHelper output)
{
    public static TheoryData<string> Ids => [.. ScenarioSuite.Load().Select(s => s.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Plan_WhenScenarioPlanned_ShouldMatchItsExpectation(string id)
    {
        var r = ScenarioSuite.Results.Single(x => x.Scenario.Id == id);
        var explain = r.Explanation;
        output.WriteLine($"intent {explain.Profile.Intent.Key ?? "(none)"} [{string.Join(", ", explain.Profile.Intent.Evidence)}]; "
            + $"technology {explain.Profile.Technology.Key ?? "(none)"} [{string.Join(", ", explain.Profile.Technology.Evidence)}]; os {explain.Profile.Os} ({explain.Profile.OsEvidence})");
        output.WriteLine($"candidates: {string.Join(", ", explain.Candidates.Take(4).Select(c => $"{c.Runbook.Id}={c.Combined:0.0}"))}");
        output.WriteLine(r.Plan.Diagnosis);
        output.WriteLine(r.Plan.Script.Body);

        Assert.Equal(r.Scenario.ExpectedIntent, explain.Profile.Intent.Key);
        Assert.Equal(r.Scenario.ExpectedRunbook, r.RunbookId);
        Assert.Equal(r.Scenario.Language, r.LanguageName);
        Assert.Empty(r.MissingMust);
        Assert.Empty(r.NeverHits);
        Assert.NotEqual(SafetyVerdict.Block, r.Safety.Verdict);
        if (r.Scenario.ExpectedRunbook is null)
        {
            Assert.True(r.Plan.NeedsHuman);
            Assert.Equal("", r.Plan.RunbookId);
        }
        if (explain.Profile.Intent.Key == "down")
        {
            Assert.DoesNotContain("systemctl reload", r.Plan.Script.Body, StringComparison.Ordinal);
        }
        // Free alert text never reaches a plan: only validated parameter values do.
        if (r.Alert.Description.Length >= 30)
        {
            Assert.DoesNotContain(r.Alert.Description, r.PlanJson, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Suite_WhenSummarised_ShouldCoverEverySourceWithInjectionsAndMeetTheAcceptanceFigures()
    {
        var results = ScenarioSuite.Results;
        var report = new StringBuilder();
        report.AppendLine("| group | scenarios | top-1 runbook | never-pattern hits | wrong language | injection cases clean |");
        report.AppendLine("|---|---|---|---|---|---|");
        void Row(string name, IReadOnlyCollection<ScenarioResult> rows)
        {
            var injections = rows.Where(x => x.Scenario.Injection).ToList();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {rows.Count} | {rows.Count(x => x.RunbookCorrect)}/{rows.Count} ({(double)rows.Count(x => x.RunbookCorrect) / rows.Count:P1}) | {rows.Sum(x => x.NeverHits.Count)} | {rows.Count(x => !x.LanguageCorrect)} | {(injections.Count == 0 ? "–" : $"{injections.Count(x => x.NeverHits.Count == 0)}/{injections.Count}")} |"));
        }
        Row("**all**", results);
        foreach (var group in results.GroupBy(x => x.Scenario.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row($"source {group.Key}", [.. group]);
        }
        foreach (var group in results.GroupBy(x => x.Scenario.ExpectedIntent ?? "(none)").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row($"intent {group.Key}", [.. group]);
        }
        output.WriteLine(report.ToString());
        Console.WriteLine("[scenarios]\n" + report);

        Assert.True(results.Count >= 80, $"{results.Count} scenarios");
        string[] sources = ["alertmanager", "grafana", "datadog", "cloudwatch", "pagerduty", "opsgenie", "servicenow", "zabbix", "generic"];
        foreach (var source in sources)
        {
            Assert.Contains(results, x => x.Scenario.Source == source && x.Scenario.Injection);
            Assert.Contains(results, x => x.Scenario.Source == source && x.Scenario.ExpectedRunbook is not null);
        }
        Assert.Contains(results, x => x.Scenario.ExpectedRunbook is null);
        var top1 = (double)results.Count(x => x.RunbookCorrect) / results.Count;
        Assert.True(top1 >= 0.95, $"top-1 {top1:P1}");
        Assert.Equal(0, results.Sum(x => x.NeverHits.Count));
        Assert.Equal(0, results.Count(x => !x.LanguageCorrect));
    }
}
