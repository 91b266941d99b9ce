using System.Text;
using System.Text.RegularExpressions;
using AeonNova.Safety.Analysis;

namespace AeonNova.Safety.Bash;

internal sealed partial class BashAnalyzer
{
    private static readonly string UnknownText = Arg.Unknown.ToString();
    private static readonly string DownloadedText = string.Concat(UnknownText, Arg.Downloaded.ToString());
    private static readonly string[] UnknownValues = [UnknownText];

    /// <summary>Scratch buffer for building fields in <see cref="AppendFields"/> (which calls nothing that could use it).</summary>
    private readonly StringBuilder _fieldText = new(256);

    /// <summary>Recycled piece lists for <see cref="PieceCombinations"/> (expansion re-enters itself, so a pool, not one buffer).</summary>
    private readonly Stack<List<Piece>> _sparePieces = new();
    private readonly Stack<List<List<Piece>>> _spareCombinations = new();

    /// <summary>One expanded piece of a word: text, whether word splitting applies, and its origin.</summary>
    private readonly record struct Piece(string Text, bool Split, bool Dynamic, bool Decoded);

    /// <summary>
    /// The expansions of one word part: nearly always exactly one piece, kept inline so the common case
    /// allocates no list.
    /// </summary>
    private readonly struct PieceOptions
    {
        private readonly Piece _single;
        private readonly List<Piece>? _many;

        private PieceOptions(Piece single, List<Piece>? many)
        {
            _single = single;
            _many = many;
        }

        public int Count => _many?.Count ?? 1;

        public Piece this[int index] => _many is null ? _single : _many[index];

        public static implicit operator PieceOptions(Piece single) => new(single, null);

        public static implicit operator PieceOptions(List<Piece> many) => new(default, many);
    }

    /// <summary>All alternative argument vectors for a command's words (capped).</summary>
    private List<List<Arg>> ExpandWords(List<Word> words)
    {
        var result = new List<List<Arg>>(1) { new(words.Count) };
        foreach (var word in words)
        {
            var combinations = PieceCombinations(word);
            if (combinations.Count == 1)
            {
                // One way to expand this word: extend every vector in place instead of copying it.
                if (result.Count == 1)
                {
                    AppendFields(combinations[0], result[0]);
                }
                else
                {
                    var fields = new List<Arg>();
                    AppendFields(combinations[0], fields);
                    foreach (var prefix in result)
                    {
                        prefix.AddRange(fields);
                    }
                }
                Release(combinations);
                continue;
            }
            var alternatives = new List<List<Arg>>(combinations.Count);
            foreach (var combination in combinations)
            {
                var fields = new List<Arg>();
                AppendFields(combination, fields);
                alternatives.Add(fields);
            }
            Release(combinations);
            var next = new List<List<Arg>>();
            foreach (var prefix in result)
            {
                foreach (var fields in alternatives)
                {
                    if (next.Count >= MaxAlternatives)
                    {
                        break;
                    }
                    next.Add([.. prefix, .. fields]);
                }
            }
            result = next;
        }
        return result;
    }

    /// <summary>The word as one string (no splitting), first alternative; used for redirection targets and heredocs.</summary>
    private Arg ExpandJoined(Word word)
    {
        var combos = PieceCombinations(word);
        var first = combos[0];
        Arg joined;
        if (first.Count == 1)
        {
            joined = new Arg(first[0].Text, first[0].Dynamic, first[0].Decoded);
        }
        else
        {
            var text = new StringBuilder();
            var dynamic = false;
            var decoded = false;
            foreach (var piece in first)
            {
                text.Append(piece.Text);
                dynamic |= piece.Dynamic;
                decoded |= piece.Decoded;
            }
            joined = new Arg(text.ToString(), dynamic, decoded);
        }
        Release(combos);
        return joined;
    }

    private List<string> ExpandAlternatives(Word word)
    {
        var combos = PieceCombinations(word);
        // One combination is one alternative (nothing to de-duplicate or cap).
        List<string> alternatives = combos.Count == 1
            ? [Concat(combos[0])]
            : combos.Select(Concat).Distinct(StringComparer.Ordinal).Take(MaxAlternatives).ToList();
        Release(combos);
        return alternatives;
    }

    private static string Concat(List<Piece> pieces)
    {
        if (pieces.Count == 1)
        {
            return pieces[0].Text;
        }
        var sb = new StringBuilder();
        foreach (var piece in pieces)
        {
            sb.Append(piece.Text);
        }
        return sb.ToString();
    }

