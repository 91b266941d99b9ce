using System.Text;
using System.Text.RegularExpressions;
using AeonNova.Safety.Analysis;

namespace AeonNova.Safety.Bash;

internal sealed partial class BashAnalyzer
{
    /// <summary>One expanded piece of a word: text, whether word splitting applies, and its origin.</summary>
    private readonly record struct Piece(string Text, bool Split, bool Dynamic, bool Decoded);

    /// <summary>All alternative argument vectors for a command's words (capped).</summary>
    private List<List<Arg>> ExpandWords(IEnumerable<Word> words)
    {
        var result = new List<List<Arg>> { new() };
        foreach (var word in words)
        {
            var alternatives = ExpandWord(word);
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
        var text = string.Concat(first.Select(p => p.Text));
        return new Arg(text, first.Any(p => p.Dynamic), first.Any(p => p.Decoded));
    }

    private List<string> ExpandAlternatives(Word word) =>
        PieceCombinations(word).Select(c => string.Concat(c.Select(p => p.Text))).Distinct(StringComparer.Ordinal).Take(MaxAlternatives).ToList();

    private List<List<Arg>> ExpandWord(Word word)
    {
        var result = new List<List<Arg>>();
        foreach (var combination in PieceCombinations(word))
        {
            var fields = new List<Arg>();
            var current = new StringBuilder();
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
                var tokens = piece.Text.Split([' ', '\t', '\n'], StringSplitOptions.None);
                for (var i = 0; i < tokens.Length; i++)
                {
                    if (i > 0 && (current.Length > 0 || started))
                    {
                        fields.Add(new Arg(current.ToString(), dynamic, decoded));
                        current.Clear();
                        dynamic = false;
                        decoded = false;
                        started = false;
                    }
                    if (tokens[i].Length > 0)
                    {
                        current.Append(tokens[i]);
                        dynamic |= piece.Dynamic;
                        decoded |= piece.Decoded;
                        started = true;
                    }
                }
            }
            if (current.Length > 0 || started)
            {
                fields.Add(new Arg(current.ToString(), dynamic, decoded));
            }
            result.Add(fields);
        }
        return result;
    }

    private List<List<Piece>> PieceCombinations(Word word)
    {
        var combos = new List<List<Piece>> { new() };
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
            var next = new List<List<Piece>>();
            foreach (var c in combos)
            {
                foreach (var o in options)
                {
                    if (next.Count >= MaxAlternatives)
                    {
                        break;
                    }
                    next.Add([.. c, o]);
                }
            }
            combos = next;
        }
        return combos;
    }

    private static Piece DynamicPiece(bool quoted) => new(Arg.Unknown.ToString(), !quoted, true, false);

    private List<Piece> ExpandPart(WordPart part)
    {
        switch (part)
        {
            case LiteralPart literal:
                return [new Piece(literal.Text, false, false, false)];
            case TildePart tilde:
                return [new Piece(tilde.User.Length == 0 ? "/root" : "/home/" + tilde.User, false, false, false)];
            case ArithmeticPart arithmetic:
                return [new Piece(Arg.Unknown.ToString(), false, true, false)];
            case CommandSubstitutionPart sub:
                var flow = _substitutions.GetValueOrDefault(sub) ?? Flow.Unknown;
                return flow.Kind switch
                {
                    FlowKind.Literal => [new Piece(flow.Text.TrimEnd('\n'), !sub.Quoted, flow.Text.Contains(Arg.Unknown, StringComparison.Ordinal), flow.Decoded)],
                    FlowKind.Paths => [new Piece(flow.Text, !sub.Quoted, false, false)],
                    _ => [new Piece(Arg.Unknown.ToString(), !sub.Quoted, true, flow.Decoded)],
                };
            case ProcessSubstitutionPart:
                return [new Piece($"/dev/fd/{63 - Math.Max(0, _processSubstitutions - 1)}", false, false, false)];
            case ParameterPart parameter:
                return ExpandParameter(parameter);
            default:
                return [DynamicPiece(part.Quoted)];
        }
    }

    private List<Piece> ExpandParameter(ParameterPart p)
    {
        if (p.Length || p.Indirect || p.Name is "@" or "*" or "#" or "?" or "$" or "!" or "-" || (p.Name.Length > 0 && char.IsAsciiDigit(p.Name[0])))
        {
            return [DynamicPiece(p.Quoted)];
        }
        var known = _vars.TryGetValue(p.Name, out var variable);
        var values = known ? variable!.Values : [Arg.Unknown.ToString()];
        var decoded = known && variable!.Decoded;
        List<Piece> Of(IEnumerable<string> texts, bool dec) =>
            texts.Select(t => new Piece(t, !p.Quoted, t.Contains(Arg.Unknown, StringComparison.Ordinal), dec)).ToList();
        List<Piece> ArgumentPieces()
        {
            if (p.Argument is null)
            {
                return [new Piece("", !p.Quoted, false, false)];
            }
            return ExpandAlternatives(p.Argument).Select(t => new Piece(t, !p.Quoted, t.Contains(Arg.Unknown, StringComparison.Ordinal), false)).ToList();
        }
        switch (p.Operator)
        {
            case null:
                return Of(values, decoded);
            case ":-" or "-":
                if (!known)
                {
                    return ArgumentPieces();
                }
                return p.Operator == ":-" && values.All(v => v.Length == 0) ? ArgumentPieces() : Of(values, decoded);
            case ":=" or "=":
                if (!known || values.All(v => v.Length == 0))
                {
                    var assigned = ArgumentPieces();
                    _vars[p.Name] = new Variable(assigned.Select(a => a.Text).ToList(), false);
                    return assigned;
                }
                return Of(values, decoded);
            case ":+" or "+":
                return known ? values.All(v => v.Length == 0) && p.Operator == ":+" ? [new Piece("", !p.Quoted, false, false)] : ArgumentPieces() : [DynamicPiece(p.Quoted)];
            case ":?" or "?":
                return Of(values, decoded);
            case "^^" or ",," or "^" or ",":
                return Of(values.Select(v => p.Operator.StartsWith('^') ? v.ToUpperInvariant() : v.ToLowerInvariant()), decoded);
            case "#" or "##" or "%" or "%%" or "/" or "//" or "/#" or "/%" when p.Argument is not null && known:
                var pattern = ExpandJoined(p.Argument);
                if (pattern.Dynamic)
                {
                    return [DynamicPiece(p.Quoted)];
                }
                return Of(values.Select(v => ApplyPattern(v, p.Operator, pattern.Text)), decoded);
            case ":" when p.Argument is not null && known:
                var spec = ExpandJoined(p.Argument).Text.Split(':');
                if (int.TryParse(spec[0].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var offset))
                {
                    return Of(values.Select(v =>
                    {
                        var start = Math.Clamp(offset < 0 ? v.Length + offset : offset, 0, v.Length);
                        var len = spec.Length > 1 && int.TryParse(spec[1].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 0, v.Length - start) : v.Length - start;
                        return v.Substring(start, len);
                    }), decoded);
                }
                return [DynamicPiece(p.Quoted)];
            default:
                return [DynamicPiece(p.Quoted)];
        }
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
            var re = new Regex(anchored, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return op == "//" ? re.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal)) : re.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal), 1);
        }
        var greedy = op is "##" or "%%";
        var body = GlobToRegex(pattern, greedy);
        var prefix = op.StartsWith('#');
        var match = Regex.Match(value, prefix ? "^(?:" + body + ")" : "(?:" + body + ")$", greedy || prefix ? RegexOptions.None : RegexOptions.RightToLeft, TimeSpan.FromMilliseconds(100));
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
