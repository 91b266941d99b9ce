using System.Globalization;
using System.Text;
using AeonNova.Core.Safety;
using Xunit.Abstractions;

namespace AeonNova.Safety.Tests.Corpus;

/// <summary>The acceptance corpus: dangerous scripts never pass, routine fixes are never blocked.</summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private static readonly ScriptValidator Validator = ScriptValidator.CreateDefault();
    private static readonly ValidationContext Prod = new() { Environment = "prod" };

    private static readonly IReadOnlyList<CorpusEntry> Dangerous = CorpusFile.LoadAll("dangerous");
    private static readonly IReadOnlyList<CorpusEntry> Benign = CorpusFile.LoadAll("benign");

    [Fact]
    public void Corpus_WhenLoaded_ShouldHaveTheRequiredSize()
    {
        Assert.True(Dangerous.Count >= 400, $"dangerous scripts: {Dangerous.Count}");
        Assert.True(Benign.Count >= 250, $"benign scripts: {Benign.Count}");
        Assert.Contains(Dangerous, e => e.Language == ScriptLanguage.PowerShell);
        Assert.Contains(Dangerous, e => e.Language == ScriptLanguage.Bash);
        Assert.Contains(Benign, e => e.Language == ScriptLanguage.PowerShell);
        Assert.Contains(Benign, e => e.Language == ScriptLanguage.Bash);
        Assert.Equal(Dangerous.Count + Benign.Count, Dangerous.Concat(Benign).Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
    }

    public static TheoryData<string> DangerousKeys() => Keys(Dangerous);

    public static TheoryData<string> BenignKeys() => Keys(Benign);

    private static TheoryData<string> Keys(IReadOnlyList<CorpusEntry> entries)
    {
        var data = new TheoryData<string>();
        foreach (var e in entries)
        {
            data.Add(e.ToString());
        }
        return data;
    }

    private static string Explain(SafetyReport report) =>
        report.Findings.Count == 0 ? "no findings" : string.Join("; ", report.Findings.Select(f => $"{f.RuleId}/{f.Severity} {f.Line}:{f.Column}"));

    [Theory]
    [MemberData(nameof(DangerousKeys))]
    public void Validate_WhenDangerousEntryRuns_ShouldReachItsLabel(string key)
    {
        var e = Dangerous.Single(x => x.ToString() == key);
        var report = Validator.Validate(e.Script, e.Language, Prod);
        var ok = e.Expect == "block" ? report.Verdict == SafetyVerdict.Block : report.Verdict != SafetyVerdict.Allow;
        Assert.True(ok, $"{e} ({e.Cite}) is labelled {e.Expect} but got {report.Verdict}: {Explain(report)}");
    }

    [Theory]
    [MemberData(nameof(BenignKeys))]
    public void Validate_WhenBenignEntryRuns_ShouldNeverBlockInAnyEnvironment(string key)
    {
        var e = Benign.Single(x => x.ToString() == key);
        foreach (var environment in new[] { "prod", "dev", "" })
        {
            var report = Validator.Validate(e.Script, e.Language, new ValidationContext { Environment = environment });
            Assert.True(report.Verdict != SafetyVerdict.Block, $"{e} blocked in '{environment}': {Explain(report)}");
        }
    }

    [Fact]
    public void Corpus_WhenModelledOnAPublicCatalogue_ShouldCiteTheEntry()
    {
        var original = new HashSet<string>(StringComparer.Ordinal) { "dangerous-bash.sh.corpus", "dangerous-powershell.ps1.corpus", "benign-bash.sh.corpus", "benign-powershell.ps1.corpus" };
        var uncited = Dangerous.Concat(Benign).Where(e => !original.Contains(e.Source) && e.Cite.Length == 0).Select(e => e.ToString()).ToList();
        Assert.True(uncited.Count == 0, "entries without a cited source: " + string.Join(", ", uncited));
    }

    [Fact]
    public void Validate_WhenCorpusRuns_ShouldPrintPerCategoryTable()
    {
        var rows = Dangerous.Concat(Benign)
            .Select(e => (e, r: Validator.Validate(e.Script, e.Language, Prod)))
            .GroupBy(x => (x.e.Category, x.e.Expect, x.e.Language))
            .OrderBy(g => g.Key.Expect, StringComparer.Ordinal).ThenBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.Language)
            .ToList();
        var sb = new StringBuilder();
        sb.AppendLine("| expected | category | language | scripts | allow | review | block |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var g in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {g.Key.Expect} | {g.Key.Category} | {g.Key.Language.ToString().ToLowerInvariant()} | {g.Count()} | {g.Count(x => x.r.Verdict == SafetyVerdict.Allow)} | {g.Count(x => x.r.Verdict == SafetyVerdict.Review)} | {g.Count(x => x.r.Verdict == SafetyVerdict.Block)} |");
        }
        output.WriteLine(sb.ToString());
        Assert.NotEmpty(rows);
    }

    [Fact]
    public void Validate_WhenCorpusRuns_ShouldGiveEveryFindingALocationAndMessage()
    {
        foreach (var e in Dangerous)
        {
            var report = Validator.Validate(e.Script, e.Language, Prod);
            Assert.All(report.Findings, f =>
            {
                Assert.False(string.IsNullOrWhiteSpace(f.RuleId), e.ToString());
                Assert.True(f.Line >= 1 && f.Column >= 1, $"{e}: {f.RuleId} at {f.Line}:{f.Column}");
                Assert.False(string.IsNullOrWhiteSpace(f.Message), e.ToString());
                Assert.False(string.IsNullOrWhiteSpace(f.Text), $"{e}: {f.RuleId} has no text");
            });
            Assert.InRange(report.RiskScore, 0, 100);
        }
    }
}
