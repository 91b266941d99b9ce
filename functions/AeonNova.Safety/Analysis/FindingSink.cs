using AeonNova.Core.Safety;
using AeonNova.Safety.Policy;
using AeonNova.Safety.Rules;

namespace AeonNova.Safety.Analysis;

/// <summary>
/// Where a finding points: 1-based line and column plus the offending source text. A span can refer to a
/// range of the source and cuts its text out only when read (most spans never end up in a finding).
/// </summary>
internal readonly record struct SourceSpan
{
    private readonly string _source;
    private readonly int _start;
    private readonly int _length;

    public SourceSpan(int line, int column, string text)
        : this(line, column, text, 0, text.Length)
    {
    }

    public SourceSpan(int line, int column, string source, int start, int length)
    {
        Line = line;
        Column = column;
        _source = source;
        _start = start;
        _length = length;
    }

    public int Line { get; init; }

    public int Column { get; init; }

    public int TextLength => _length;

    public string Text
    {
        get => _source is null ? "" : _start == 0 && _length == _source.Length ? _source : _source.Substring(_start, _length);
        init
        {
            _source = value;
            _start = 0;
            _length = value.Length;
        }
    }

    /// <summary>This span's line and column with the text of <paramref name="other"/> (still uncut).</summary>
    public SourceSpan WithTextOf(SourceSpan other) => new(Line, Column, other._source, other._start, other._length);
}

/// <summary>
/// Collects findings for one script. Rule meaning and severity come from the catalogue; the environment's
/// policy turns routine remediations into allow (info) or review. Duplicates (same rule, same place) collapse.
/// </summary>
internal sealed class FindingSink
{
    private const int MaxTextLength = 240;
    private readonly RuleCatalogue _catalogue;
    private readonly EnvironmentPolicy _policy;
    private readonly List<SafetyFinding> _findings = [];
    private readonly HashSet<(string, int, int)> _seen = [];

    public FindingSink(RuleCatalogue catalogue, EnvironmentPolicy policy)
    {
        _catalogue = catalogue;
        _policy = policy;
    }

    public IReadOnlyList<SafetyFinding> Findings => _findings;

    public void Add(string ruleId, SourceSpan at, string? detail = null)
    {
        var rule = _catalogue[ruleId];
        if (!_seen.Add((ruleId, at.Line, at.Column)))
        {
            return;
        }
        _findings.Add(new SafetyFinding
        {
            RuleId = ruleId,
            Severity = SeverityOf(rule),
            Line = at.Line,
            Column = at.Column,
            Text = Shorten(at.Text),
            Message = string.IsNullOrEmpty(detail) ? rule.Message : $"{rule.Message} ({detail})",
        });
    }

    private FindingSeverity SeverityOf(RuleDefinition rule)
    {
        var severity = rule.Routine
            ? (_policy.Routine == RoutineAction.Allow ? FindingSeverity.Info : FindingSeverity.Review)
            : rule.Severity;
        if (_policy.Overrides is { } overrides && overrides.TryGetValue(rule.Id, out var overridden) && rule.Severity != FindingSeverity.Block)
        {
            severity = overridden;
        }
        return severity;
    }

    private static string Shorten(string text)
    {
        var t = text.Trim();
        return t.Length <= MaxTextLength ? t : string.Concat(t.AsSpan(0, MaxTextLength - 1), "…");
    }
}
