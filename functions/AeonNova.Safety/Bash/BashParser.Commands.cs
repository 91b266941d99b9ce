using System.Text;

namespace AeonNova.Safety.Bash;

/// <summary>Commands: lists, and-or lists, pipelines, compound commands, simple commands and redirections.</summary>
internal sealed partial class BashParser
{
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
}
