using System.Text;

namespace AeonNova.Safety.Bash;

/// <summary>
/// A recursive-descent parser for the bash language as scripts use it: quoting and escapes, parameter
/// expansion, $( ), backticks, process substitution, pipelines, &amp;&amp; || ; &amp;, redirections, heredocs,
/// if/for/while/until/case/select, functions, subshells and groups, [[ ]] and (( )).
/// </summary>
internal sealed class BashParser
{
    private const int MaxDepth = 64;
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "if", "then", "elif", "else", "fi", "for", "select", "in", "do", "done", "while", "until", "case", "esac", "function", "{", "}", "[[", "]]", "time", "!",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReservedLookup = Reserved.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly string _s;
    private readonly int _base;
    private readonly List<Redirect> _pendingHeredocs = [];
    private readonly List<(Redirect Redirect, string Delimiter, bool StripTabs)> _pendingDelimiters = [];
    private readonly Stack<StringBuilder> _spareLiterals = new();

    /// <summary>End test for lists inside ( ), $( ) and &lt;( ): one delegate per parser instead of one per use.</summary>
    private readonly Func<bool> _atCloseParen;
    private Func<bool>? _endAtThen;
    private Func<bool>? _endAtElifElseFi;
    private Func<bool>? _endAtFi;
    private Func<bool>? _endAtDo;
    private Func<bool>? _endAtDone;
    private Func<bool>? _endAtBrace;
    private int _pos;
    private int _depth;

    private BashParser(string text, int baseOffset)
    {
        _s = text;
        _base = baseOffset;
        _atCloseParen = () => Peek() == ')';
    }

    /// <summary>Parses a whole script. Offsets in the tree are relative to <paramref name="baseOffset"/>.</summary>
    public static BashList Parse(string text, int baseOffset = 0)
    {
        var parser = new BashParser(text, baseOffset);
        var list = parser.ParseList(() => false);
        if (!parser.AtEnd)
        {
            throw parser.Error($"unexpected '{parser.Peek()}'");
        }
        if (parser._pendingDelimiters.Count > 0)
        {
            parser.ReadHeredocBodies();
        }
        return list;
    }

    private bool AtEnd => _pos >= _s.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _s.Length ? _s[_pos + ahead] : '\0';

    private bool PeekIs(string text) => string.CompareOrdinal(_s, _pos, text, 0, text.Length) == 0;

    private BashSyntaxException Error(string message) => new(message, _base + Math.Min(_pos, _s.Length));

