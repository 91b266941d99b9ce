using System.Globalization;
using System.Text;
using AeonNova.Core.Safety;
using AeonNova.Safety.Tests.Corpus;
using AeonNova.Safety.Tests.Policy;
using AeonNova.Safety.Tests.Rules;

namespace AeonNova.Safety.Tests.Verdicts;

/// <summary>
/// Every script the tests know (corpus entries and rule cases) with its prod verdict, compared with two committed
/// files: <c>verdict-baseline.tsv</c> holds the verdicts from before the validator was restructured and may only
/// change where a verdict was deliberately tightened (the row then carries the reason); <c>corpus-verdicts.tsv</c>
/// lists every entry so that any verdict change shows in review. AEONNOVA_UPDATE_VERDICTS=1 rewrites the listing.
/// </summary>
public sealed class VerdictListingTests
{
    private static readonly ScriptValidator Validator = ScriptValidator.CreateDefault();
    private static readonly ValidationContext Prod = new() { Environment = "prod" };

    private static string FixturePath(string name) => Path.Combine(RepoFiles.Root, "tests", "AeonNova.Safety.Tests", "Fixtures", name);

    /// <summary>Key → (language, verdict) for every corpus entry and rule case, in a stable order.</summary>
    internal static IReadOnlyList<(string Key, string Language, string Verdict)> CurrentVerdicts()
    {
        var rows = new List<(string, string, string)>();
        foreach (var e in CorpusFile.LoadAll("dangerous").Concat(CorpusFile.LoadAll("benign")))
        {
            rows.Add(($"{e.Source}:{e.Id}", Lang(e.Language), VerdictOf(e.Script, e.Language)));
        }
        foreach (var c in RuleCaseTests.Cases)
        {
            rows.Add(($"rule-cases:{c.RuleId}:{(c.Fires ? "+" : "-")}{StableHash(c.Script)}", Lang(c.Language), VerdictOf(c.Script, c.Language)));
        }
        return rows;
    }

    private static string Lang(ScriptLanguage language) => language == ScriptLanguage.PowerShell ? "powershell" : "bash";

    private static string VerdictOf(string script, ScriptLanguage language) =>
        Validator.Validate(script, language, Prod).Verdict.ToString().ToLowerInvariant();

    /// <summary>FNV-1a of the script text: a rule case keeps its key when cases are added or reordered.</summary>
    private static string StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text)
        {
            hash = unchecked((hash ^ ch) * 16777619u);
        }
        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string[]> ReadTsv(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], StringComparer.Ordinal);

    [Fact]
    public void Validate_WhenComparedWithBaselineBeforeRestructure_ShouldKeepEveryVerdictOrCarryAReason()
    {
        var baseline = ReadTsv(FixturePath("verdict-baseline.tsv"));
        var current = CurrentVerdicts().ToDictionary(r => r.Key, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (key, fields) in baseline)
        {
            // key, language, verdict before the restructure, verdict now expected, reason (when the two differ)
            if (!current.TryGetValue(key, out var now))
            {
                problems.Add($"{key}: baseline entry no longer exists");
                continue;
            }
            var expected = fields[3];
            if (now.Verdict != expected)
            {
                problems.Add($"{key}: expected {expected}, got {now.Verdict}");
            }
            if (fields[2] != expected && (fields.Length < 5 || string.IsNullOrWhiteSpace(fields[4])))
            {
                problems.Add($"{key}: verdict changed from {fields[2]} to {expected} without a reason");
            }
            if (fields[2] == "block" && expected != "block")
            {
                problems.Add($"{key}: a blocked script must never be loosened ({expected})");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Validate_WhenAllEntriesAreListed_ShouldMatchTheCommittedListing()
    {
        var path = FixturePath("corpus-verdicts.tsv");
        var sb = new StringBuilder("# key\tlanguage\tverdict (prod). Regenerate: AEONNOVA_UPDATE_VERDICTS=1 dotnet test tests/AeonNova.Safety.Tests --filter VerdictListing\n");
        foreach (var (key, language, verdict) in CurrentVerdicts())
        {
            sb.Append(key).Append('\t').Append(language).Append('\t').Append(verdict).Append('\n');
        }
        var expected = sb.ToString();
        if (Environment.GetEnvironmentVariable("AEONNOVA_UPDATE_VERDICTS") == "1")
        {
            File.WriteAllText(path, expected);
        }
        var committed = File.Exists(path) ? ReadTsv(path) : [];
        var differences = CurrentVerdicts()
            .Where(r => !committed.TryGetValue(r.Key, out var f) || f[2] != r.Verdict)
            .Select(r => $"{r.Key}: listed {(committed.TryGetValue(r.Key, out var f) ? f[2] : "(missing)")}, now {r.Verdict}")
            .Concat(committed.Keys.Except(CurrentVerdicts().Select(r => r.Key), StringComparer.Ordinal).Select(k => $"{k}: listed but no longer exists"))
            .ToList();
        Assert.True(differences.Count == 0, "corpus-verdicts.tsv differs (regenerate with AEONNOVA_UPDATE_VERDICTS=1 and review the diff):\n" + string.Join("\n", differences));
    }
}
