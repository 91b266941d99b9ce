using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Json;

/// <summary>
/// A compiled JSONPath as Step Functions accepts it: <c>$</c> (state input) or <c>$$</c> (context object), dot and
/// bracket member access, array indexes (negative from the end), wildcards, unions, slices, recursive descent and
/// filters. A definite path (members and indexes only) selects one node; any other path returns an array of matches.
/// </summary>
internal sealed class JsonPath
{
    private readonly PathSegment[] _segments;

    private JsonPath(string text, bool isContext, PathSegment[] segments, string? variableName = null)
    {
        Text = text;
        VariableName = variableName;
        IsContext = isContext;
        _segments = segments;
        IsDefinite = segments.All(s => s is MemberSegment or IndexSegment);
    }

    public string Text { get; }

    /// <summary>For <c>$name…</c>: the workflow variable the path starts from
    /// (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html, "Variables in JSONPath").</summary>
    public string? VariableName { get; }

    /// <summary>Starts with <c>$$</c>.</summary>
    public bool IsContext { get; }

    /// <summary>Only member names and indexes: a Reference Path.</summary>
    public bool IsDefinite { get; }

    /// <summary>Member names and indexes only (used by ResultPath).</summary>
    internal IReadOnlyList<PathSegment> Segments => _segments;

    /// <summary>The first member name after <c>$$</c> (Execution, State, StateMachine, Task, Map), if any.</summary>
    public string? ContextRoot => IsContext && _segments.Length > 0 && _segments[0] is MemberSegment m ? m.Name : null;

    public static bool TryParse(string text, out JsonPath? path, out string? error)
    {
        path = null;
        error = null;
        if (string.IsNullOrEmpty(text) || text[0] != '$')
        {
            error = $"'{text}' is not a JSONPath: it must start with '$'";
            return false;
        }
        var isContext = text.Length > 1 && text[1] == '$';
        var pos = isContext ? 2 : 1;
        string? variable = null;
        if (text.Length > 1 && (char.IsAsciiLetter(text[1]) || text[1] == '_'))
        {
            while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_')) { pos++; }
            variable = text[1..pos];
        }
        var segments = new List<PathSegment>();
        try
        {
            while (pos < text.Length)
            {
                segments.Add(ParseSegment(text, ref pos));
            }
        }
        catch (FormatException ex)
        {
            error = $"'{text}' is not a valid JSONPath: {ex.Message}";
            return false;
        }
        path = new JsonPath(text, isContext, [.. segments], variable);
        return true;
    }

    /// <summary>Evaluates against <paramref name="root"/>. False when a definite path selects nothing.</summary>
    public bool TryEvaluate(JsonNode? root, out JsonNode? result) => TryEvaluate(root, 0, out result);

    /// <summary>Evaluates starting at segment <paramref name="start"/> (context paths skip their first member).</summary>
    public bool TryEvaluate(JsonNode? root, int start, out JsonNode? result)
    {
        if (IsDefinite)
        {
            var current = root;
            for (var i = start; i < _segments.Length; i++)
            {
                if (!_segments[i].TrySelectOne(current, out current))
                {
                    result = null;
                    return false;
                }
            }
            result = current;
            return true;
        }
        var matches = new List<JsonNode?> { root };
        for (var i = start; i < _segments.Length; i++)
        {
            var next = new List<JsonNode?>();
            foreach (var node in matches)
            {
                _segments[i].SelectAll(node, root, next);
            }
            matches = next;
        }
        var array = new JsonArray();
        foreach (var match in matches)
        {
            array.Add(JsonNodes.Copy(match));
        }
        result = array;
        return true;
    }

    public override string ToString() => Text;

    private static PathSegment ParseSegment(string text, ref int pos)
    {
        var c = text[pos];
        if (c == '.')
        {
            if (pos + 1 < text.Length && text[pos + 1] == '.')
            {
                pos += 2;
                if (pos >= text.Length) { throw new FormatException("'..' must be followed by a name, '*' or '['"); }
                var inner = text[pos] == '[' ? ParseBracket(text, ref pos) : ParseDotName(text, ref pos);
                return new RecursiveSegment(inner);
            }
            pos++;
            if (pos >= text.Length) { throw new FormatException("a '.' must be followed by a name"); }
            return ParseDotName(text, ref pos);
        }
        if (c == '[')
        {
            return ParseBracket(text, ref pos);
        }
        throw new FormatException($"unexpected '{c}' at offset {pos}");
    }