    private static bool IsMeta(char c) => c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '<' or '>' or '(' or ')' or '\r';

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error("nesting is too deep");
        }
    }

    // ---------- whitespace, comments, heredocs ----------

    private void SkipBlanks()
    {
        while (!AtEnd)
        {
            var c = Peek();
            if (c is ' ' or '\t' or '\r')
            {
                _pos++;
            }
            else if (c == '\\' && Peek(1) == '\n')
            {
                _pos += 2;
            }
            else
            {
                break;
            }
        }
    }

    private void SkipBlanksAndComments()
    {
        SkipBlanks();
        if (Peek() == '#')
        {
            while (!AtEnd && Peek() != '\n')
            {
                _pos++;
            }
        }
    }

    private void SkipLinebreaks()
    {
        while (true)
        {
            SkipBlanksAndComments();
            if (Peek() != '\n')
            {
                return;
            }
            _pos++;
            if (_pendingDelimiters.Count > 0)
            {
                ReadHeredocBodies();
            }
        }
    }

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

    // ---------- lists and pipelines ----------

    private Func<bool> EndAt(params string[] words) => () => PeekReserved() is { } w && words.Contains(w, StringComparer.Ordinal);

    // The end tests of compound commands, made once per parser rather than once per compound command.
    private Func<bool> EndAtThen => _endAtThen ??= EndAt("then");

    private Func<bool> EndAtElifElseFi => _endAtElifElseFi ??= EndAt("elif", "else", "fi");

    private Func<bool> EndAtFi => _endAtFi ??= EndAt("fi");

    private Func<bool> EndAtDo => _endAtDo ??= EndAt("do");

    private Func<bool> EndAtDone => _endAtDone ??= EndAt("done");

    private Func<bool> EndAtBrace => _endAtBrace ??= EndAt("}");

    private BashList ParseList(Func<bool> isEnd)
    {
        Enter();
        var list = new BashList { Start = _base + _pos };
        while (true)
        {
            SkipLinebreaks();
            if (AtEnd || isEnd())
            {
                break;
            }
            var item = ParseAndOr();
            list.Items.Add(item);
            SkipBlanksAndComments();
            if (Peek() == ';' && Peek(1) is not (';' or '&'))
            {
                _pos++;
                continue;
            }
            if (Peek() == '&' && Peek(1) != '&' && Peek(1) != '>')
            {
                item.Background = true;
                _pos++;
                continue;
            }
            if (Peek() == '\n')
            {
                continue;
            }
            if (AtEnd || isEnd())
            {
                break;
            }
            throw Error($"unexpected '{Peek()}'");
        }
        list.End = _base + _pos;
        _depth--;
        return list;
    }

    private AndOrNode ParseAndOr()
    {
        var node = new AndOrNode { Start = _base + _pos };
        node.Pipelines.Add(ParsePipeline());
        while (true)
        {
            SkipBlanksAndComments();
            if (PeekIs("&&") || PeekIs("||"))
            {
                _pos += 2;
                SkipLinebreaks();
                node.Pipelines.Add(ParsePipeline());
                continue;
            }
            break;
        }
        node.End = _base + _pos;
        return node;
    }

    private PipelineNode ParsePipeline()
    {
        SkipBlanks();
        var node = new PipelineNode { Start = _base + _pos };
        while (true)
        {
            var reserved = PeekReserved();
            if (reserved == "!")
            {
                _pos++;
                node.Negated = true;
                SkipBlanks();
                continue;
            }
            if (reserved == "time")
            {
                _pos += 4;
                SkipBlanks();
                if (PeekIs("-p "))
                {
                    _pos += 3;
                }
                SkipBlanks();
                continue;
            }
            break;
        }
        node.Commands.Add(ParseCommand());
        while (true)
        {
            SkipBlanks();
            if (Peek() == '|' && Peek(1) != '|')
            {
                _pos++;
                if (Peek() == '&')
                {
                    _pos++;
                }
                SkipLinebreaks();
                node.Commands.Add(ParseCommand());
                continue;
            }
            break;
        }
        node.End = _base + _pos;
        return node;
    }

    private string? PeekReserved()
    {
        var i = _pos;
        while (i < _s.Length && !IsMeta(_s[i]) && _s[i] is not ('"' or '\'' or '`' or '$' or '\\'))
        {
            i++;
        }
        if (i == _pos)
        {
            return null;
        }
        if (i < _s.Length && _s[i] is '"' or '\'' or '`' or '$' or '\\')
        {
            return null;
        }
        return ReservedLookup.TryGetValue(_s.AsSpan(_pos, i - _pos), out var word) ? word : null;
    }

    private void Expect(string word)
    {
        SkipLinebreaks();
        if (PeekReserved() != word)
        {
            throw AtEnd ? Error($"unexpected end of script: missing '{word}'") : Error($"expected '{word}' but found '{Snippet()}'");
        }
        _pos += word.Length;
    }

    private string Snippet()
    {
        var end = _pos;
        while (end < _s.Length && end - _pos < 20 && _s[end] != '\n')
        {
            end++;
        }
        return _s[_pos..end];
    }

    // ---------- commands ----------

    private BashNode ParseCommand()
    {
        SkipBlanks();
        var start = _pos;
        BashNode node;
        var reserved = PeekReserved();
        switch (reserved)
        {
            case "if":
                node = ParseIf();
                break;
            case "for" or "select":
                node = ParseFor(reserved);
                break;
            case "while" or "until":
                node = ParseWhile(reserved);
                break;
            case "case":
                node = ParseCase();
                break;
            case "function":
                _pos += 8;
                SkipBlanks();
                var name = ReadWord().LiteralText;
                SkipBlanks();
                if (PeekIs("()"))
                {
                    _pos += 2;
                }
                SkipLinebreaks();
                node = new FunctionNode { Name = name, Body = ParseCommand() };
                break;
            case "{":
                _pos++;
                var body = ParseList(EndAtBrace);
                Expect("}");
                node = new GroupNode { Body = body };
                break;
            case "[[":
                node = ParseConditional();
                break;
            case "then" or "elif" or "else" or "fi" or "do" or "done" or "esac" or "}" or "]]" or "in":
                throw Error($"unexpected '{reserved}'");
            default:
                if (Peek() == '(' && Peek(1) == '(')
                {
                    node = new ArithmeticCommand { Expression = ReadArithmetic(2) };
                }
                else if (Peek() == '(')
                {
                    _pos++;
                    var inner = ParseList(_atCloseParen);
                    if (Peek() != ')')
                    {
                        throw Error("unexpected end of script: missing ')' for subshell");
                    }
                    _pos++;
                    node = new GroupNode { Body = inner, Subshell = true };
                }
                else
                {
                    node = ParseSimpleCommand();
                    node.Start = _base + start;
                    node.End = _base + _pos;
                    return node;
                }
                break;
        }
        node.Start = _base + start;
        while (true)
        {
            SkipBlanks();
            if (!TryParseRedirect(node))
            {
                break;
            }
        }
        node.End = _base + _pos;
        return node;
    }

    private IfNode ParseIf()
    {
        _pos += 2;
        var node = new IfNode();
        var condition = ParseList(EndAtThen);
        Expect("then");
        var body = ParseList(EndAtElifElseFi);
        node.Branches.Add((condition, body));
        while (true)
        {
            SkipLinebreaks();
            var word = PeekReserved();
            if (word == "elif")
            {
                _pos += 4;
                var c = ParseList(EndAtThen);
                Expect("then");
                node.Branches.Add((c, ParseList(EndAtElifElseFi)));
                continue;
            }
            if (word == "else")
            {
                _pos += 4;
                node.Else = ParseList(EndAtFi);
            }
            break;
        }
        Expect("fi");
        return node;
    }

    private LoopNode ParseFor(string kind)
    {
        _pos += kind.Length;
        SkipBlanks();
        if (PeekIs("(("))
        {
            var header = ReadArithmetic(2);
            SkipBlanksAndComments();
            if (Peek() == ';')
            {
                _pos++;
            }
            Expect("do");
            var arithBody = ParseList(EndAtDone);
            Expect("done");
            return new LoopNode { Kind = "for((", Variable = null, Body = arithBody, Condition = null, Items = [new Word { Parts = { new LiteralPart(header, true) } }] };
        }
        var variable = ReadWord().LiteralText;
        SkipLinebreaks();
        List<Word>? items = null;
        if (PeekReserved() == "in")
        {
            _pos += 2;
            items = [];
            while (true)
            {
                SkipBlanks();
                if (AtEnd || Peek() is ';' or '\n')
                {
                    break;
                }
                if (Peek() == '#')
                {
                    SkipBlanksAndComments();
                    continue;
                }
                items.Add(ReadWord());
            }
        }
        SkipBlanks();
        if (Peek() == ';')
        {
            _pos++;
        }
        SkipLinebreaks();
        BashList body;
        if (PeekReserved() == "{")
        {
            _pos++;
            body = ParseList(EndAtBrace);
            Expect("}");
        }
        else
        {
            Expect("do");
            body = ParseList(EndAtDone);
            Expect("done");
        }
        return new LoopNode { Kind = kind, Variable = variable, Items = items, Body = body };
    }

    private LoopNode ParseWhile(string kind)
    {
        _pos += kind.Length;
        var condition = ParseList(EndAtDo);
        Expect("do");
        var body = ParseList(EndAtDone);
        Expect("done");
        return new LoopNode { Kind = kind, Condition = condition, Body = body };
    }

    private CaseNode ParseCase()
    {
        _pos += 4;
        SkipBlanks();
        var node = new CaseNode { Subject = ReadWord() };
        SkipLinebreaks();
        Expect("in");
        while (true)
        {
            SkipLinebreaks();
            if (PeekReserved() == "esac")
            {
                _pos += 4;
                break;
            }
            if (AtEnd)
            {
                throw Error("unexpected end of script: missing 'esac'");
            }
            if (Peek() == '(')
            {
                _pos++;
            }
            var patterns = new List<Word>();
            while (true)
            {
                SkipBlanks();
                if (AtEnd)
                {
                    throw Error("unexpected end of script in case pattern");
                }
                patterns.Add(ReadWord());
                SkipBlanks();
                if (Peek() == '|')
                {
                    _pos++;
                    continue;
                }
                if (Peek() == ')')
                {
                    _pos++;
                    break;
                }
                throw Error($"expected ')' in case pattern but found '{Peek()}'");
            }
            var body = ParseList(() => PeekIs(";;") || PeekIs(";&") || PeekReserved() == "esac");
            node.Arms.Add((patterns, body));
            SkipBlanks();
            if (PeekIs(";;&"))
            {
                _pos += 3;
            }
            else if (PeekIs(";;") || PeekIs(";&"))
            {
                _pos += 2;
            }
        }
        return node;
    }

    private SimpleCommand ParseConditional()
    {
        var cmd = new SimpleCommand();
        var open = new Word { Start = _base + _pos };
        open.Parts.Add(new LiteralPart("[[", false));
        _pos += 2;
        cmd.Words.Add(open);
        while (true)
        {
            SkipBlanks();
            while (Peek() == '\n')
            {
                _pos++;
                SkipBlanks();
            }
            if (AtEnd)
            {
                throw Error("unexpected end of script: missing ']]'");
            }
            if (PeekIs("]]") && (IsMeta(Peek(2)) || _pos + 2 >= _s.Length))
            {
                _pos += 2;
                break;
            }
            if (Peek() is '&' or '|' or '<' or '>' or '(' or ')' or '!')
            {
                var op = new Word { Start = _base + _pos };
                var len = (Peek() is '&' or '|') && Peek(1) == Peek() ? 2 : 1;
                op.Parts.Add(new LiteralPart(_s.Substring(_pos, len), false));
                _pos += len;
                cmd.Words.Add(op);
                continue;
            }
            cmd.Words.Add(ReadWord());
        }
        return cmd;
    }

    private BashNode ParseSimpleCommand()
    {
        var cmd = new SimpleCommand();
        while (true)
        {
            SkipBlanks();
            if (AtEnd)
            {
                break;
            }
            if (TryParseRedirect(cmd))
            {
                continue;
            }
            var c = Peek();
            if (c is '\n' or ';' or '&' or '|' or ')')
            {
                break;
            }
            if (c == '#')
            {
                SkipBlanksAndComments();
                break;
            }
            if (c == '(')
            {
                if (cmd.Words.Count == 1 && cmd.Assignments.Count == 0)
                {
                    var save = _pos;
                    _pos++;
                    SkipBlanks();
                    if (Peek() == ')')
                    {
                        _pos++;
                        SkipLinebreaks();
                        return new FunctionNode { Name = cmd.Words[0].LiteralText, Body = ParseCommand() };
                    }
                    _pos = save;
                }
                throw Error("unexpected '('");
            }
            var word = ReadWord();
            if (cmd.Words.Count == 0 && TryAssignment(word, out var assignment))
            {
                cmd.AddAssignment(assignment);
            }
            else
            {
                cmd.Words.Add(word);
            }
        }
        if (cmd.Words.Count == 0 && cmd.Assignments.Count == 0 && cmd.Redirects.Count == 0)
        {
            throw AtEnd ? Error("unexpected end of script") : Error($"unexpected '{Peek()}'");
        }
        return cmd;
    }

    private static bool TryAssignment(Word word, out Assignment assignment)
    {
        assignment = null!;
        if (word.Parts.Count == 0 || word.Parts[0] is not LiteralPart { Quoted: false } first)
        {
            return false;
        }
        var eq = first.Text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return false;
        }
        var name = first.Text[..eq];
        var append = name.EndsWith('+');
        if (append)
        {
            name = name[..^1];
        }
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        var bare = bracket > 0 ? name[..bracket] : name;
        if (bare.Length == 0 || !(char.IsAsciiLetter(bare[0]) || bare[0] == '_') || !bare.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
        {
            return false;
        }
        var value = new Word { Start = word.Start, End = word.End, QuotedSegments = word.QuotedSegments };
        var rest = first.Text[(eq + 1)..];
        var array = rest.StartsWith('(');
        if (rest.Length > 0)
        {
            value.Parts.Add(new LiteralPart(rest, false));
        }
        value.Parts.AddRange(word.Parts.Skip(1));
        assignment = new Assignment(bare, value, append, array);
        return true;
    }

    private bool TryParseRedirect(BashNode node)
    {
        var start = _pos;
        var fd = -1;
        var i = _pos;
        while (i < _s.Length && char.IsAsciiDigit(_s[i]))
        {
            i++;
        }
        if (i > _pos && i < _s.Length && _s[i] is '<' or '>')
        {
            fd = int.Parse(_s.AsSpan(_pos, i - _pos), System.Globalization.CultureInfo.InvariantCulture);
            _pos = i;
        }
        else if (i > _pos)
        {
            return false;
        }
        if (Peek() == '{' && fd < 0)
        {
            var close = _s.IndexOf('}', _pos);
            if (close > 0 && close + 1 < _s.Length && _s[close + 1] is '<' or '>' && _s[(_pos + 1)..close].All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                _pos = close + 1;
            }
        }
        RedirectKind kind;
        if (PeekIs("&>>"))
        {
            kind = RedirectKind.Append;
            _pos += 3;
        }
        else if (PeekIs("&>"))
        {
            kind = RedirectKind.Output;
            _pos += 2;
        }
        else if ((Peek() is '<' or '>') && Peek(1) == '(')
        {
            _pos = start;
            return false;
        }
        else if (PeekIs("<<<"))
        {
            kind = RedirectKind.HereString;
            _pos += 3;
        }
        else if (PeekIs("<<"))
        {
            _pos += 2;
            var strip = Peek() == '-';
            if (strip)
            {
                _pos++;
            }
            SkipBlanks();
            var delimiterWord = ReadWord();
            var delimiter = DelimiterText(delimiterWord, out var quoted);
            var heredoc = new Redirect { Fd = fd, Kind = RedirectKind.HereDoc, BodyQuoted = quoted, Start = _base + start };
            node.AddRedirect(heredoc);
            _pendingDelimiters.Add((heredoc, delimiter, strip));
            return true;
        }
        else if (PeekIs(">>"))
        {
            kind = RedirectKind.Append;
            _pos += 2;
        }
        else if (PeekIs(">&"))
        {
            kind = RedirectKind.DuplicateOutput;
            _pos += 2;
        }
        else if (PeekIs("<&"))
        {
            kind = RedirectKind.DuplicateInput;
            _pos += 2;
        }
        else if (PeekIs("<>"))
        {
            kind = RedirectKind.ReadWrite;
            _pos += 2;
        }
        else if (PeekIs(">|"))
        {
            kind = RedirectKind.Output;
            _pos += 2;
        }
        else if (Peek() == '>')
        {
            kind = RedirectKind.Output;
            _pos++;
        }
        else if (Peek() == '<')
        {
            kind = RedirectKind.Input;
            _pos++;
        }
        else
        {
            _pos = start;
            return false;
        }
        SkipBlanks();
        if (AtEnd || (IsMeta(Peek()) && !((Peek() is '<' or '>') && Peek(1) == '(')))
        {
            throw Error("redirection without a target");
        }
        node.AddRedirect(new Redirect { Fd = fd, Kind = kind, Target = ReadWord(), Start = _base + start });
        return true;
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

    // ---------- words ----------

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
