using System.Text;

namespace AeonNova.Safety.Bash;

/// <summary>Words and expansions: quoting, escapes, $-expansions, command and arithmetic substitution.</summary>
internal sealed partial class BashParser
{
    private Word ReadWord()
    {
        Enter();
        var word = new Word { Start = _base + _pos };
        var literal = RentLiteral();
        void Flush() => FlushLiteral(word, literal, LiteralKind.Unquoted);
        while (!AtEnd)
        {
            var c = Peek();
            if (IsMeta(c))
            {
                if ((c is '<' or '>') && Peek(1) == '(' && word.Parts.Count == 0 && literal.Length == 0)
                {
                    _pos += 2;
                    var body = ParseList(_atCloseParen);
                    ExpectChar(')', "process substitution");
                    word.Parts.Add(new ProcessSubstitutionPart(body, c == '>'));
                    continue;
                }
                if (c == '(' && word.Parts.Count == 0 && literal.Length > 0 && IsArrayAssignmentPrefix(literal.ToString()))
                {
                    literal.Append(ReadBalanced('(', ')'));
                    continue;
                }
                if (c == '(' && literal.Length > 0 && literal[^1] is '@' or '!' or '+' or '*' or '?')
                {
                    literal.Append(ReadBalanced('(', ')'));
                    continue;
                }
                break;
            }
            switch (c)
            {
                case '\\':
                    if (Peek(1) == '\n')
                    {
                        _pos += 2;
                        continue;
                    }
                    Flush();
                    if (_pos + 1 < _s.Length)
                    {
                        if (word.Parts.Count > 0 || literal.Length > 0)
                        {
                            word.InnerEscapes++;
                        }
                        word.Parts.Add(new LiteralPart(_s[_pos + 1].ToString(), true));
                        _pos += 2;
                    }
                    else
                    {
                        _pos++;
                    }
                    continue;
                case '\'':
                    Flush();
                    var close = _s.IndexOf('\'', _pos + 1);
                    if (close < 0)
                    {
                        throw Error("unterminated single quote");
                    }
                    word.Parts.Add(new LiteralPart(_s[(_pos + 1)..close], true));
                    word.QuotedSegments++;
                    _pos = close + 1;
                    continue;
                case '"':
                    Flush();
                    var quoteStart = _pos;
                    _pos++;
                    ReadDoubleQuotedContent(word, heredoc: false);
                    if (Peek() != '"')
                    {
                        _pos = quoteStart;
                        throw Error("unterminated double quote");
                    }
                    _pos++;
                    word.QuotedSegments++;
                    continue;
                case '$':
                    if (Peek(1) == '\'')
                    {
                        Flush();
                        word.Parts.Add(new LiteralPart(ReadAnsiC(out var escapes), true));
                        word.QuotedSegments++;
                        word.AnsiCEscapes |= escapes;
                        continue;
                    }
                    if (Peek(1) == '"')
                    {
                        _pos++;
                        continue;
                    }
                    if (TryReadDollar(word, quoted: false, literal, LiteralKind.Unquoted))
                    {
                        continue;
                    }
                    literal.Append('$');
                    _pos++;
                    continue;
                case '`':
                    Flush();
                    word.Parts.Add(ReadBacktick(quoted: false));
                    continue;
                case '~' when word.Parts.Count == 0 && literal.Length == 0:
                    _pos++;
                    var user = new StringBuilder();
                    while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek()) || Peek() is '_' or '-'))
                    {
                        user.Append(Peek());
                        _pos++;
                    }
                    word.Parts.Add(new TildePart(user.ToString()));
                    continue;
                default:
                    literal.Append(c);
                    _pos++;
                    continue;
            }
        }
        Flush();
        ReturnLiteral(literal);
        word.End = _base + _pos;
        _depth--;
        if (word.Parts.Count == 0 && word.QuotedSegments == 0)
        {
            throw Error(AtEnd ? "unexpected end of script" : $"unexpected '{Peek()}'");
        }
        if (word.Parts.Count == 0)
        {
            word.Parts.Add(new LiteralPart("", true));
        }
        return word;
    }

    private static bool IsArrayAssignmentPrefix(string text)
    {
        var name = text.EndsWith("+=", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('=') ? text[..^1] : "";
        return name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
    }

    private void ExpectChar(char c, string what)
    {
        if (Peek() != c)
        {
            throw Error($"unexpected end of script: missing '{c}' for {what}");
        }
        _pos++;
    }

    private string ReadBalanced(char open, char close)
    {
        var start = _pos;
        var depth = 0;
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '\\')
            {
                _pos += 2;
                continue;
            }
            if (c == '\'' || c == '"')
            {
                var end = _s.IndexOf(c, _pos + 1);
                _pos = end < 0 ? _s.Length : end + 1;
                continue;
            }
            if (c == open)
            {
                depth++;
            }
            else if (c == close)
            {
                depth--;
                if (depth == 0)
                {
                    _pos++;
                    return _s[start.._pos];
                }
            }
            _pos++;
        }
        throw Error($"unexpected end of script: missing '{close}'");
    }

    /// <summary>Reads (( … )) or $(( … )) starting at the opening parentheses; returns the expression.</summary>
    private string ReadArithmetic(int opening)
    {
        _pos += opening;
        var start = _pos;
        var depth = 0;
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                if (depth == 0 && Peek(1) == ')')
                {
                    var expression = _s[start.._pos];
                    _pos += 2;
                    return expression;
                }
                depth--;
            }
            _pos++;
        }
        throw Error("unexpected end of script: missing '))'");
    }

    private string ReadAnsiC(out bool hadEscapes)
    {
        _pos += 2;
        var sb = new StringBuilder();
        hadEscapes = false;
        while (!AtEnd && Peek() != '\'')
        {
            if (Peek() == '\\' && _pos + 1 < _s.Length)
            {
                var n = Peek(1);
                if (n == '\'')
                {
                    sb.Append('\'');
                    _pos += 2;
                    continue;
                }
                var end = _pos + 2;
                if (n is 'x')
                {
                    while (end < _s.Length && end < _pos + 4 && Uri.IsHexDigit(_s[end]))
                    {
                        end++;
                    }
                }
                else if (n is >= '0' and <= '7')
                {
                    while (end < _s.Length && end < _pos + 4 && _s[end] is >= '0' and <= '7')
                    {
                        end++;
                    }
                }
                else if (n is 'u' or 'U')
                {
                    while (end < _s.Length && end < _pos + (n == 'u' ? 6 : 10) && Uri.IsHexDigit(_s[end]))
                    {
                        end++;
                    }
                    if (end > _pos + 2)
                    {
                        sb.Append(char.ConvertFromUtf32(int.Parse(_s.AsSpan(_pos + 2, end - _pos - 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)));
                        hadEscapes = true;
                        _pos = end;
                        continue;
                    }
                }
                var decoded = Analysis.Decoders.UnescapeEcho(_s[_pos..end], out var codes);
                hadEscapes |= codes;
                sb.Append(decoded);
                _pos = end;
                continue;
            }
            sb.Append(Peek());
            _pos++;
        }
        if (AtEnd)
        {
            throw Error("unterminated $'...' quote");
        }
        _pos++;
        return sb.ToString();
    }

    /// <summary>Reads the inside of "…" (or a heredoc body) into quoted parts; stops at the closing quote.</summary>
    private void ReadDoubleQuotedContent(Word word, bool heredoc)
    {
        var literal = RentLiteral();
        void Flush() => FlushLiteral(word, literal, LiteralKind.Quoted);
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '"' && !heredoc)
            {
                break;
            }
            if (c == '\\')
            {
                var n = Peek(1);
                if (n == '\n')
                {
                    _pos += 2;
                    continue;
                }
                if (n is '$' or '`' or '\\' || (n == '"' && !heredoc))
                {
                    literal.Append(n);
                    _pos += 2;
                    continue;
                }
                literal.Append(c);
                _pos++;
                continue;
            }
            if (c == '$')
            {
                if (TryReadDollar(word, quoted: true, literal, LiteralKind.Quoted))
                {
                    continue;
                }
                literal.Append('$');
                _pos++;
                continue;
            }
            if (c == '`')
            {
                Flush();
                word.Parts.Add(ReadBacktick(quoted: true));
                continue;
            }
            literal.Append(c);
            _pos++;
        }
        Flush();
        ReturnLiteral(literal);
    }

    private enum LiteralKind
    {
        /// <summary>Unquoted text of a word (marks the word as having an unquoted literal).</summary>
        Unquoted,
        /// <summary>Text inside double quotes or a heredoc body.</summary>
        Quoted,
        /// <summary>Unquoted text inside a ${…} argument.</summary>
        ParameterArgument,
    }

    /// <summary>A scratch buffer for literal text; nested words (inside $( ), "…") take their own.</summary>
    private StringBuilder RentLiteral() => _spareLiterals.Count > 0 ? _spareLiterals.Pop() : new StringBuilder(64);

    private void ReturnLiteral(StringBuilder literal)
    {
        literal.Clear();
        _spareLiterals.Push(literal);
    }

    private static void FlushLiteral(Word word, StringBuilder literal, LiteralKind kind)
    {
        if (literal.Length == 0)
        {
            return;
        }
        word.Parts.Add(new LiteralPart(literal.ToString(), kind == LiteralKind.Quoted));
        if (kind == LiteralKind.Unquoted)
        {
            word.HasUnquotedLiteral = true;
        }
        literal.Clear();
    }

    private bool TryReadDollar(Word word, bool quoted, StringBuilder literal, LiteralKind kind)
    {
        void Flush() => FlushLiteral(word, literal, kind);
        var n = Peek(1);
        if (n == '(')
        {
            Flush();
            if (Peek(2) == '(')
            {
                var save = _pos;
                try
                {
                    word.Parts.Add(new ArithmeticPart(ReadArithmetic(3), quoted));
                    return true;
                }
                catch (BashSyntaxException)
                {
                    _pos = save;
                }
            }
            _pos += 2;
            var body = ParseList(_atCloseParen);
            ExpectChar(')', "command substitution");
            word.Parts.Add(new CommandSubstitutionPart(body, quoted));
            return true;
        }
        if (n == '{')
        {
            Flush();
            word.Parts.Add(ReadBraceParameter(quoted));
            return true;
        }
        if (char.IsAsciiLetter(n) || n == '_')
        {
            Flush();
            _pos++;
            var start = _pos;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_'))
            {
                _pos++;
            }
            word.Parts.Add(new ParameterPart(_s[start.._pos], null, null, quoted, false, false));
            return true;
        }
        if (char.IsAsciiDigit(n) || n is '@' or '*' or '#' or '?' or '$' or '!' or '-')
        {
            Flush();
            _pos += 2;
            word.Parts.Add(new ParameterPart(n.ToString(), null, null, quoted, false, false));
            return true;
        }
        return false;
    }

    private static readonly string[] ParameterOperators =
        [":-", ":=", ":+", ":?", "##", "%%", "//", "/#", "/%", "^^", ",,", "-", "=", "+", "?", "#", "%", "/", "^", ",", ":", "@"];

    private ParameterPart ReadBraceParameter(bool quoted)
    {
        _pos += 2;
        var length = false;
        var indirect = false;
        if (Peek() == '#' && Peek(1) != '}')
        {
            length = true;
            _pos++;
        }
        else if (Peek() == '!')
        {
            indirect = true;
            _pos++;
        }
        var start = _pos;
        if (char.IsAsciiLetter(Peek()) || Peek() == '_')
        {
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_'))
            {
                _pos++;
            }
        }
        else if (!AtEnd)
        {
            _pos++;
            while (!AtEnd && char.IsAsciiDigit(Peek()))
            {
                _pos++;
            }
        }
        var name = _s[start.._pos];
        if (Peek() == '[')
        {
            ReadBalanced('[', ']');
        }
        if (Peek() == '}')
        {
            _pos++;
            return new ParameterPart(name, null, null, quoted, length, indirect);
        }
        var op = ParameterOperators.FirstOrDefault(PeekIs) ?? throw Error("bad parameter expansion");
        _pos += op.Length;
        var argument = new Word { Start = _base + _pos };
        ReadParameterArgument(argument);
        if (Peek() != '}')
        {
            throw Error("unexpected end of script: missing '}' for ${...}");
        }
        _pos++;
        return new ParameterPart(name, op, argument, quoted, length, indirect);
    }

    private void ReadParameterArgument(Word word)
    {
        var literal = RentLiteral();
        void Flush() => FlushLiteral(word, literal, LiteralKind.ParameterArgument);
        var depth = 0;
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '}' && depth == 0)
            {
                break;
            }
            switch (c)
            {
                case '{':
                    depth++;
                    literal.Append(c);
                    _pos++;
                    continue;
                case '}':
                    depth--;
                    literal.Append(c);
                    _pos++;
                    continue;
                case '\\':
                    literal.Append(Peek(1));
                    _pos += 2;
                    continue;
                case '\'':
                    Flush();
                    var close = _s.IndexOf('\'', _pos + 1);
                    if (close < 0)
                    {
                        throw Error("unterminated single quote");
                    }
                    word.Parts.Add(new LiteralPart(_s[(_pos + 1)..close], true));
                    _pos = close + 1;
                    continue;
                case '"':
                    Flush();
                    _pos++;
                    ReadDoubleQuotedContent(word, heredoc: false);
                    ExpectChar('"', "double quote");
                    continue;
                case '$':
                    if (TryReadDollar(word, quoted: false, literal, LiteralKind.ParameterArgument))
                    {
                        continue;
                    }
                    literal.Append(c);
                    _pos++;
                    continue;
                case '`':
                    Flush();
                    word.Parts.Add(ReadBacktick(quoted: false));
                    continue;
                default:
                    literal.Append(c);
                    _pos++;
                    continue;
            }
        }
        Flush();
        ReturnLiteral(literal);
    }

    private CommandSubstitutionPart ReadBacktick(bool quoted)
    {
        var start = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (!AtEnd && Peek() != '`')
        {
            if (Peek() == '\\' && Peek(1) is '`' or '\\' or '$')
            {
                sb.Append(Peek(1));
                _pos += 2;
                continue;
            }
            sb.Append(Peek());
            _pos++;
        }
        if (AtEnd)
        {
            _pos = start;
            throw Error("unterminated backquote");
        }
        _pos++;
        var body = Parse(sb.ToString(), _base + start + 1);
        return new CommandSubstitutionPart(body, quoted);
    }
}