    /// <summary>Appends the fields one combination of pieces makes after word splitting.</summary>
    private void AppendFields(List<Piece> combination, List<Arg> fields)
    {
        if (combination.Count == 1 && !combination[0].Split)
        {
            // A single unsplit piece is exactly one field.
            var only = combination[0];
            fields.Add(new Arg(only.Text, only.Dynamic, only.Decoded));
            return;
        }
        var current = _fieldText.Clear();
        var dynamic = false;
        var decoded = false;
        var started = false;
        foreach (var piece in combination)
        {
            if (!piece.Split)
            {
                current.Append(piece.Text);
                dynamic |= piece.Dynamic;
                decoded |= piece.Decoded;
                started = true;
                continue;
            }
            // Word splitting on IFS whitespace: every separator ends the current field (if any).
            var text = piece.Text;
            var tokenStart = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] is not (' ' or '\t' or '\n'))
                {
                    continue;
                }
                if (tokenStart > 0 && (current.Length > 0 || started))
                {
                    fields.Add(new Arg(current.ToString(), dynamic, decoded));
                    current.Clear();
                    dynamic = false;
                    decoded = false;
                    started = false;
                }
                if (i > tokenStart)
                {
                    current.Append(text, tokenStart, i - tokenStart);
                    dynamic |= piece.Dynamic;
                    decoded |= piece.Decoded;
                    started = true;
                }
                tokenStart = i + 1;
            }
        }
        if (current.Length > 0 || started)
        {
            fields.Add(new Arg(current.ToString(), dynamic, decoded));
        }
    }

    /// <summary>
    /// Every combination of the word's part expansions (capped). The lists come from a per-analyser pool:
    /// callers copy what they need and hand them back with <see cref="Release"/>.
    /// </summary>
    private List<List<Piece>> PieceCombinations(Word word)
    {
        var combos = RentCombinations();
        combos.Add(RentPieces());
        foreach (var part in word.Parts)
        {
            var options = ExpandPart(part);
            if (options.Count == 1)
            {
                foreach (var c in combos)
                {
                    c.Add(options[0]);
                }
                continue;
            }
            var next = RentCombinations();
            foreach (var c in combos)
            {
                for (var o = 0; o < options.Count; o++)
                {
                    if (next.Count >= MaxAlternatives)
                    {
                        break;
                    }
                    var extended = RentPieces();
                    extended.AddRange(c);
                    extended.Add(options[o]);
                    next.Add(extended);
                }
            }
            Release(combos);
            combos = next;
        }
        return combos;
    }

    private List<List<Piece>> RentCombinations() => _spareCombinations.Count > 0 ? _spareCombinations.Pop() : [];

    private List<Piece> RentPieces() => _sparePieces.Count > 0 ? _sparePieces.Pop() : [];

    private void Release(List<List<Piece>> combinations)
    {
        foreach (var pieces in combinations)
        {
            pieces.Clear();
            _sparePieces.Push(pieces);
        }
        combinations.Clear();
        _spareCombinations.Push(combinations);
    }

    private static Piece DynamicPiece(bool quoted) => new(UnknownText, !quoted, true, false);

    private PieceOptions ExpandPart(WordPart part)
    {
        switch (part)
        {
            case LiteralPart literal:
                return new Piece(literal.Text, false, false, false);
            case TildePart tilde:
                return new Piece(tilde.User.Length == 0 ? "/root" : "/home/" + tilde.User, false, false, false);
            case ArithmeticPart:
                return new Piece(UnknownText, false, true, false);
            case CommandSubstitutionPart sub:
                var flow = _substitutions.GetValueOrDefault(sub) ?? Flow.Unknown;
                return flow.Kind switch
                {
                    FlowKind.Literal => new Piece(flow.Text.TrimEnd('\n'), !sub.Quoted, flow.Text.Contains(Arg.Unknown, StringComparison.Ordinal), flow.Decoded),
                    FlowKind.Paths => new Piece(flow.Text, !sub.Quoted, false, false),
                    FlowKind.Download => new Piece(DownloadedText, !sub.Quoted, true, false),
                    _ => new Piece(UnknownText, !sub.Quoted, true, flow.Decoded),
                };
            case ProcessSubstitutionPart:
                return new Piece($"/dev/fd/{63 - Math.Max(0, _processSubstitutions - 1)}", false, false, false);
            case ParameterPart parameter:
                return ExpandParameter(parameter);
            default:
                return DynamicPiece(part.Quoted);
        }
    }

    private PieceOptions ExpandParameter(ParameterPart p)
    {
        if (p.Length || p.Indirect || p.Name is "@" or "*" or "#" or "?" or "$" or "!" or "-" || (p.Name.Length > 0 && char.IsAsciiDigit(p.Name[0])))
        {
            return DynamicPiece(p.Quoted);
        }
        var known = _vars.TryGetValue(p.Name, out var variable);
        IReadOnlyList<string> values = known ? variable!.Values : UnknownValues;
        var decoded = known && variable!.Decoded;
        // No lambdas here: they would put a closure on the heap for every $name expanded.
        switch (p.Operator)
        {
            case null:
                return PiecesOf(values, p.Quoted, decoded);
            case ":-" or "-":
                if (!known)
                {
                    return ArgumentPieces(p);
                }
                return p.Operator == ":-" && AllEmpty(values) ? ArgumentPieces(p) : PiecesOf(values, p.Quoted, decoded);
            case ":=" or "=":
                if (!known || AllEmpty(values))
                {
                    var assigned = ArgumentPieces(p);
                    _vars[p.Name] = new Variable(assigned.Select(a => a.Text).ToList(), false);
                    return assigned;
                }
                return PiecesOf(values, p.Quoted, decoded);
            case ":+" or "+":
                return known ? AllEmpty(values) && p.Operator == ":+" ? new Piece("", !p.Quoted, false, false) : ArgumentPieces(p) : DynamicPiece(p.Quoted);
            case ":?" or "?":
                return PiecesOf(values, p.Quoted, decoded);
            case "^^" or ",," or "^" or ",":
                return PiecesOf(ChangeCase(values, p.Operator.StartsWith('^')), p.Quoted, decoded);
            case "#" or "##" or "%" or "%%" or "/" or "//" or "/#" or "/%" when p.Argument is not null && known:
                return ExpandPattern(p, p.Argument, values, decoded);
            case ":" when p.Argument is not null && known:
                return ExpandSubstring(p, p.Argument, values, decoded);
            default:
                return DynamicPiece(p.Quoted);
        }
    }

    private static bool AllEmpty(IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Length != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static PieceOptions PiecesOf(IReadOnlyList<string> texts, bool quoted, bool decoded)
    {
        if (texts.Count == 1)
        {
            return new Piece(texts[0], !quoted, texts[0].Contains(Arg.Unknown, StringComparison.Ordinal), decoded);
        }
        var pieces = new List<Piece>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            pieces.Add(new Piece(texts[i], !quoted, texts[i].Contains(Arg.Unknown, StringComparison.Ordinal), decoded));
        }
        return pieces;
    }

    private List<Piece> ArgumentPieces(ParameterPart p)
    {
        if (p.Argument is null)
        {
            return [new Piece("", !p.Quoted, false, false)];
        }
        var alternatives = ExpandAlternatives(p.Argument);
        var pieces = new List<Piece>(alternatives.Count);
        foreach (var t in alternatives)
        {
            pieces.Add(new Piece(t, !p.Quoted, t.Contains(Arg.Unknown, StringComparison.Ordinal), false));
        }
        return pieces;
    }

    private static List<string> ChangeCase(IReadOnlyList<string> values, bool upper) =>
        values.Select(v => upper ? v.ToUpperInvariant() : v.ToLowerInvariant()).ToList();

    private PieceOptions ExpandPattern(ParameterPart p, Word argument, IReadOnlyList<string> values, bool decoded)
    {
        var pattern = ExpandJoined(argument);
        if (pattern.Dynamic)
        {
            return DynamicPiece(p.Quoted);
        }
        return PiecesOf(values.Select(v => ApplyPattern(v, p.Operator!, pattern.Text)).ToList(), p.Quoted, decoded);
    }

    private PieceOptions ExpandSubstring(ParameterPart p, Word argument, IReadOnlyList<string> values, bool decoded)
    {
        var spec = ExpandJoined(argument).Text.Split(':');
        if (int.TryParse(spec[0].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var offset))
        {
            return PiecesOf(values.Select(v =>
            {
                var start = Math.Clamp(offset < 0 ? v.Length + offset : offset, 0, v.Length);
                var len = spec.Length > 1 && int.TryParse(spec[1].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 0, v.Length - start) : v.Length - start;
                return v.Substring(start, len);
            }).ToList(), p.Quoted, decoded);
        }
        return DynamicPiece(p.Quoted);
    }

    private static string ApplyPattern(string value, string op, string pattern)
    {
        if (value.Contains(Arg.Unknown, StringComparison.Ordinal))
        {
            return value;
        }
        if (op.StartsWith('/'))
        {
            var slash = pattern.IndexOf('/', StringComparison.Ordinal);
            var find = slash < 0 ? pattern : pattern[..slash];
            var replacement = slash < 0 ? "" : pattern[(slash + 1)..];
            if (find.Length == 0)
            {
                return value;
            }
            var regex = GlobToRegex(find, greedy: true);
            var anchored = op switch { "/#" => "^(?:" + regex + ")", "/%" => "(?:" + regex + ")$", _ => regex };
            var re = new Regex(anchored, RegexOptions.None, TimeSpan.FromSeconds(1));
            return op == "//" ? re.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal)) : re.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal), 1);
        }
        var greedy = op is "##" or "%%";
        var body = GlobToRegex(pattern, greedy);
        var prefix = op.StartsWith('#');
        var match = Regex.Match(value, prefix ? "^(?:" + body + ")" : "(?:" + body + ")$", greedy || prefix ? RegexOptions.None : RegexOptions.RightToLeft, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return value;
        }
        return prefix ? value[match.Length..] : value[..match.Index];
    }

    private static string GlobToRegex(string glob, bool greedy)
    {
        var sb = new StringBuilder();
        foreach (var c in glob)
        {
            sb.Append(c switch
            {
                '*' => greedy ? ".*" : ".*?",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        return sb.ToString();
    }
}
