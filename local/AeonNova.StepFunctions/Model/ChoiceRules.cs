using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Runtime;

namespace AeonNova.StepFunctions.Model;

/// <summary>A compiled Choice rule (a comparison or And/Or/Not).</summary>
internal abstract class ChoiceRule
{
    public abstract bool Evaluate(in EvalScope scope, string stateName);
}

internal sealed class AndRule(IReadOnlyList<ChoiceRule> rules) : ChoiceRule
{
    public override bool Evaluate(in EvalScope scope, string stateName)
    {
        foreach (var rule in rules)
        {
            if (!rule.Evaluate(scope, stateName)) { return false; }
        }
        return true;
    }
}

internal sealed class OrRule(IReadOnlyList<ChoiceRule> rules) : ChoiceRule
{
    public override bool Evaluate(in EvalScope scope, string stateName)
    {
        foreach (var rule in rules)
        {
            if (rule.Evaluate(scope, stateName)) { return true; }
        }
        return false;
    }
}

internal sealed class NotRule(ChoiceRule rule) : ChoiceRule
{
    public override bool Evaluate(in EvalScope scope, string stateName) => !rule.Evaluate(scope, stateName);
}

internal enum ComparisonKind { String, Numeric, Boolean, Timestamp, StringMatches, IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp }

internal enum ComparisonOp { Equals, LessThan, GreaterThan, LessThanEquals, GreaterThanEquals }

/// <summary>One comparison: Variable, an operator, and a literal or (for *Path operators) another path.</summary>
internal sealed class ComparisonRule : ChoiceRule
{
    public required JsonPath Variable { get; init; }
    public required ComparisonKind Kind { get; init; }
    public ComparisonOp Op { get; init; }
    public JsonNode? Literal { get; init; }
    public JsonPath? OtherPath { get; init; }
    public WildcardPattern? Pattern { get; init; }
    public required string OperatorName { get; init; }

    public override bool Evaluate(in EvalScope scope, string stateName)
    {
        var present = PathEvaluator.TryEvaluate(Variable, scope, out var value);
        if (Kind == ComparisonKind.IsPresent)
        {
            return present == IsTrue(Literal);
        }
        if (!present)
        {
            throw new StatesErrorException(StatesErrors.Runtime,
                $"An error occurred while executing the state '{stateName}'. Invalid path '{Variable.Text}': The choice state's condition path references an invalid value.");
        }
        switch (Kind)
        {
            case ComparisonKind.IsNull: return (value is null) == IsTrue(Literal);
            case ComparisonKind.IsNumeric: return JsonNodes.IsNumber(value, out _) == IsTrue(Literal);
            case ComparisonKind.IsString: return JsonNodes.IsString(value, out _) == IsTrue(Literal);
            case ComparisonKind.IsBoolean: return JsonNodes.IsBoolean(value, out _) == IsTrue(Literal);
            case ComparisonKind.IsTimestamp: return (JsonNodes.IsString(value, out var ts) && TryParseTimestamp(ts, out _)) == IsTrue(Literal);
            case ComparisonKind.StringMatches: return JsonNodes.IsString(value, out var s) && Pattern!.IsMatch(s);
        }
        var other = Literal;
        if (OtherPath is not null && !PathEvaluator.TryEvaluate(OtherPath, scope, out other))
        {
            throw new StatesErrorException(StatesErrors.Runtime,
                $"An error occurred while executing the state '{stateName}'. Invalid path '{OtherPath.Text}': The choice state's condition path references an invalid value.");
        }
        int cmp;
        switch (Kind)
        {
            case ComparisonKind.String:
                if (!JsonNodes.IsString(value, out var a) || !JsonNodes.IsString(other, out var b)) { return false; }
                cmp = string.CompareOrdinal(a, b);
                break;
            case ComparisonKind.Numeric:
                if (!JsonNodes.IsNumber(value, out var x) || !JsonNodes.IsNumber(other, out var y)) { return false; }
                cmp = x.CompareTo(y);
                break;
            case ComparisonKind.Boolean:
                if (!JsonNodes.IsBoolean(value, out var p) || !JsonNodes.IsBoolean(other, out var q)) { return false; }
                return p == q;
            default: // Timestamp
                if (!JsonNodes.IsString(value, out var t1) || !JsonNodes.IsString(other, out var t2)
                    || !TryParseTimestamp(t1, out var d1) || !TryParseTimestamp(t2, out var d2)) { return false; }
                cmp = d1.CompareTo(d2);
                break;
        }
        return Op switch
        {
            ComparisonOp.Equals => cmp == 0,
            ComparisonOp.LessThan => cmp < 0,
            ComparisonOp.GreaterThan => cmp > 0,
            ComparisonOp.LessThanEquals => cmp <= 0,
            _ => cmp >= 0,
        };
    }

