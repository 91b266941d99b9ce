using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Core.Alerts;
using AeonNova.Core.Json;
using AeonNova.Core.Safety;
using AeonNova.Safety;
using Xunit.Abstractions;

namespace AeonNova.Analysis.Tests.Eval;

/// <summary>
/// The evaluation suite: real-format webhook payloads from every source (Fixtures/Eval, listed in cases.json with the
/// expected runbook, language and script features) go through the real parsers, the built-in planner and the real
/// validator. Top-1 runbook accuracy must reach 90 %, no plan may be blocked, and no alert text may reach a plan.
/// </summary>
public class EvaluationSuiteTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<EvalResult>> Results = new(Evaluate);

    private sealed record EvalCase(string File, string Source, string ExpectedRunbook, string Language,
        IReadOnlyList<string> MustContain, IReadOnlyList<string> MustNotContain, bool? NeedsHuman);

    private sealed record EvalResult(EvalCase Case, CanonicalAlert Alert, AeonNova.Core.Planning.RemediationPlan Plan,
        string? RunbookId, SafetyReport Safety, string PlanJson);

    [Fact]
    public void Suite_WhenLoaded_ShouldHoldAtLeast25AlertsFromSeveralSourcesOnBothOs()
    {
        var results = Results.Value;

        Assert.True(results.Count >= 25, $"{results.Count} alerts");
        Assert.True(results.Select(r => r.Case.Source).Distinct().Count() >= 6);
        Assert.Contains(results, r => r.Alert.Os == OsFamily.Windows);
        Assert.Contains(results, r => r.Alert.Os == OsFamily.Linux);
    }

    [Fact]
    public void BuiltinPlanner_WhenEvaluated_ShouldReachTop1AccuracyOfAtLeast90Percent()
    {
        var results = Results.Value;
        var correct = results.Count(r => r.RunbookId == r.Case.ExpectedRunbook);
        var accuracy = (double)correct / results.Count;

        foreach (var miss in results.Where(r => r.RunbookId != r.Case.ExpectedRunbook))
        {
            output.WriteLine($"MISS {miss.Case.File}: expected {miss.Case.ExpectedRunbook}, got {miss.RunbookId ?? "(none)"}");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"top-1 runbook accuracy: {correct}/{results.Count} = {accuracy:P1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[eval] built-in planner top-1 runbook accuracy: {correct}/{results.Count} = {accuracy:P1}"));
        Assert.True(accuracy >= 0.9, $"top-1 accuracy {accuracy:P1}");
    }

    [Fact]
    public void Validator_WhenEveryEvaluatedPlanChecked_ShouldBlockNone()
    {
        var blocked = Results.Value.Where(r => r.Safety.Verdict == SafetyVerdict.Block).ToList();

        foreach (var r in blocked)
        {
            output.WriteLine($"BLOCKED {r.Case.File}: {string.Join("; ", r.Safety.Findings.Select(f => $"{f.RuleId} line {f.Line}: {f.Text}"))}");
        }
        output.WriteLine($"plans blocked: {blocked.Count}/{Results.Value.Count}");
        Console.WriteLine($"[eval] plans blocked by the validator: {blocked.Count}/{Results.Value.Count}");
        Assert.Empty(blocked);
    }

    [Fact]
    public void Plans_WhenRunbookMatched_ShouldHaveExpectedLanguageAndScriptFeatures()
    {
        foreach (var r in Results.Value.Where(r => r.RunbookId == r.Case.ExpectedRunbook))
        {
            Assert.True(r.Case.Language == (r.Plan.Script.Language == ScriptLanguage.PowerShell ? "powershell" : "bash"), r.Case.File);
            foreach (var feature in r.Case.MustContain)
            {
                Assert.True(r.Plan.Script.Body.Contains(feature, StringComparison.Ordinal), $"{r.Case.File}: script lacks '{feature}'");
            }
            if (r.Case.NeedsHuman is { } needsHuman)
            {
                Assert.True(needsHuman == r.Plan.NeedsHuman, $"{r.Case.File}: needsHuman {r.Plan.NeedsHuman}");
            }
            Assert.Equal("builtin-planner@1.0.0", r.Plan.Model);
        }
    }

    [Fact]
    public void Plans_WhenAlertTextCarriesInstructions_ShouldContainNoneOfIt()
    {
        foreach (var r in Results.Value)
        {
            foreach (var banned in r.Case.MustNotContain)
            {
                Assert.False(r.PlanJson.Contains(banned, StringComparison.OrdinalIgnoreCase), $"{r.Case.File}: plan carries '{banned}'");
            }
            // No free alert text at all: descriptions and annotations never reach a plan.
            if (r.Alert.Description.Length >= 30)
            {
                Assert.DoesNotContain(r.Alert.Description, r.PlanJson, StringComparison.Ordinal);
            }
            foreach (var annotation in r.Alert.Annotations.Values.Where(a => a.Length >= 30))
            {
                Assert.DoesNotContain(annotation, r.PlanJson, StringComparison.Ordinal);
            }
        }
        Assert.Contains(Results.Value, r => r.Case.MustNotContain.Count > 0);
    }

    private static IReadOnlyList<EvalResult> Evaluate()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(TestData.Fixture("Eval/cases.json")))!["cases"]!.AsArray();
        var registry = new AlertParserRegistry(TimeProvider.System);
        IScriptValidator validator = ScriptValidator.CreateDefault();
        var results = new List<EvalResult>();
        foreach (var node in manifest)
        {
            var c = new EvalCase(
                (string)node!["file"]!,
                (string)node["source"]!,
                (string)node["expectedRunbook"]!,
                (string)node["language"]!,
                [.. node["mustContain"]!.AsArray().Select(n => (string)n!)],
                [.. node["mustNotContain"]!.AsArray().Select(n => (string)n!)],
                node["needsHuman"] is { } h ? (bool)h : null);
            var alerts = registry.Parse(c.Source, File.ReadAllBytes(TestData.Fixture($"Eval/{c.File}")));
            Assert.True(alerts.Count > 0, $"{c.File}: no alert parsed");
            foreach (var alert in alerts)
            {
                var (plan, runbook) = TestData.Planner.Plan(alert);
                var safety = validator.Validate(plan.Script.Body, plan.Script.Language, new ValidationContext { Environment = alert.Environment, File = c.File });
                // "" = diagnostics only (no runbook applies, e.g. a managed cloud service with no host to run on).
                results.Add(new EvalResult(c, alert, plan, runbook?.Id ?? "", safety,
                    JsonSerializer.Serialize(plan, CoreJsonContext.Default.RemediationPlan)));
            }
        }
        return results;
    }
}
