using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeonNova.Analysis.Planning;
using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Mapping;
using AeonNova.Core.Json;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;
using AeonNova.Safety;

namespace AeonNova.Analysis.Tests.Scenarios;

/// <summary>One scenario of Fixtures/Scenarios/scenarios.json: a webhook body and what its plan must look like.</summary>
public sealed record Scenario(string Id, string Source, string Catalogue, string? ExpectedRunbook, string? ExpectedIntent,
    string Language, IReadOnlyList<string> Must, IReadOnlyList<string> Never, bool Injection, byte[] Payload);

/// <summary>A scenario's alert after the real parser, planned by the built-in planner and checked by the real validator.</summary>
public sealed record ScenarioResult(Scenario Scenario, CanonicalAlert Alert, PlannerExplanation Explanation, SafetyReport Safety, string PlanJson)
{
    public RemediationPlan Plan => Explanation.Result.Plan;

    public string? RunbookId => Explanation.Result.Runbook?.Id;

    public string LanguageName => Plan.Script.Language == ScriptLanguage.PowerShell ? "powershell" : "bash";

    public bool RunbookCorrect => RunbookId == Scenario.ExpectedRunbook;

    public bool LanguageCorrect => LanguageName == Scenario.Language;

    /// <summary>Never-patterns found in the script (and, for injection cases, anywhere in the plan).</summary>
    public IReadOnlyList<string> NeverHits =>
        [.. Scenario.Never.Where(p => Regex.IsMatch(Scenario.Injection ? PlanJson + "\n" + Plan.Script.Body : Plan.Script.Body, p, RegexOptions.IgnoreCase))];

    public IReadOnlyList<string> MissingMust =>
        [.. Scenario.Must.Where(p => !Regex.IsMatch(Plan.Script.Body, p))];
}

/// <summary>Loads and evaluates the scenario suite once per test run (plans are pure functions of the alert).</summary>
public static class ScenarioSuite
{
    private static readonly Lazy<IReadOnlyList<ScenarioResult>> LazyResults = new(Evaluate);

    public static IReadOnlyList<ScenarioResult> Results => LazyResults.Value;

    public static IReadOnlyList<Scenario> Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(TestData.Fixture("Scenarios/scenarios.json")))!;
        return [.. root["scenarios"]!.AsArray().Select(n =>
        {
            var expect = n!["expect"]!;
            return new Scenario(
                (string)n["id"]!,
                (string)n["source"]!,
                (string?)n["catalogue"] ?? "",
                (string?)expect["runbook"],
                (string?)expect["intent"],
                (string)expect["language"]!,
                [.. expect["must"]!.AsArray().Select(x => (string)x!)],
                [.. expect["never"]!.AsArray().Select(x => (string)x!)],
                (bool)expect["injection"]!,
                JsonSerializer.SerializeToUtf8Bytes(n["payload"]));
        })];
    }

    private static IReadOnlyList<ScenarioResult> Evaluate()
    {
        var mappings = GenericMappingSet.Load(File.ReadAllBytes(Path.Combine(RepoFiles.Path("samples"), "mappings", "superops.json")));
        var registry = new AlertParserRegistry(TimeProvider.System, mappings: mappings);
        IScriptValidator validator = ScriptValidator.CreateDefault();
        var results = new List<ScenarioResult>();
        foreach (var scenario in Load())
        {
            var alerts = registry.Parse(scenario.Source, scenario.Payload);
            if (alerts.Count != 1)
            {
                throw new InvalidOperationException($"{scenario.Id}: expected one alert, parsed {alerts.Count}");
            }
            var alert = alerts[0];
            var explanation = TestData.Planner.Explain(alert);
            var plan = explanation.Result.Plan;
            var safety = validator.Validate(plan.Script.Body, plan.Script.Language,
                new ValidationContext { Environment = alert.Environment, File = scenario.Id });
            results.Add(new ScenarioResult(scenario, alert, explanation, safety, JsonSerializer.Serialize(plan, CoreJsonContext.Default.RemediationPlan)));
        }
        return results;
    }
}