    private static PathSegment ParseDotName(string text, ref int pos)
    {
        if (text[pos] == '*')
        {
            pos++;
            return WildcardSegment.Instance;
        }
        var start = pos;
        while (pos < text.Length && text[pos] != '.' && text[pos] != '[')
        {
            if (char.IsWhiteSpace(text[pos]) || text[pos] is ']' or '\'' or '"' or '(' or ')' or ',')
            {
                throw new FormatException($"unexpected '{text[pos]}' in a member name at offset {pos}");
            }
            pos++;
        }
        if (pos == start) { throw new FormatException($"empty member name at offset {pos}"); }
        return new MemberSegment(text[start..pos]);
    }

    private static PathSegment ParseBracket(string text, ref int pos)
    {
        pos++; // [
        SkipSpaces(text, ref pos);
        if (pos >= text.Length) { throw new FormatException("unterminated '['"); }
        PathSegment segment;
        if (text[pos] == '*')
        {
            pos++;
            segment = WildcardSegment.Instance;
        }
        else if (text[pos] == '?')
        {
            pos++;
            SkipSpaces(text, ref pos);
            if (pos >= text.Length || text[pos] != '(') { throw new FormatException("a filter must look like [?(…)]"); }
            var close = FindClosingParen(text, pos);
            var expression = text[(pos + 1)..close];
            pos = close + 1;
            segment = new FilterSegment(FilterExpression.Parse(expression));
        }
        else if (text[pos] is '\'' or '"')
        {
            var names = new List<string>();
            while (true)
            {
                names.Add(ReadQuoted(text, ref pos));
                SkipSpaces(text, ref pos);
                if (pos < text.Length && text[pos] == ',')
                {
                    pos++;
                    SkipSpaces(text, ref pos);
                    continue;
                }
                break;
            }
            segment = names.Count == 1 ? new MemberSegment(names[0]) : new UnionSegment(names, []);
        }
        else
        {
            var start = pos;
            while (pos < text.Length && text[pos] != ']') { pos++; }
            var body = text[start..pos].Trim();
            segment = ParseIndexExpression(body);
        }
        SkipSpaces(text, ref pos);
        if (pos >= text.Length || text[pos] != ']') { throw new FormatException("missing ']'"); }
        pos++;
        return segment;
    }

    private static PathSegment ParseIndexExpression(string body)
    {
        if (body.Contains(':', StringComparison.Ordinal))
        {
            var parts = body.Split(':');
            if (parts.Length > 3) { throw new FormatException($"bad slice '[{body}]'"); }
            return new SliceSegment(ParseOptionalInt(parts[0]), parts.Length > 1 ? ParseOptionalInt(parts[1]) : null, parts.Length > 2 ? ParseOptionalInt(parts[2]) : null);
        }
        if (body.Contains(',', StringComparison.Ordinal))
        {
            return new UnionSegment([], [.. body.Split(',').Select(p => ParseInt(p.Trim()))]);
        }
        return new IndexSegment(ParseInt(body));
    }

    private static int? ParseOptionalInt(string s) => string.IsNullOrWhiteSpace(s) ? null : ParseInt(s.Trim());

    private static int ParseInt(string s) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{s}' is not an array index");

    /// <summary>
    /// A quoted name in brackets, read as Step Functions' JsonPath (Jayway, which the AWS "Paths" page points to) reads
    /// it: a backslash keeps the next character from ending the name, then the name is unescaped Java-style —
    /// \n \t \r \f \b are control characters, \uXXXX a UTF-16 unit, any other escaped character stands for itself.
    /// </summary>
    private static string ReadQuoted(string text, ref int pos)
    {
        var quote = text[pos++];
        var sb = new StringBuilder();
        while (pos < text.Length && text[pos] != quote)
        {
            if (text[pos] != '\\' || pos + 1 >= text.Length)
            {
                sb.Append(text[pos++]);
                continue;
            }
            var escaped = text[pos + 1];
            pos += 2;
            switch (escaped)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'f': sb.Append('\f'); break;
                case 'b': sb.Append('\b'); break;
                case 'u':
                    if (pos + 4 > text.Length || !ushort.TryParse(text.AsSpan(pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
                    {
                        throw new FormatException($"bad \\u escape in a quoted name at offset {pos - 2}");
                    }
                    sb.Append((char)unit);
                    pos += 4;
                    break;
                default: sb.Append(escaped); break;
            }
        }
        if (pos >= text.Length) { throw new FormatException("unterminated quoted name"); }
        pos++;
        return sb.ToString();
    }

    internal static int FindClosingParen(string text, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\') { i++; }
                else if (c == quote) { quote = null; }
                continue;
            }
            if (c is '\'' or '"') { quote = c; }
            else if (c == '(') { depth++; }
            else if (c == ')' && --depth == 0) { return i; }
        }
        throw new FormatException("unbalanced parentheses");
    }