    private static bool IsTrue(JsonNode? node) => JsonNodes.IsBoolean(node, out var b) && b;

    /// <summary>RFC 3339 timestamps as Step Functions accepts them: an uppercase T and a Z or numeric offset.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text[10] != 'T') { return false; }
        var last = text[^1];
        if (last != 'Z' && !(text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':')) { return false; }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}

/// <summary>StringMatches: <c>*</c> matches any run of characters; <c>\*</c> is a literal star and <c>\\</c> a backslash.</summary>
internal sealed class WildcardPattern
{
    private readonly List<string> _parts;

    private WildcardPattern(List<string> parts) => _parts = parts;

    public static WildcardPattern Parse(string pattern)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '*' or '\\')
            {
                current.Append(pattern[++i]);
                continue;
            }
            if (c == '*')
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return new WildcardPattern(parts);
    }

    public bool IsMatch(string text)
    {
        if (_parts.Count == 1) { return text == _parts[0]; }
        var first = _parts[0];
        var lastPart = _parts[^1];
        if (!text.StartsWith(first, StringComparison.Ordinal)) { return false; }
        if (!text.EndsWith(lastPart, StringComparison.Ordinal) || text.Length < first.Length + lastPart.Length) { return false; }
        var pos = first.Length;
        var end = text.Length - lastPart.Length;
        for (var i = 1; i < _parts.Count - 1; i++)
        {
            var found = text.IndexOf(_parts[i], pos, end - pos, StringComparison.Ordinal);
            if (found < 0) { return false; }
            pos = found + _parts[i].Length;
        }
        return true;
    }
}

/// <summary>Maps Choice operator names to compiled comparisons.</summary>
internal static class ChoiceOperators
{
    public static readonly IReadOnlyDictionary<string, (ComparisonKind Kind, ComparisonOp Op, bool IsPath)> All = Build();

    private static Dictionary<string, (ComparisonKind, ComparisonOp, bool)> Build()
    {
        var map = new Dictionary<string, (ComparisonKind, ComparisonOp, bool)>(StringComparer.Ordinal);
        foreach (var (prefix, kind) in (ReadOnlySpan<(string, ComparisonKind)>)[("String", ComparisonKind.String), ("Numeric", ComparisonKind.Numeric), ("Timestamp", ComparisonKind.Timestamp)])
        {
            foreach (var (suffix, op) in (ReadOnlySpan<(string, ComparisonOp)>)[("Equals", ComparisonOp.Equals), ("LessThan", ComparisonOp.LessThan), ("GreaterThan", ComparisonOp.GreaterThan), ("LessThanEquals", ComparisonOp.LessThanEquals), ("GreaterThanEquals", ComparisonOp.GreaterThanEquals)])
            {
                map[prefix + suffix] = (kind, op, false);
                map[prefix + suffix + "Path"] = (kind, op, true);
            }
        }
        map["BooleanEquals"] = (ComparisonKind.Boolean, ComparisonOp.Equals, false);
        map["BooleanEqualsPath"] = (ComparisonKind.Boolean, ComparisonOp.Equals, true);
        map["StringMatches"] = (ComparisonKind.StringMatches, ComparisonOp.Equals, false);
        map["IsNull"] = (ComparisonKind.IsNull, ComparisonOp.Equals, false);
        map["IsPresent"] = (ComparisonKind.IsPresent, ComparisonOp.Equals, false);
        map["IsNumeric"] = (ComparisonKind.IsNumeric, ComparisonOp.Equals, false);
        map["IsString"] = (ComparisonKind.IsString, ComparisonOp.Equals, false);
        map["IsBoolean"] = (ComparisonKind.IsBoolean, ComparisonOp.Equals, false);
        map["IsTimestamp"] = (ComparisonKind.IsTimestamp, ComparisonOp.Equals, false);
        return map;
    }

    /// <summary>The JSON type the literal of an operator must have.</summary>
    public static JsonValueKind LiteralKind(ComparisonKind kind) => kind switch
    {
        ComparisonKind.String or ComparisonKind.Timestamp or ComparisonKind.StringMatches => JsonValueKind.String,
        ComparisonKind.Numeric => JsonValueKind.Number,
        _ => JsonValueKind.True,
    };
}

/// <summary>A JSONata choice rule: its Condition is evaluated by the interpreter with the state's JSONata bindings.</summary>
internal sealed class JsonataConditionRule(JsonataTemplate condition) : ChoiceRule
{
    public JsonataTemplate Condition { get; } = condition;

    public override bool Evaluate(in EvalScope scope, string stateName) =>
        throw new InvalidOperationException("a JSONata Condition is evaluated with JSONata bindings, not a JSONPath scope");
}
