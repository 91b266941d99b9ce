using System.Text.Json;
using AeonNova.Core.Safety;

namespace AeonNova.Safety.Tests.Rules;

/// <summary>Fixtures/rule-cases.json: each rule fires where it should and stays quiet where it should not.</summary>
public sealed class RuleCaseTests
{
    private static readonly ScriptValidator Validator = ScriptValidator.CreateDefault();

    public sealed record RuleCase(string RuleId, ScriptLanguage Language, bool Fires, string Script)
    {
        public override string ToString() => $"{RuleId} {(Fires ? "+" : "-")} {Language}: {Script.Split('\n')[0]}";
    }

    public static IReadOnlyList<RuleCase> Cases { get; } = Load();

    public static TheoryData<int> CaseIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.Count; i++)
        {
            data.Add(i);
        }
        return data;
    }

    private static List<RuleCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rule-cases.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new RuleCase(
            c[0].GetString()!,
            c[1].GetString() == "powershell" ? ScriptLanguage.PowerShell : ScriptLanguage.Bash,
            c[2].GetBoolean(),
            c[3].GetString()!)).ToList();
    }

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Validate_WhenRuleCaseRuns_ShouldMatchExpectation(int index)
    {
        var c = Cases[index];
        var report = Validator.Validate(c.Script, c.Language, new ValidationContext { Environment = "prod" });
        var fired = report.Findings.Any(f => f.RuleId == c.RuleId);
        Assert.True(fired == c.Fires, $"{c}\nfindings: {string.Join("; ", report.Findings.Select(f => $"{f.RuleId} {f.Line}:{f.Column} {f.Message}"))}");
    }

    [Fact]
    public void Catalogue_WhenComparedWithRuleCases_ShouldHavePositiveAndNegativeCaseForEveryRule()
    {
        var missing = new List<string>();
        foreach (var rule in Validator.Catalogue.Rules)
        {
            if (!Cases.Any(c => c.RuleId == rule.Id && c.Fires))
            {
                missing.Add($"{rule.Id} (no positive case)");
            }
            if (!Cases.Any(c => c.RuleId == rule.Id && !c.Fires))
            {
                missing.Add($"{rule.Id} (no negative case)");
            }
        }
        var unknown = Cases.Select(c => c.RuleId).Where(id => !Validator.Catalogue.Contains(id)).Distinct().ToList();
        Assert.True(missing.Count == 0, string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "cases for rules not in the catalogue: " + string.Join(", ", unknown));
    }
}
