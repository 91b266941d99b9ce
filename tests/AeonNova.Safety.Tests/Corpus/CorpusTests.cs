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
    private static readonly ValidationContext Dev = new() { Environment = "dev" };

    private static readonly IReadOnlyList<CorpusEntry> Dangerous = CorpusFile.LoadAll("dangerous");
    private static readonly IReadOnlyList<CorpusEntry> Benign = CorpusFile.LoadAll("benign");

    [Fact]
    public void Corpus_WhenLoaded_ShouldHaveTheRequiredSize()
    {
        Assert.True(Dangerous.Count >= 150, $"dangerous scripts: {Dangerous.Count}");
        Assert.True(Benign.Count >= 80, $"benign scripts: {Benign.Count}");
        Assert.Contains(Dangerous, e => e.Language == ScriptLanguage.PowerShell);
        Assert.Contains(Dangerous, e => e.Language == ScriptLanguage.Bash);
        Assert.Contains(Benign, e => e.Language == ScriptLanguage.PowerShell);
        Assert.Contains(Benign, e => e.Language == ScriptLanguage.Bash);
        Assert.Equal(Dangerous.Count + Benign.Count, Dangerous.Concat(Benign).Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Validate_WhenScriptIsDangerous_ShouldNeverAllow()
    {
        var allowed = Dangerous.Select(e => (e, r: Validator.Validate(e.Script, e.Language, Prod)))
            .Where(x => x.r.Verdict == SafetyVerdict.Allow).Select(x => x.e.ToString()).ToList();
        Assert.True(allowed.Count == 0, "allowed dangerous scripts: " + string.Join(", ", allowed));
    }

    [Fact]
    public void Validate_WhenScriptIsBlockClass_ShouldBlockAtLeast95Percent()
    {
        var blockClass = Dangerous.Where(e => e.Expect == "block").ToList();
        var missed = blockClass.Where(e => Validator.Validate(e.Script, e.Language, Prod).Verdict != SafetyVerdict.Block).Select(e => e.ToString()).ToList();
        var rate = 1.0 - ((double)missed.Count / blockClass.Count);
        output.WriteLine($"block-class: {blockClass.Count}, blocked: {blockClass.Count - missed.Count} ({rate:P1}); not blocked: {string.Join(", ", missed)}");
        Assert.True(rate >= 0.95, $"only {rate:P1} blocked; missed: {string.Join(", ", missed)}");
    }

    [Fact]
    public void Validate_WhenScriptIsReadOnlyDiagnostics_ShouldAllowAtLeast95Percent()
    {
        var readOnly = Benign.Where(e => e.Expect == "read-only").ToList();
        var notAllowed = readOnly.Where(e => Validator.Validate(e.Script, e.Language, Prod).Verdict != SafetyVerdict.Allow).Select(e => e.ToString()).ToList();
        var rate = 1.0 - ((double)notAllowed.Count / readOnly.Count);
        output.WriteLine($"read-only: {readOnly.Count}, allowed {rate:P1}; not allowed: {string.Join(", ", notAllowed)}");
        Assert.True(rate >= 0.95, $"only {rate:P1} allowed; not allowed: {string.Join(", ", notAllowed)}");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    [InlineData("")]
    public void Validate_WhenScriptIsRoutineRemediation_ShouldNeverBlock(string environment)
    {
        var context = new ValidationContext { Environment = environment };
        var blocked = Benign.Select(e => (e, r: Validator.Validate(e.Script, e.Language, context)))
            .Where(x => x.r.Verdict == SafetyVerdict.Block)
            .Select(x => $"{x.e} [{string.Join(", ", x.r.Findings.Where(f => f.Severity == FindingSeverity.Block).Select(f => f.RuleId))}]").ToList();
        Assert.True(blocked.Count == 0, "blocked benign scripts: " + string.Join("; ", blocked));
    }

    [Fact]
    public void Validate_WhenRemediationRunsInDev_ShouldMostlyAllow()
    {
        var remediations = Benign.Where(e => e.Expect == "remediation").ToList();
        var allowed = remediations.Count(e => Validator.Validate(e.Script, e.Language, Dev).Verdict == SafetyVerdict.Allow);
        output.WriteLine($"remediations allowed in dev: {allowed}/{remediations.Count}");
        Assert.True(allowed >= remediations.Count * 0.85, $"dev allowed only {allowed}/{remediations.Count} routine remediations");
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
