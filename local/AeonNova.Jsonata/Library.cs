using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AeonNova.Jsonata;

/// <summary>The standard function library (https://docs.jsonata.org/overview — string, numeric, aggregation, boolean,
/// array, object, date/time and higher-order functions). Signatures are the reference's.</summary>
internal static partial class Library
{
    private static readonly FrozenDictionary<string, NativeFunction> Standard = BuildStandard().ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, NativeFunction> AwsOverrides = BuildAws().ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, JsonataOptions options, out JFunction? function)
    {
        if (options.StepFunctions && AwsOverrides.TryGetValue(name, out var aws)) { function = aws; return true; }
        if (Standard.TryGetValue(name, out var standard)) { function = standard; return true; }
        function = null;
        return false;
    }

    private static NativeFunction F(string name, string signature, int arity, NativeBody body) => new(name, signature, arity, body);

    private static IEnumerable<NativeFunction> BuildStandard() =>
    [
        // aggregation
        F("sum", "<a<n>:n>", 1, (in NativeCall c) => c[0] is JList l ? Sum(l) : null),
        F("count", "<a:n>", 1, (in NativeCall c) => c[0] is JList l ? (double)l.Count : 0d),
        F("max", "<a<n>:n>", 1, (in NativeCall c) => c[0] is JList { Count: > 0 } l ? l.Max(v => (double)v!) : null),
        F("min", "<a<n>:n>", 1, (in NativeCall c) => c[0] is JList { Count: > 0 } l ? l.Min(v => (double)v!) : null),
        F("average", "<a<n>:n>", 1, (in NativeCall c) => c[0] is JList { Count: > 0 } l ? (double)Sum(l) / l.Count : null),
        // string
        F("string", "<x-b?:s>", 1, (in NativeCall c) => c[0] is null ? null : String(c[0], c[1] is true)),
        F("substring", "<s-nn?:s>", 3, (in NativeCall c) => c[0] is string s ? Substring(s, (double)c[1]!, c[2] as double?) : null),
        F("substringBefore", "<s-s:s>", 2, (in NativeCall c) => c[0] is string s ? (c[1] is string t && s.IndexOf(t, StringComparison.Ordinal) is var i and > -1 ? s[..i] : s) : null),
        F("substringAfter", "<s-s:s>", 2, (in NativeCall c) => c[0] is string s ? (c[1] is string t && s.IndexOf(t, StringComparison.Ordinal) is var i and > -1 ? s[(i + t.Length)..] : s) : null),
        F("lowercase", "<s-:s>", 1, (in NativeCall c) => (c[0] as string)?.ToLowerInvariant()),
        F("uppercase", "<s-:s>", 1, (in NativeCall c) => (c[0] as string)?.ToUpperInvariant()),
        F("length", "<s-:n>", 1, (in NativeCall c) => c[0] is string s ? (double)CodePointCount(s) : null),
        F("trim", "<s-:s>", 1, (in NativeCall c) => c[0] is string s ? Trim(s) : null),
        F("pad", "<s-ns?:s>", 3, (in NativeCall c) => c[0] is string s ? Pad(s, (double)c[1]!, c[2] as string) : null),
        F("match", "<s-f<s:o>n?:a<o>>", 3, (in NativeCall c) => c[0] is string s ? Match(s, c[1], c[2] as double?) : null),
        F("contains", "<s-(sf):b>", 2, (in NativeCall c) => c[0] is string s ? Contains(s, c[1]) : null),
        F("replace", "<s-(sf)(sf)n?:s>", 4, (in NativeCall c) => c[0] is string s ? Replace(c, s) : null),
        F("split", "<s-(sf)n?:a<s>>", 3, (in NativeCall c) => c[0] is string s ? Split(s, c[1], c[2] as double?) : null),
        F("join", "<a<s>s?:s>", 2, (in NativeCall c) => c[0] is JList l ? Join(l, c[1] as string ?? "") : null),
        F("formatNumber", "<n-so?:s>", 3, (in NativeCall c) => c[0] is double d ? FormatNumber(d, (string)c[1]!, c[2] as JObject) : null),
        F("formatBase", "<n-n?:s>", 2, (in NativeCall c) => c[0] is double d ? FormatBase(d, c[1] as double?) : null),
        F("formatInteger", "<n-s:s>", 2, (in NativeCall c) => c[0] is double d ? FormatInteger(d, (string)c[1]!) : null),
        F("parseInteger", "<s-s:n>", 2, (in NativeCall c) => c[0] is string s ? ParseInteger(s, (string)c[1]!) : null),
        F("base64encode", "<s-:s>", 1, (in NativeCall c) => c[0] is string s ? Convert.ToBase64String(s.Select(ch => (byte)ch).ToArray()) : null),
        F("base64decode", "<s-:s>", 1, (in NativeCall c) => c[0] is string s ? Base64Decode(s) : null),
        F("encodeUrlComponent", "<s-:s>", 1, (in NativeCall c) => c[0] is string s ? Uri.Encode(s, component: true) : null),
        F("encodeUrl", "<s-:s>", 1, (in NativeCall c) => c[0] is string s ? Uri.Encode(s, component: false) : null),
        F("decodeUrlComponent", "<s-:s>", 1, (in NativeCall c) => c[0] is string s ? Uri.Decode(s, component: true) : null),
        F("decodeUrl", "<s-:s>", 1, (in NativeCall c) => c[0] is string s ? Uri.Decode(s, component: false) : null),
        // numeric
        F("number", "<(nsb)-:n>", 1, (in NativeCall c) => Number(c[0])),
        F("floor", "<n-:n>", 1, (in NativeCall c) => c[0] is double d ? Math.Floor(d) : null),
        F("ceil", "<n-:n>", 1, (in NativeCall c) => c[0] is double d ? Math.Ceiling(d) : null),
        F("round", "<n-n?:n>", 2, (in NativeCall c) => c[0] is double d ? Round(d, c[1] is double p ? (int)p : 0) : null),
        F("abs", "<n-:n>", 1, (in NativeCall c) => c[0] is double d ? Math.Abs(d) : null),
        F("sqrt", "<n-:n>", 1, (in NativeCall c) => c[0] is double d ? Sqrt(d) : null),
        F("power", "<n-n:n>", 2, (in NativeCall c) => c[0] is double d ? Power(d, (double)c[1]!) : null),
        F("random", "<:n>", 0, (in NativeCall c) => c.Evaluator.Options.Random()),
        // boolean
        F("boolean", "<x-:b>", 1, (in NativeCall c) => Boolean(c[0])),
        F("not", "<x-:b>", 1, (in NativeCall c) => c[0] is null ? null : Values.Box(Boolean(c[0]) is not true)),
        F("exists", "<x:b>", 1, (in NativeCall c) => Values.Box(c[0] is not null)),
        // arrays and higher-order
        F("map", "<af>", 2, (in NativeCall c) => Map(c)),
        F("filter", "<af>", 2, (in NativeCall c) => Filter(c)),
        F("single", "<af?>", 2, (in NativeCall c) => Single(c)),
        F("reduce", "<afj?:j>", 3, (in NativeCall c) => Reduce(c)),
        F("zip", "<a+>", 1, (in NativeCall c) => Zip(c.Args)),
        F("append", "<xx:a>", 2, (in NativeCall c) => Append(c[0], c[1])),
        F("reverse", "<a:a>", 1, (in NativeCall c) => c[0] is JList l ? (l.Count <= 1 ? l : new JList(Enumerable.Reverse(l))) : null),
        F("sort", "<af?:a>", 2, (in NativeCall c) => Sort(c)),
        F("shuffle", "<a:a>", 1, (in NativeCall c) => c[0] is JList l ? Shuffle(l, c.Evaluator.Options.Random) : null),
        F("distinct", "<x:x>", 1, (in NativeCall c) => Distinct(c[0])),
        // objects
        F("keys", "<x-:a<s>>", 1, (in NativeCall c) => Keys(c[0])),
        F("lookup", "<x-s:x>", 2, (in NativeCall c) => Lookup(c[0], (string)c[1]!)),
        F("spread", "<x-:a<o>>", 1, (in NativeCall c) => Spread(c[0])),
        F("merge", "<a<o>:o>", 1, (in NativeCall c) => c[0] is JList l ? Merge(l) : null),
        F("sift", "<o-f?:o>", 2, (in NativeCall c) => Sift(c)),
        F("each", "<o-f:a>", 2, (in NativeCall c) => Each(c)),
        F("error", "<s?:x>", 1, (in NativeCall c) => throw new JsonataException("D3137", c[0] as string ?? "$error() function evaluated")),
        F("assert", "<bs?:x>", 2, (in NativeCall c) => c[0] is true ? null : throw new JsonataException("D3141", c[1] as string ?? "$assert() statement failed")),
        F("type", "<x:s>", 1, (in NativeCall c) => c[0] is null ? null : Values.TypeName(c[0])),
        F("clone", "<(oa)-:o>", 1, (in NativeCall c) => c[0] is null ? null : Clone(c[0])),
        F("eval", "<sx?:x>", 2, (in NativeCall c) => Eval(c)),
        // date/time
        F("now", "<s?s?:s>", 2, (in NativeCall c) => DateTimeFormat.FromMillis(c.Evaluator.Now.ToUnixTimeMilliseconds(), c[0] as string, c[1] as string)),
        F("millis", "<:n>", 0, (in NativeCall c) => (double)c.Evaluator.Now.ToUnixTimeMilliseconds()),
        F("fromMillis", "<n-s?s?:s>", 3, (in NativeCall c) => c[0] is double d ? DateTimeFormat.FromMillis((long)Math.Floor(d), c[1] as string, c[2] as string) : null),
        F("toMillis", "<s-s?:n>", 2, (in NativeCall c) => c[0] is string s ? DateTimeFormat.ToMillis(s, c[1] as string) : null),
    ];

    private static double Sum(JList list)
    {
        var total = 0d;
        foreach (var v in list) { total += (double)v!; }
        return total;
    }

    /// <summary>The reference's $boolean: arrays are true when any member is; functions are false.</summary>
    public static object? Boolean(object? arg)
    {
        switch (arg)
        {
            case null: return null;
            case JList list:
                if (list.Count == 1) { return Boolean(list[0]); }
                foreach (var item in list) { if (Boolean(item) is true) { return Values.True; } }
                return Values.False;
            case string s: return Values.Box(s.Length > 0);
            case double d: return Values.Box(Values.IsNumeric(d) && d != 0);
            case bool b: return Values.Box(b);
            case JObject o: return Values.Box(o.Count > 0);
            default: return Values.False;
        }
    }

    /// <summary>$string: JSON text with numbers at 15 significant digits; a string as itself; a function as "".</summary>
    public static string String(object? arg, bool prettify = false)
    {
        switch (arg)
        {
            case string s: return s;
            case JFunction: return "";
            case double d when !double.IsFinite(d):
                throw new JsonataException("D3001", "Attempting to invoke string function on Infinity or NaN");
        }
        if (arg is JList { OuterWrapper: true } wrapper) { arg = wrapper[0]; }
        var builder = new StringBuilder();
        WriteJson(builder, arg, prettify ? 0 : -1);
        return builder.ToString();
    }

    private static void WriteJson(StringBuilder builder, object? value, int indent)
    {
        switch (value)
        {
            case null or JNull: builder.Append("null"); break;
            case bool b: builder.Append(b ? "true" : "false"); break;
            case double d:
                Values.IsNumeric(d);
                builder.Append(double.IsNaN(d) ? "null" : JsNumber.Format(Math.Floor(d) == d ? d : JsNumber.Precision15(d)));
                break;
            case string s: WriteJsonString(builder, s); break;
            case JFunction: builder.Append("\"\""); break;
            case JList list:
                if (list.Count == 0) { builder.Append("[]"); break; }
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) { builder.Append(','); }
                    NewLine(builder, indent < 0 ? -1 : indent + 1);
                    WriteJson(builder, list[i], indent < 0 ? -1 : indent + 1);
                }
                NewLine(builder, indent);
                builder.Append(']');
                break;
            case JObject obj:
                var first = true;
                builder.Append('{');
                foreach (var (key, item) in obj)
                {
                    if (item is null) { continue; }
                    if (!first) { builder.Append(','); }
                    first = false;
                    NewLine(builder, indent < 0 ? -1 : indent + 1);
                    WriteJsonString(builder, key);
                    builder.Append(indent < 0 ? ":" : ": ");
                    WriteJson(builder, item, indent < 0 ? -1 : indent + 1);
                }
                if (!first) { NewLine(builder, indent); }
                builder.Append('}');
                break;
        }
    }

    private static void NewLine(StringBuilder builder, int indent)
    {
        if (indent < 0) { return; }
        builder.Append('\n').Append(' ', indent * 2);
    }

    /// <summary>JSON.stringify's string quoting: only quotes, backslashes, control characters and lone surrogates are escaped.</summary>
    public static void WriteJsonString(StringBuilder builder, string s)
    {
        builder.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ' || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(s[i - 1]))))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }

    /// <summary>A short description of a value for messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "undefined",
        string s => JsonSerializer.Serialize(s),
        _ => String(value),
    };

    private static string Join(JList strings, string separator)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < strings.Count; i++)
        {
            if (i > 0) { builder.Append(separator); }
            builder.Append((string)strings[i]!);
        }
        return builder.ToString();
    }

    /// <summary>Surrogate code units present: only then do code points and UTF-16 indexes differ.</summary>
    private static bool HasSurrogates(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private static int CodePointCount(string s) => HasSurrogates(s) ? CodePoints(s).Count : s.Length;

    public static List<string> CodePoints(string s)
    {
        var result = new List<string>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                result.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                result.Add(s[i].ToString());
            }
        }
        return result;
    }

    private static string Substring(string s, double start, double? length)
    {
        var chars = HasSurrogates(s) ? CodePoints(s) : null;
        var count = chars?.Count ?? s.Length;
        if (count + start < 0) { start = 0; }
        if (length is { } len)
        {
            if (len <= 0) { return ""; }
            var end = start >= 0 ? start + len : count + start + len;
            return Slice(s, chars, start, end);
        }
        return Slice(s, chars, start, count);
    }

    // Array.prototype.slice over code points: integer conversion by truncation, negative indexes from the end.
    // Without surrogates (chars null) code points are the UTF-16 units and the string is sliced directly.
    private static string Slice(string s, List<string>? chars, double start, double end)
    {
        var count = chars?.Count ?? s.Length;
        var from = Relative(start, count);
        var to = Relative(end, count);
        if (to <= from) { return ""; }
        return chars is null ? s[from..to] : string.Concat(chars.GetRange(from, to - from));
    }

    private static int Relative(double index, int count)
    {
        if (double.IsNaN(index)) { return 0; }
        var i = Math.Truncate(index);
        if (i < 0) { return (int)Math.Max(count + i, 0); }
        return (int)Math.Min(i, count);
    }

    private static string Trim(string s)
    {
        var builder = new StringBuilder(s.Length);
        var inSpace = false;
        foreach (var c in s)
        {
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (!inSpace) { builder.Append(' '); }
                inSpace = true;
            }
            else
            {
                builder.Append(c);
                inSpace = false;
            }
        }
        var result = builder.ToString();
        if (result.StartsWith(' ')) { result = result[1..]; }
        if (result.EndsWith(' ')) { result = result[..^1]; }
        return result;
    }

    private static string Pad(string s, double width, string? padChar)
    {
        if (string.IsNullOrEmpty(padChar)) { padChar = " "; }
        var padLength = (int)(Math.Abs(width) - CodePointCount(s));
        if (padLength <= 0) { return s; }
        var padding = new StringBuilder();
        for (var i = 0; i < padLength; i++) { padding.Append(padChar); }
        var pad = padChar.Length > 1 ? Substring(padding.ToString(), 0, padLength) : padding.ToString();
        return width > 0 ? s + pad : pad + s;
    }

    private static JRegex AsRegex(object? matcher) =>
        matcher as JRegex ?? throw new JsonataException("T1010", "The matcher function argument passed to function does not return the correct object structure");

    private static JList Match(string s, object? pattern, double? limit)
    {
        if (limit < 0) { throw new JsonataException("D3040", "Third argument of match function must evaluate to a positive number"); }
        var result = JList.NewSequence();
        if (limit == 0) { return result; }
        var regex = AsRegex(pattern);
        foreach (var m in regex.Matches(s))
        {
            if (limit is { } max && result.Count >= max) { break; }
            var groups = new JList();
            for (var i = 1; i < m.Groups.Count; i++) { groups.Add(m.Groups[i].Success ? m.Groups[i].Value : null); }
            result.Add(new JObject { ["match"] = m.Value, ["index"] = (double)m.Index, ["groups"] = groups });
        }
        return result;
    }

    private static object Contains(string s, object? token) => token switch
    {
        string t => Values.Box(s.Contains(t, StringComparison.Ordinal)),
        _ => Values.Box(AsRegex(token).Regex.IsMatch(s)),
    };

    private static string Replace(in NativeCall c, string s)
    {
        var pattern = c[1];
        var replacement = c[2];
        var limit = c[3] as double?;
        if (pattern is string { Length: 0 })
        {
            throw new JsonataException("D3010", "Second argument of replace function cannot be an empty string");
        }
        if (limit < 0) { throw new JsonataException("D3011", "Fourth argument of replace function must evaluate to a positive number"); }
        if (limit == 0) { return s; }
        var result = new StringBuilder();
        var position = 0;
        var count = 0;
        if (pattern is string p)
        {
            var index = s.IndexOf(p, StringComparison.Ordinal);
            while (index != -1 && (limit is null || count < limit))
            {
                result.Append(s, position, index - position).Append(replacement is string r ? r : String(replacement));
                position = index + p.Length;
                count++;
                index = s.IndexOf(p, position, StringComparison.Ordinal);
            }
            return result.Append(s, position, s.Length - position).ToString();
        }
        var regex = AsRegex(pattern);
        foreach (var m in regex.Matches(s))
        {
            if (limit is { } max && count >= max) { break; }
            result.Append(s, position, m.Index - position);
            if (replacement is string template)
            {
                result.Append(Substitute(template, m));
            }
            else
            {
                var groups = new JList();
                for (var i = 1; i < m.Groups.Count; i++) { groups.Add(m.Groups[i].Success ? m.Groups[i].Value : null); }
                var matchObject = new JObject { ["match"] = m.Value, ["start"] = (double)m.Index, ["end"] = (double)(m.Index + m.Length), ["groups"] = groups };
                var replaced = c.Evaluator.Apply(replacement, [matchObject], null, c.Env);
                if (replaced is not string text)
                {
                    throw new JsonataException("D3012", $"Attempted to replace a matched string with a non-string value: {Describe(replaced)}");
                }
                result.Append(text);
            }
            position = m.Index + m.Length;
            count++;
        }
        return result.Append(s, position, s.Length - position).ToString();
    }

    // $0, $1.. substitution with the reference's rule for multi-digit group numbers.
    private static string Substitute(string replacement, System.Text.RegularExpressions.Match m)
    {
        var groupCount = m.Groups.Count - 1;
        var builder = new StringBuilder();
        var position = 0;
        var index = replacement.IndexOf('$', position);
        while (index != -1 && position < replacement.Length)
        {
            builder.Append(replacement, position, index - position);
            position = index + 1;
            var next = position < replacement.Length ? replacement[position] : '\0';
            if (next == '$') { builder.Append('$'); position++; }
            else if (next == '0') { builder.Append(m.Value); position++; }
            else
            {
                var maxDigits = groupCount == 0 ? 1 : (int)Math.Floor(Math.Log10(groupCount)) + 1;
                var digits = ParseLeadingInt(replacement, position, maxDigits);
                if (maxDigits > 1 && digits > groupCount) { digits = ParseLeadingInt(replacement, position, maxDigits - 1); }
                if (digits is { } group)
                {
                    if (groupCount > 0 && group - 1 < groupCount && group >= 1 && m.Groups[group].Success) { builder.Append(m.Groups[group].Value); }
                    position += group.ToString(CultureInfo.InvariantCulture).Length;
                }
                else
                {
                    builder.Append('$');
                }
            }
            index = replacement.IndexOf('$', position);
        }
        return builder.Append(replacement, position, replacement.Length - position).ToString();
    }

    private static int? ParseLeadingInt(string s, int start, int maxDigits)
    {
        var end = start;
        while (end < s.Length && end - start < maxDigits && char.IsAsciiDigit(s[end])) { end++; }
        return end == start ? null : int.Parse(s.AsSpan(start, end - start), CultureInfo.InvariantCulture);
    }

    private static JList Split(string s, object? separator, double? limit)
    {
        if (limit < 0) { throw new JsonataException("D3020", "Third argument of split function must evaluate to a positive number"); }
        var result = new JList();
        if (limit == 0) { return result; }
        var max = limit is { } l ? (long)l : long.MaxValue;
        if (separator is string sep)
        {
            IEnumerable<string> parts = sep.Length == 0 ? s.Select(ch => ch.ToString()) : s.Split(sep);
            foreach (var part in parts.Take((int)Math.Min(max, int.MaxValue))) { result.Add(part); }
            return result;
        }
        var regex = AsRegex(separator);
        var start = 0;
        var count = 0;
        var any = false;
        foreach (var m in regex.Matches(s))
        {
            if (count >= max) { break; }
            any = true;
            result.Add(s[start..m.Index]);
            start = m.Index + m.Length;
            count++;
        }
        if (!any) { result.Add(s); }
        else if (count < max) { result.Add(s[start..]); }
        return result;
    }

    private static string Base64Decode(string s)
    {
        var bytes = Convert.FromBase64String(s);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) { chars[i] = (char)bytes[i]; }
        return new string(chars);
    }

    private static object? Number(object? arg)
    {
        switch (arg)
        {
            case null: return null;
            case double d: return d;
            case bool b: return b ? 1d : 0d;
            case string s:
                if (NumberLiteral().IsMatch(s))
                {
                    var value = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (double.IsFinite(value)) { return value; }
                }
                else if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
                {
                    var radix = s[1] is 'x' or 'X' ? 16 : s[1] is 'o' or 'O' ? 8 : 2;
                    try { return (double)Convert.ToInt64(s[2..], radix); }
                    catch (FormatException) { }
                    catch (ArgumentException) { }
                }
                break;
        }
        throw new JsonataException("D3030", $"Unable to cast value to a number: {Describe(arg)}");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex NumberLiteral();

    /// <summary>Round half to even at a decimal precision, shifting through the decimal exponent as the reference does.</summary>
    public static double Round(double value, int precision)
    {
        if (precision != 0) { value = Shift(value, precision); }
        var result = Math.Floor(value + 0.5);
        var diff = result - value;
        if (Math.Abs(diff) == 0.5 && Math.Abs(result % 2) == 1) { result -= 1; }
        if (precision != 0) { result = Shift(result, -precision); }
        return result == 0 ? 0 : result;
    }

    private static double Shift(double value, int places)
    {
        var text = JsNumber.Format(value);
        var e = text.IndexOf('e', StringComparison.Ordinal);
        var mantissa = e >= 0 ? text[..e] : text;
        var exponent = e >= 0 ? int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        return double.Parse(mantissa + "e" + (exponent + places).ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static double Sqrt(double d) =>
        d < 0 ? throw new JsonataException("D3060", $"The sqrt function cannot be applied to a negative number: {JsNumber.Format(d)}") : Math.Sqrt(d);

    private static double Power(double b, double e)
    {
        var result = Math.Pow(b, e);
        if (!double.IsFinite(result))
        {
            throw new JsonataException("D3061", $"The power function has resulted in a value that cannot be represented as a JSON number: base={JsNumber.Format(b)}, exponent={JsNumber.Format(e)}");
        }
        return result;
    }

    private static object?[] HofArgs(JFunction func, object? a1, object? a2, object? a3)
    {
        var arity = func.Arity;
        return arity >= 3 ? [a1, a2, a3] : arity == 2 ? [a1, a2] : [a1];
    }

    private static object? Map(in NativeCall c)
    {
        if (c[0] is not JList list) { return null; }
        var func = (JFunction)c[1]!;
        var result = JList.NewSequence();
        for (var i = 0; i < list.Count; i++)
        {
            var res = c.Evaluator.Apply(func, HofArgs(func, list[i], (double)i, list), null, c.Env);
            if (res is not null) { result.Add(res); }
        }
        return result;
    }

    private static object? Filter(in NativeCall c)
    {
        if (c[0] is not JList list) { return null; }
        var func = (JFunction)c[1]!;
        var result = JList.NewSequence();
        for (var i = 0; i < list.Count; i++)
        {
            var res = c.Evaluator.Apply(func, HofArgs(func, list[i], (double)i, list), null, c.Env);
            if (Boolean(res) is true) { result.Add(list[i]); }
        }
        return result;
    }

    private static object? Single(in NativeCall c)
    {
        if (c[0] is not JList list) { return null; }
        var func = c[1] as JFunction;
        object? result = null;
        var found = false;
        for (var i = 0; i < list.Count; i++)
        {
            var positive = func is null || Boolean(c.Evaluator.Apply(func, HofArgs(func, list[i], (double)i, list), null, c.Env)) is true;
            if (!positive) { continue; }
            if (found) { throw new JsonataException("D3138", "The $single() function expected exactly 1 matching result.  Instead it matched more."); }
            result = list[i];
            found = true;
        }
        return found ? result : throw new JsonataException("D3139", "The $single() function expected exactly 1 matching result.  Instead it matched 0.");
    }

    private static object? Reduce(in NativeCall c)
    {
        if (c[0] is not JList list) { return null; }
        var func = (JFunction)c[1]!;
        var arity = func.Arity;
        if (arity < 2) { throw new JsonataException("D3050", "The second argument of reduce function must be a function with at least two arguments"); }
        object? result;
        int index;
        if (c[2] is null && list.Count > 0) { result = list[0]; index = 1; }
        else { result = c[2]; index = 0; }
        for (; index < list.Count; index++)
        {
            object?[] args = arity >= 4 ? [result, list[index], (double)index, list] : arity == 3 ? [result, list[index], (double)index] : [result, list[index]];
            result = c.Evaluator.Apply(func, args, null, c.Env);
        }
        return result;
    }

    private static JList Zip(object?[] args)
    {
        var result = new JList();
        if (args.Length == 0) { return result; }
        var length = args.Min(a => a is JList l ? l.Count : 0);
        for (var i = 0; i < length; i++)
        {
            var tuple = new JList(args.Length);
            foreach (var a in args) { tuple.Add(((JList)a!)[i]); }
            result.Add(tuple);
        }
        return result;
    }

    public static object? Append(object? a, object? b)
    {
        if (a is null) { return b; }
        if (b is null) { return a; }
        var result = new JList();
        if (a is JList la) { result.AddRange(la); } else { result.Add(a); }
        if (b is JList lb) { result.AddRange(lb); } else { result.Add(b); }
        return result;
    }

    public static JList MergeSort(JList input, Func<object?, object?, bool> comesAfter)
    {
        if (input.Count <= 1) { return input; }
        var items = input.ToArray();
        var buffer = new object?[items.Length];
        Sort(items, buffer, 0, items.Length, comesAfter);
        return new JList(items);

        static void Sort(object?[] items, object?[] buffer, int from, int to, Func<object?, object?, bool> comesAfter)
        {
            if (to - from <= 1) { return; }
            var middle = from + ((to - from) / 2);
            Sort(items, buffer, from, middle, comesAfter);
            Sort(items, buffer, middle, to, comesAfter);
            int l = from, r = middle, k = from;
            while (l < middle && r < to)
            {
                buffer[k++] = comesAfter(items[l], items[r]) ? items[r++] : items[l++];
            }
            while (l < middle) { buffer[k++] = items[l++]; }
            while (r < to) { buffer[k++] = items[r++]; }
            Array.Copy(buffer, from, items, from, to - from);
        }
    }

    private static object? Sort(in NativeCall c)
    {
        if (c[0] is not JList list) { return null; }
        if (list.Count <= 1) { return list; }
        if (c[1] is JFunction func)
        {
            var evaluator = c.Evaluator;
            var env = c.Env;
            return MergeSort(list, (a, b) => Values.JsTruthy(evaluator.Apply(func, [a, b], null, env)));
        }
        if (Values.IsArrayOfNumbers(list)) { return MergeSort(list, (a, b) => (double)a! > (double)b!); }
        if (Values.IsArrayOfStrings(list)) { return MergeSort(list, (a, b) => string.CompareOrdinal((string)a!, (string)b!) > 0); }
        throw new JsonataException("D3070", "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function");
    }

    private static JList Shuffle(JList list, Func<double> random)
    {
        var result = new JList(list);
        for (var i = result.Count - 1; i > 0; i--)
        {
            var j = (int)Math.Floor(random() * (i + 1));
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }

    private static object? Distinct(object? arg)
    {
        if (arg is not JList { Count: > 1 } list) { return arg; }
        var result = list.Sequence ? JList.NewSequence() : new JList();
        foreach (var value in list)
        {
            if (!result.Exists(r => Values.DeepEquals(value, r))) { result.Add(value); }
        }
        return result;
    }

    private static JList Keys(object? arg)
    {
        var result = JList.NewSequence();
        if (arg is JList list)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list)
            {
                foreach (var key in Keys(item)) { if (seen.Add((string)key!)) { result.Add(key); } }
            }
        }
        else if (arg is JObject obj)
        {
            foreach (var key in obj.Keys) { result.Add(key); }
        }
        return result;
    }

    public static object? Lookup(object? input, string key)
    {
        if (input is JList list)
        {
            var result = JList.NewSequence();
            foreach (var item in list)
            {
                var res = Lookup(item, key);
                if (res is JList inner) { result.AddRange(inner); }
                else if (res is not null) { result.Add(res); }
            }
            return result;
        }
        return input is JObject obj && obj.TryGetValue(key, out var value) ? value : null;
    }

    private static object? Spread(object? arg)
    {
        if (arg is JList list)
        {
            object? result = JList.NewSequence();
            foreach (var item in list) { result = Append(result, Spread(item)); }
            return result;
        }
        if (arg is JObject obj)
        {
            var result = JList.NewSequence();
            foreach (var (key, value) in obj) { result.Add(new JObject { [key] = value }); }
            return result;
        }
        return arg;
    }

    private static JObject Merge(JList list)
    {
        var result = new JObject();
        foreach (var item in list)
        {
            if (item is JObject obj) { foreach (var (key, value) in obj) { result[key] = value; } }
        }
        return result;
    }

    private static object? Sift(in NativeCall c)
    {
        if (c[0] is not JObject obj) { return null; }
        var func = (JFunction)c[1]!;
        var result = new JObject();
        foreach (var (key, value) in obj)
        {
            if (Boolean(c.Evaluator.Apply(func, HofArgs(func, value, key, obj), null, c.Env)) is true) { result[key] = value; }
        }
        return result.Count == 0 ? null : result;
    }

    private static object? Each(in NativeCall c)
    {
        if (c[0] is not JObject obj) { return null; }
        var func = (JFunction)c[1]!;
        var result = JList.NewSequence();
        foreach (var (key, value) in obj)
        {
            var res = c.Evaluator.Apply(func, HofArgs(func, value, key, obj), null, c.Env);
            if (res is not null) { result.Add(res); }
        }
        return result;
    }

    /// <summary>Deep copy as JSON.parse(JSON.stringify(x)): functions and undefined members are dropped.</summary>
    public static object? Clone(object? value) => value switch
    {
        JList list => CloneList(list),
        JObject obj => CloneObject(obj),
        JFunction => null,
        _ => value,
    };

    private static JList CloneList(JList list)
    {
        var result = new JList(list.Count);
        foreach (var item in list) { result.Add(item is null or JFunction ? JNull.Value : Clone(item)); }
        return result;
    }

    private static JObject CloneObject(JObject obj)
    {
        var result = new JObject(obj.Count);
        foreach (var (key, item) in obj)
        {
            if (item is null or JFunction) { continue; }
            result[key] = Clone(item);
        }
        return result;
    }

    private static object? Eval(in NativeCall c)
    {
        if (c[0] is not string text) { return null; }
        Node ast;
        try
        {
            ast = Parser.Parse(text);
        }
        catch (JsonataException e)
        {
            throw new JsonataException("D3120", $"Syntax error in expression passed to function eval: {e.Detail}");
        }
        try
        {
            return c.Evaluator.Evaluate(ast, c.Count > 1 ? c[1] : c.Input, c.Env);
        }
        catch (JsonataException e)
        {
            throw new JsonataException("D3121", $"Dynamic error evaluating the expression passed to function eval: {e.Detail}");
        }
    }
}