    private static void SkipSpaces(string text, ref int pos)
    {
        while (pos < text.Length && text[pos] == ' ') { pos++; }
    }
}

/// <summary>One step of a JSONPath.</summary>
internal abstract class PathSegment
{
    /// <summary>Definite selection: one node or nothing.</summary>
    public virtual bool TrySelectOne(JsonNode? node, out JsonNode? result)
    {
        result = null;
        return false;
    }

    public abstract void SelectAll(JsonNode? node, JsonNode? root, List<JsonNode?> output);
}

internal sealed class MemberSegment(string name) : PathSegment
{
    public string Name { get; } = name;

    public override bool TrySelectOne(JsonNode? node, out JsonNode? result)
    {
        if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out result)) { return true; }
        result = null;
        return false;
    }

    public override void SelectAll(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (TrySelectOne(node, out var value)) { output.Add(value); }
    }
}

internal sealed class IndexSegment(int index) : PathSegment
{
    public int Index { get; } = index;

    public override bool TrySelectOne(JsonNode? node, out JsonNode? result)
    {
        if (node is JsonArray array)
        {
            var i = Index < 0 ? array.Count + Index : Index;
            if (i >= 0 && i < array.Count)
            {
                result = array[i];
                return true;
            }
        }
        result = null;
        return false;
    }

    public override void SelectAll(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (TrySelectOne(node, out var value)) { output.Add(value); }
    }
}

internal sealed class WildcardSegment : PathSegment
{
    public static readonly WildcardSegment Instance = new();

    public override void SelectAll(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj) { output.Add(value); }
                break;
            case JsonArray array:
                foreach (var item in array) { output.Add(item); }
                break;
        }
    }
}

internal sealed class UnionSegment(IReadOnlyList<string> names, IReadOnlyList<int> indexes) : PathSegment
{
    public override void SelectAll(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in names)
            {
                if (obj.TryGetPropertyValue(name, out var value)) { output.Add(value); }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var index in indexes)
            {
                var i = index < 0 ? array.Count + index : index;
                if (i >= 0 && i < array.Count) { output.Add(array[i]); }
            }
        }
    }
}

internal sealed class SliceSegment(int? start, int? end, int? step) : PathSegment
{
    public override void SelectAll(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is not JsonArray array) { return; }
        var n = array.Count;
        var s = step ?? 1;
        if (s == 0) { return; }
        int Norm(int v) => v < 0 ? Math.Max(0, n + v) : Math.Min(v, n);
        if (s > 0)
        {
            for (var i = Norm(start ?? 0); i < Norm(end ?? n); i += s) { output.Add(array[i]); }
        }
        else
        {
            var from = start is null ? n - 1 : Math.Min(Norm(start.Value), n - 1);
            var to = end is null ? -1 : Norm(end.Value);
            for (var i = from; i > to; i += s) { output.Add(array[i]); }
        }
    }
}

internal sealed class RecursiveSegment(PathSegment inner) : PathSegment
{
    public override void SelectAll(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        inner.SelectAll(node, root, output);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj) { SelectAll(value, root, output); }
                break;
            case JsonArray array:
                foreach (var item in array) { SelectAll(item, root, output); }
                break;
        }
    }
}

internal sealed class FilterSegment(FilterExpression filter) : PathSegment
{
    public override void SelectAll(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    if (filter.Matches(item, root)) { output.Add(item); }
                }
                break;
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    if (filter.Matches(value, root)) { output.Add(value); }
                }
                break;
        }
    }
}
