using System.Text;

namespace AeonNova.Safety.Bash;

/// <summary>Heredocs: bodies read after the line that opened them, delimiters, and expansion of unquoted bodies.</summary>
internal sealed partial class BashParser
{
    private void ReadHeredocBodies()
    {
        foreach (var (redirect, delimiter, stripTabs) in _pendingDelimiters)
        {
            var bodyStart = _pos;
            var sb = new StringBuilder();
            var found = false;
            while (!AtEnd)
            {
                var lineEnd = _s.IndexOf('\n', _pos);
                var line = lineEnd < 0 ? _s[_pos..] : _s[_pos..lineEnd];
                _pos = lineEnd < 0 ? _s.Length : lineEnd + 1;
                var check = stripTabs ? line.TrimStart('\t') : line;
                if (check.TrimEnd('\r') == delimiter)
                {
                    found = true;
                    break;
                }
                sb.Append(stripTabs ? line.TrimStart('\t') : line).Append('\n');
            }
            _ = found;
            redirect.RawBody = sb.ToString();
            if (!redirect.BodyQuoted)
            {
                redirect.Body = ParseExpandable(redirect.RawBody, _base + bodyStart);
            }
        }
        _pendingDelimiters.Clear();
    }

    /// <summary>Heredoc bodies with unquoted delimiters expand $var, $( ) and backticks like double quotes.</summary>
    private static Word ParseExpandable(string text, int baseOffset)
    {
        var parser = new BashParser(text, baseOffset);
        var word = new Word { Start = baseOffset };
        parser.ReadDoubleQuotedContent(word, heredoc: true);
        word.End = baseOffset + text.Length;
        return word;
    }


    private static string DelimiterText(Word word, out bool quoted)
    {
        quoted = word.QuotedSegments > 0 || word.InnerEscapes > 0 || word.Parts.Any(p => p.Quoted);
        var sb = new StringBuilder();
        foreach (var part in word.Parts)
        {
            sb.Append(part switch
            {
                LiteralPart l => l.Text,
                ParameterPart p => "$" + p.Name,
                _ => "",
            });
        }
        return sb.ToString();
    }
}
