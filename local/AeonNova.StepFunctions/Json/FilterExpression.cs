using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Json;

/// <summary>
/// A JSONPath filter <c>[?(…)]</c>: comparisons (== != &lt; &lt;= &gt; &gt;=) between <c>@…</c>/<c>$…</c> paths and
/// literals, existence tests (<c>@.isbn</c>), <c>!</c>, <c>&amp;&amp;</c>, <c>||</c> and parentheses.
/// </summary>
internal abstract class FilterExpression
{
    public abstract bool Matches(JsonNode? item, JsonNode? root);

    public static FilterExpression Parse(string text)
    {
        var parser = new Parser(text);
        var expression = parser.ParseOr();
        parser.SkipSpaces();
        if (!parser.AtEnd) { throw new FormatException($"unexpected text in filter at '{text[parser.Position..]}'"); }
        return expression;
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public int Position => _pos;
        public bool AtEnd => _pos >= text.Length;

        public void SkipSpaces()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) { _pos++; }
        }

        private bool TryConsume(string token)
        {
            SkipSpaces();
            if (string.CompareOrdinal(text, _pos, token, 0, token.Length) == 0)
            {
                _pos += token.Length;
                return true;
            }
            return false;
        }

        public FilterExpression ParseOr()
        {
            var left = ParseAnd();
            while (TryConsume("||")) { left = new Logical(left, ParseAnd(), isAnd: false); }
            return left;
        }

        private FilterExpression ParseAnd()
        {
            var left = ParseUnary();
            while (TryConsume("&&")) { left = new Logical(left, ParseUnary(), isAnd: true); }
            return left;
        }

        private FilterExpression ParseUnary()
        {
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == '!' && (_pos + 1 >= text.Length || text[_pos + 1] != '='))
            {
                _pos++;
                return new Negation(ParseUnary());
            }
            if (_pos < text.Length && text[_pos] == '(')
            {
                _pos++;
                var inner = ParseOr();
                if (!TryConsume(")")) { throw new FormatException("missing ')' in filter"); }
                return inner;
            }
            var left = ParseOperand();
            SkipSpaces();
            foreach (var op in (string[])["==", "!=", "<=", ">=", "<", ">"])
            {
                if (TryConsume(op))
                {
                    return new Comparison(left, op, ParseOperand());
                }
            }
            return left is PathOperand path ? new Exists(path) : throw new FormatException("a filter literal needs a comparison");
        }

        private Operand ParseOperand()
        {
            SkipSpaces();
            if (AtEnd) { throw new FormatException("filter ends early"); }
            var c = text[_pos];
            if (c is '@' or '$')
            {
                var start = _pos;
                var depth = 0;
                while (_pos < text.Length)
                {
                    var ch = text[_pos];
                    if (ch == '[') { depth++; }
                    else if (ch == ']') { depth--; }
                    else if (depth == 0 && (char.IsWhiteSpace(ch) || ch is '=' or '!' or '<' or '>' or '&' or '|' or ')')) { break; }
                    _pos++;
                }
                var token = text[start.._pos];
                var relative = token[0] == '@';
                var pathText = relative ? "$" + token[1..] : token;
                if (!JsonPath.TryParse(pathText, out var path, out var error)) { throw new FormatException(error); }
                return new PathOperand(path!, relative);
            }
            if (c is '\'' or '"')
            {
                var quote = c;
                var start = ++_pos;
                while (_pos < text.Length && text[_pos] != quote) { _pos++; }
                if (AtEnd) { throw new FormatException("unterminated string in filter"); }
                var s = text[start.._pos];
                _pos++;
                return new Literal(JsonValue.Create(s));
            }
            var begin = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '.' or '-' or '+')) { _pos++; }
            var word = text[begin.._pos];
            return word switch
            {
                "true" => new Literal(JsonValue.Create(true)),
                "false" => new Literal(JsonValue.Create(false)),
                "null" => new Literal(null),
                _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new Literal(JsonValue.Create(d)),
                _ => throw new FormatException($"unexpected '{word}' in filter"),
            };
        }
    }

    private abstract class Operand : FilterExpression
    {
        public abstract bool TryGet(JsonNode? item, JsonNode? root, out JsonNode? value);

        public override bool Matches(JsonNode? item, JsonNode? root) => TryGet(item, root, out _);
    }

    private sealed class PathOperand(JsonPath path, bool relative) : Operand
    {
        public override bool TryGet(JsonNode? item, JsonNode? root, out JsonNode? value) =>
            path.TryEvaluate(relative ? item : root, out value);
    }

    private sealed class Literal(JsonNode? value) : Operand
    {
        public override bool TryGet(JsonNode? item, JsonNode? root, out JsonNode? result)
        {
            result = value;
            return true;
        }
    }

    private sealed class Exists(PathOperand path) : FilterExpression
    {
        public override bool Matches(JsonNode? item, JsonNode? root) => path.TryGet(item, root, out _);
    }

    private sealed class Negation(FilterExpression inner) : FilterExpression
    {
        public override bool Matches(JsonNode? item, JsonNode? root) => !inner.Matches(item, root);
    }

    private sealed class Logical(FilterExpression left, FilterExpression right, bool isAnd) : FilterExpression
    {
        public override bool Matches(JsonNode? item, JsonNode? root) =>
            isAnd ? left.Matches(item, root) && right.Matches(item, root) : left.Matches(item, root) || right.Matches(item, root);
    }

    private sealed class Comparison(Operand left, string op, Operand right) : FilterExpression
    {
        public override bool Matches(JsonNode? item, JsonNode? root)
        {
            if (!left.TryGet(item, root, out var a) || !right.TryGet(item, root, out var b)) { return false; }
            if (op == "==") { return JsonNodes.DeepEquals(a, b); }
            if (op == "!=") { return !JsonNodes.DeepEquals(a, b); }
            int cmp;
            if (JsonNodes.IsNumber(a, out var x) && JsonNodes.IsNumber(b, out var y)) { cmp = x.CompareTo(y); }
            else if (JsonNodes.Kind(a) == JsonValueKind.String && JsonNodes.Kind(b) == JsonValueKind.String)
            {
                cmp = string.CompareOrdinal(a!.GetValue<string>(), b!.GetValue<string>());
            }
            else { return false; }
            return op switch
            {
                "<" => cmp < 0,
                "<=" => cmp <= 0,
                ">" => cmp > 0,
                _ => cmp >= 0,
            };
        }
    }
}
