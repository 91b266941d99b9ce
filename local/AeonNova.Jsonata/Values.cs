using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.Jsonata;

// Runtime values (mirroring JavaScript's, as the reference evaluator sees them):
//   C# null = undefined (no value), JNull.Value = JSON null, double, string, bool (boxed once, see Box),
//   JList = array (a JSONata sequence when Sequence is set), JObject = object, JFunction = function/lambda/regex.

/// <summary>JSON null (distinct from undefined, which is C# null).</summary>
internal sealed class JNull
{
    public static readonly JNull Value = new();
    private JNull() { }
}

/// <summary>An array. Flags follow the reference: a sequence flattens into a path result; KeepSingleton
/// (the [] suffix) stops a one-item sequence collapsing; Cons marks an array constructor's result; OuterWrapper is
/// the top-level input array wrapped as a sequence.</summary>
internal sealed class JList : List<object?>
{
    public JList() { }
    public JList(int capacity) : base(capacity) { }
    public JList(IEnumerable<object?> items) : base(items) { }
    public bool Sequence { get; set; }
    public bool KeepSingleton { get; set; }
    public bool Cons { get; set; }
    public bool OuterWrapper { get; set; }
    public bool TupleStream { get; set; }

    public static JList NewSequence() => new() { Sequence = true };

    /// <summary>A one-item sequence; the item may be undefined (as the reference's createSequence(undefined)).</summary>
    public static JList NewSequence(object? item)
    {
        var list = new JList(1) { Sequence = true };
        list.Add(item);
        return list;
    }
}

/// <summary>An object; insertion ordered (entries are never removed, so Dictionary keeps that order).</summary>
internal sealed class JObject : Dictionary<string, object?>
{
    public JObject() : base(StringComparer.Ordinal) { }
    public JObject(int capacity) : base(capacity, StringComparer.Ordinal) { }
}

internal static class Values
{
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Box(bool value) => value ? True : False;

    public static bool IsNumber(object? value) => value is double;

    /// <summary>Reference isNumeric: a number that is not NaN; an infinite number is a D1001 error.</summary>
    public static bool IsNumeric(object? value)
    {
        if (value is not double d || double.IsNaN(d)) { return false; }
        if (double.IsInfinity(d)) { throw new JsonataException("D1001", $"Number out of range: {JsNumber.Format(d)}"); }
        return true;
    }

    public static bool IsInteger(object? value) => value is double d && double.IsFinite(d) && Math.Floor(d) == d;

    public static bool IsArrayOfNumbers(object? value) => value is JList list && list.TrueForAll(v => v is double);
    public static bool IsArrayOfStrings(object? value) => value is JList list && list.TrueForAll(v => v is string);

    /// <summary>The signature symbol of a value (reference getSymbol).</summary>
    public static char Symbol(object? value) => value switch
    {
        null => 'm',
        JFunction => 'f',
        string => 's',
        double => 'n',
        bool => 'b',
        JNull => 'l',
        JList => 'a',
        _ => 'o',
    };

    public static string TypeName(object? value) => value switch
    {
        null => "undefined",
        JFunction => "function",
        string => "string",
        double => "number",
        bool => "boolean",
        JNull => "null",
        JList => "array",
        _ => "object",
    };

