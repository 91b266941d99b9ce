using AeonNova.Core.Safety;
using AeonNova.Safety.Analysis;
using AeonNova.Safety.Bash;
using AeonNova.Safety.Policy;
using AeonNova.Safety.PowerShell;
using AeonNova.Safety.Rules;

namespace AeonNova.Safety;

/// <summary>
/// The script safety validator: parses bash with its own parser and PowerShell with the real PowerShell
/// parser, follows what the script would actually run (folded variables, wrappers, eval, decoded payloads)
/// and reports findings from the rule catalogue. Stateless and thread-safe after construction.
/// </summary>
public sealed class ScriptValidator : IScriptValidator
{
    private readonly RuleCatalogue _catalogue;
    private readonly SafetyPolicy _policy;

    public ScriptValidator() : this(SafetyPolicy.LoadEmbedded())
    {
    }

    public ScriptValidator(SafetyPolicy policy) : this(policy, RuleCatalogue.LoadEmbedded())
    {
    }

    public ScriptValidator(SafetyPolicy policy, RuleCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(catalogue);
        _policy = policy;
        _catalogue = catalogue;
    }

    /// <summary>The validator with the embedded catalogue and the default policy (config/safety-policy.json).</summary>
    public static ScriptValidator CreateDefault() => new();

    public RuleCatalogue Catalogue => _catalogue;

    public SafetyPolicy Policy => _policy;

    public SafetyReport Validate(string script, ScriptLanguage language, ValidationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        var sink = new FindingSink(_catalogue, _policy.For(context?.Environment));
        try
        {
            if (language == ScriptLanguage.PowerShell)
            {
                new PowerShellAnalyzer(sink).Analyze(script);
            }
            else
            {
                new BashAnalyzer(sink).Analyze(script);
            }
        }
#pragma warning disable CA1031 // Fail closed: an analyser fault must block the script, never let it through.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            sink.Add("parse.error", new SourceSpan(1, 1, script.Split('\n')[0]), $"the validator could not analyse this script ({ex.GetType().Name})");
        }
        // The sink keeps one finding per (rule, line, column), so this order is total and an unstable sort is exact.
        var findings = new List<SafetyFinding>(sink.Findings);
        findings.Sort(CompareFindings);
        return new SafetyReport
        {
            File = context?.File ?? "",
            Language = language,
            Verdict = VerdictOf(findings),
            RiskScore = RiskScore(findings),
            Findings = findings,
        };
    }

    private static int CompareFindings(SafetyFinding a, SafetyFinding b)
    {
        var byLine = a.Line.CompareTo(b.Line);
        if (byLine != 0)
        {
            return byLine;
        }
        var byColumn = a.Column.CompareTo(b.Column);
        return byColumn != 0 ? byColumn : string.CompareOrdinal(a.RuleId, b.RuleId);
    }

    private static SafetyVerdict VerdictOf(IReadOnlyList<SafetyFinding> findings)
    {
        var strongest = findings.Count == 0 ? FindingSeverity.Info : findings.Max(f => f.Severity);
        return strongest switch
        {
            FindingSeverity.Block => SafetyVerdict.Block,
            FindingSeverity.Review => SafetyVerdict.Review,
            _ => SafetyVerdict.Allow,
        };
    }

    /// <summary>
    /// 0–100, banded so the score never contradicts the verdict: allow 0–19, review 40–69, block 80–100;
    /// more findings of the strongest kind push the score up within its band.
    /// </summary>
    private static int RiskScore(IReadOnlyList<SafetyFinding> findings)
    {
        var blocks = findings.Count(f => f.Severity == FindingSeverity.Block);
        var reviews = findings.Count(f => f.Severity == FindingSeverity.Review);
        var infos = findings.Count(f => f.Severity == FindingSeverity.Info);
        if (blocks > 0)
        {
            return Math.Min(100, 80 + (5 * (blocks - 1)) + reviews);
        }
        if (reviews > 0)
        {
            return Math.Min(69, 40 + (5 * (reviews - 1)) + infos);
        }
        return Math.Min(19, 5 * infos);
    }
}
