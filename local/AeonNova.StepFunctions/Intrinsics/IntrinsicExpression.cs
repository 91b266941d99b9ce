using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Runtime;

namespace AeonNova.StepFunctions.Intrinsics;

/// <summary>A compiled intrinsic function argument: a literal, a path, or a nested call.</summary>
internal abstract class IntrinsicArg
{
    public abstract JsonNode? Evaluate(in EvalScope scope);
}

internal sealed class LiteralArg(JsonNode? value, IReadOnlyList<string>? formatParts) : IntrinsicArg
{
    public JsonNode? Value { get; } = value;

    /// <summary>For string literals: the text split at unescaped <c>{}</c> (States.Format templates).</summary>
    public IReadOnlyList<string>? FormatParts { get; } = formatParts;

    public override JsonNode? Evaluate(in EvalScope scope) => Value;
}

internal sealed class PathArg(JsonPath path) : IntrinsicArg
{
    public JsonPath Path { get; } = path;

    public override JsonNode? Evaluate(in EvalScope scope) =>
        PathEvaluator.TryEvaluate(Path, scope, out var value)
            ? value
            : throw new StatesErrorException(StatesErrors.Runtime, $"The JsonPath argument '{Path.Text}' of an intrinsic function could not be found in the input");
}

/// <summary>A parsed <c>States.Name(args…)</c> invocation.</summary>
internal sealed class IntrinsicCall : IntrinsicArg
{
    private const int MaxNesting = 10;

    private IntrinsicCall(string name, IReadOnlyList<IntrinsicArg> args, string text)
    {
        Name = name;
        Args = args;
        Text = text;
    }

    public string Name { get; }
    public IReadOnlyList<IntrinsicArg> Args { get; }
    public string Text { get; }

    public override JsonNode? Evaluate(in EvalScope scope) => IntrinsicFunctions.Invoke(this, scope);

    public static bool LooksLikeIntrinsic(string value) => value.StartsWith("States.", StringComparison.Ordinal);

    public static bool TryParse(string text, out IntrinsicCall? call, out string? error)
    {
        call = null;
        error = null;
        try
        {
            var pos = 0;
            var depth = 0;
            call = ParseCall(text, ref pos, ref depth);
            SkipSpaces(text, ref pos);
            if (pos != text.Length) { throw new FormatException($"unexpected text after the call at offset {pos}"); }
            return true;
        }
        catch (FormatException ex)
        {
            error = $"invalid intrinsic function '{text}': {ex.Message}";
            return false;
        }
    }

    private static IntrinsicCall ParseCall(string text, ref int pos, ref int depth)
    {
        if (++depth > MaxNesting) { throw new FormatException($"more than {MaxNesting} nested intrinsic functions"); }
        var start = pos;
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '.')) { pos++; }
        var name = text[start..pos];
        if (!IntrinsicFunctions.Arity.TryGetValue(name, out var arity))
        {
            throw new FormatException($"unknown function '{name}'");
        }
        SkipSpaces(text, ref pos);
        if (pos >= text.Length || text[pos] != '(') { throw new FormatException($"'(' expected after {name}"); }
        pos++;
        var args = new List<IntrinsicArg>();
        SkipSpaces(text, ref pos);
        if (pos < text.Length && text[pos] == ')')
        {
            pos++;
        }
        else
        {
            while (true)
            {
                args.Add(ParseArg(text, ref pos, ref depth));
                SkipSpaces(text, ref pos);
                if (pos >= text.Length) { throw new FormatException("missing ')'"); }
                if (text[pos] == ',') { pos++; continue; }
                if (text[pos] == ')') { pos++; break; }
                throw new FormatException($"',' or ')' expected at offset {pos}");
            }
        }
        if (args.Count < arity.Min || args.Count > arity.Max)
        {
            var expected = arity.Min == arity.Max ? $"{arity.Min}" : arity.Max == int.MaxValue ? $"at least {arity.Min}" : $"{arity.Min} to {arity.Max}";
            throw new FormatException($"{name} takes {expected} argument(s), got {args.Count}");
        }
        depth--;
        return new IntrinsicCall(name, args, text[start..pos]);
    }

    private static IntrinsicArg ParseArg(string text, ref int pos, ref int depth)
    {
        SkipSpaces(text, ref pos);
        if (pos >= text.Length) { throw new FormatException("argument expected"); }
        var c = text[pos];
        if (c == '\'') { return ParseString(text, ref pos); }
        if (c == '$') { return ParsePath(text, ref pos); }
        if (string.CompareOrdinal(text, pos, "States.", 0, 7) == 0) { return ParseCall(text, ref pos, ref depth); }
        var start = pos;
        while (pos < text.Length && text[pos] != ',' && text[pos] != ')' && !char.IsWhiteSpace(text[pos])) { pos++; }
        var word = text[start..pos];
        return word switch
        {
            "true" => new LiteralArg(JsonValue.Create(true), null),
            "false" => new LiteralArg(JsonValue.Create(false), null),
            "null" => new LiteralArg(null, null),
            _ when long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => new LiteralArg(JsonValue.Create(l), null),
            _ when decimal.TryParse(word, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) => new LiteralArg(JsonValue.Create(d), null),
            _ => throw new FormatException($"'{word}' is not a valid argument (expected a 'string', number, boolean, null, path or intrinsic)"),
        };
    }

    private static LiteralArg ParseString(string text, ref int pos)
    {
        pos++; // opening quote
        var value = new StringBuilder();
        var part = new StringBuilder();
        var parts = new List<string>();
        while (true)
        {
            if (pos >= text.Length) { throw new FormatException("unterminated string literal"); }
            var c = text[pos];
            if (c == '\'') { pos++; break; }
            if (c == '\\')
            {
                if (pos + 1 >= text.Length || text[pos + 1] is not ('\'' or '{' or '}' or '\\'))
                {
                    throw new FormatException($"open escape '\\' at offset {pos} (only \\', \\{{, \\}} and \\\\ are allowed)");
                }
                value.Append(text[pos + 1]);
                part.Append(text[pos + 1]);
                pos += 2;
                continue;
            }
            if (c == '{' && pos + 1 < text.Length && text[pos + 1] == '}')
            {
                value.Append("{}");
                parts.Add(part.ToString());
                part.Clear();
                pos += 2;
                continue;
            }
            // A lone '{' or '}' is an ordinary character: AWS runs States.Format('{"a": {}}', …) (issue #22); only the
            // pair '{}' is a placeholder, and '\{' '\}' keep a brace out of one.
            value.Append(c);
            part.Append(c);
            pos++;
        }
        parts.Add(part.ToString());
        return new LiteralArg(JsonValue.Create(value.ToString()), parts);
    }

    private static PathArg ParsePath(string text, ref int pos)
    {
        var start = pos;
        var brackets = 0;
        var parens = 0;
        char? quote = null;
        while (pos < text.Length)
        {
            var c = text[pos];
            if (quote is not null)
            {
                if (c == quote) { quote = null; }
            }
            else if (c is '\'' or '"' && brackets > 0) { quote = c; }
            else if (c == '[') { brackets++; }
            else if (c == ']') { brackets--; }
            else if (c == '(') { parens++; }
            else if (c == ')' && parens > 0) { parens--; }
            else if ((c == ',' || c == ')') && brackets == 0) { break; }
            else if (char.IsWhiteSpace(c) && brackets == 0) { break; }
            pos++;
        }
        var pathText = text[start..pos];
        if (!JsonPath.TryParse(pathText, out var path, out var error)) { throw new FormatException(error); }
        return new PathArg(path!);
    }

    private static void SkipSpaces(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) { pos++; }
    }
}
