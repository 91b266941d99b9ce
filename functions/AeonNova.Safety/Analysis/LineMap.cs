namespace AeonNova.Safety.Analysis;

/// <summary>Offset → 1-based line/column for one source text.</summary>
internal sealed class LineMap
{
    private readonly string _text;
    private readonly List<int> _starts;

    public LineMap(string text)
    {
        _text = text;
        _starts = new List<int>(text.AsSpan().Count('\n') + 1) { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _starts.Add(i + 1);
            }
        }
    }

    public SourceSpan Span(int start, int end)
    {
        start = Math.Clamp(start, 0, _text.Length);
        end = Math.Clamp(end, start, _text.Length);
        var index = _starts.BinarySearch(start);
        var line = index >= 0 ? index : ~index - 1;
        return new SourceSpan(line + 1, start - _starts[line] + 1, _text, start, end - start);
    }
}