    /// <summary>JavaScript truthiness (used where the reference tests a raw JS value, e.g. sort comparators).</summary>
    public static bool JsTruthy(object? value) => value switch
    {
        null or JNull => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>Reference isDeepEqual.</summary>
    public static bool DeepEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) { return true; }
        switch (a)
        {
            case double x when b is double y: return x == y;
            case string x when b is string y: return string.Equals(x, y, StringComparison.Ordinal);
            case bool x when b is bool y: return x == y;
            case JList x when b is JList y:
                if (x.Count != y.Count) { return false; }
                for (var i = 0; i < x.Count; i++) { if (!DeepEquals(x[i], y[i])) { return false; } }
                return true;
            case JObject x when b is JObject y:
                if (x.Count != y.Count) { return false; }
                foreach (var (key, value) in x)
                {
                    if (!y.TryGetValue(key, out var other) || !DeepEquals(value, other)) { return false; }
                }
                return true;
            default: return false;
        }
    }

    /// <summary>Strict (===) equality as used by the `in` operator and $distinct of scalars.</summary>
    public static bool StrictEquals(object? a, object? b) => a switch
    {
        double x => b is double y && x == y,
        string x => b is string y && string.Equals(x, y, StringComparison.Ordinal),
        bool x => b is bool y && x == y,
        _ => ReferenceEquals(a, b),
    };

    public static object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null: return JNull.Value;
            case JsonObject obj:
                var result = new JObject(obj.Count);
                foreach (var (key, value) in obj) { result[key] = FromJson(value); }
                return result;
            case JsonArray array:
                var list = new JList(array.Count);
                foreach (var item in array) { list.Add(FromJson(item)); }
                return list;
            default:
                var element = node.AsValue();
                if (element.TryGetValue<string>(out var s)) { return s; }
                if (element.TryGetValue<bool>(out var b)) { return Box(b); }
                if (element.TryGetValue<double>(out var d)) { return d; }
                if (element.TryGetValue<int>(out var i)) { return (double)i; }
                if (element.TryGetValue<long>(out var l)) { return (double)l; }
                if (element.TryGetValue<decimal>(out var m)) { return (double)m; }
                if (element.TryGetValue<JsonElement>(out var je)) { return FromElement(je); }
                return FromElement(JsonSerializer.SerializeToElement(node));
        }
    }

    public static object? FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JObject();
                foreach (var property in element.EnumerateObject()) { obj[property.Name] = FromElement(property.Value); }
                return obj;
            case JsonValueKind.Array:
                var list = new JList(element.GetArrayLength());
                foreach (var item in element.EnumerateArray()) { list.Add(FromElement(item)); }
                return list;
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.Number: return element.GetDouble();
            case JsonValueKind.True: return True;
            case JsonValueKind.False: return False;
            case JsonValueKind.Null: return JNull.Value;
            default: return null;
        }
    }

    /// <summary>Converts a result to JSON. Functions become "" and undefined members are dropped, as JSON.stringify does.</summary>
    public static JsonNode? ToJson(object? value)
    {
        switch (value)
        {
            case null or JNull: return null;
            case string s: return JsonValue.Create(s);
            case bool b: return JsonValue.Create(b);
            case double d:
                if (!double.IsFinite(d)) { return null; }
                if (Math.Floor(d) == d && Math.Abs(d) < 9007199254740992d) { return JsonValue.Create((long)d); }
                return JsonValue.Create(d);
            case JList list:
                var array = new JsonArray();
                foreach (var item in list)
                {
                    // JSON.stringify writes undefined array members and functions as null
                    array.Add(item is null or JFunction ? null : ToJson(item));
                }
                return array;
            case JObject obj:
                var node = new JsonObject();
                foreach (var (key, item) in obj)
                {
                    if (item is null or JFunction) { continue; }
                    node[key] = ToJson(item);
                }
                return node;
            case JFunction: return JsonValue.Create("");
            default: return null;
        }
    }
}

/// <summary>JavaScript Number-to-string conversion (ECMAScript Number::toString), so $string and &amp; match the reference.</summary>
internal static class JsNumber
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) { return "NaN"; }
        if (double.IsPositiveInfinity(value)) { return "Infinity"; }
        if (double.IsNegativeInfinity(value)) { return "-Infinity"; }
        if (value == 0) { return "0"; }
        var negative = value < 0;
        // shortest round-trip digits
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        ExtractDigits(shortest, out var digits, out var exponent);
        var k = digits.Length;
        var n = exponent + 1; // position of decimal point relative to digits
        string text;
        if (k <= n && n <= 21)
        {
            text = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            text = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            var sign = e < 0 ? "-" : "+";
            text = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + text : text;
    }

    // Splits .NET's "R" output (e.g. "1.2345E-07" or "123.45") into significant digits and the decimal exponent of
    // the first digit.
    private static void ExtractDigits(string text, out string digits, out int exponent)
    {
        var exp = 0;
        var ePos = text.IndexOfAny(['E', 'e']);
        var mantissa = text;
        if (ePos >= 0)
        {
            exp = int.Parse(text.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = text[..ePos];
        }
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var all = intPart + fracPart;
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0') { leading++; }
        var trimmed = all[leading..].TrimEnd('0');
        if (trimmed.Length == 0) { trimmed = "0"; }
        digits = trimmed;
        exponent = exp + intPart.Length - 1 - leading;
    }

    /// <summary>Number(value.toPrecision(15)): the reference rounds numbers to 15 significant digits in $string.</summary>
    public static double Precision15(double value)
    {
        if (!double.IsFinite(value) || value == 0) { return value; }
        return double.Parse(value.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}

internal static class JObjectExtensions
{
    /// <summary>Copies every entry of <paramref name="source"/> into <paramref name="target"/> and returns it.</summary>
    public static JObject Also(this JObject target, JObject source)
    {
        foreach (var (key, value) in source) { target[key] = value; }
        return target;
    }
}
