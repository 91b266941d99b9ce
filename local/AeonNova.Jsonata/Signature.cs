using System.Text;
using System.Text.RegularExpressions;

namespace AeonNova.Jsonata;

/// <summary>
/// A function signature (https://docs.jsonata.org/embedding-extending#function-signature-syntax), e.g. &lt;s-nn?:s&gt;.
/// Validation matches the argument type symbols against a regex built from the parameters, substitutes the context
/// for a missing '-' parameter and wraps single values for array parameters, as the reference does.
/// </summary>
internal sealed partial class Signature
{
    private sealed class Param
    {
        public string Pattern { get; set; } = "";
        /// <summary>The type symbols this parameter accepts as one argument (the characters of its regex class).</summary>
        public string Accepts { get; set; } = "";
        public bool Variadic { get; set; }
        public char Type { get; set; }
        public string? Subtype { get; set; }
        public bool Context { get; set; }
        public Regex? ContextRegex { get; set; }
    }

    private readonly List<Param> _params;
    private readonly Regex _regex;

    private Signature(List<Param> parameters)
    {
        _params = parameters;
        var builder = new StringBuilder("^");
        foreach (var p in parameters) { builder.Append('(').Append(p.Pattern).Append(')'); }
        builder.Append('$');
        _regex = new Regex(builder.ToString(), RegexOptions.CultureInvariant);
    }

    public int ParameterCount => _params.Count;

    public static Signature Parse(string signature, int position = 0)
    {
        var parameters = new List<Param>();
        var param = new Param();
        Param? previous = null;
        for (var i = 1; i < signature.Length; i++)
        {
            var symbol = signature[i];
            if (symbol == ':') { break; }
            switch (symbol)
            {
                case 's' or 'n' or 'b' or 'l' or 'o':
                    param.Pattern = "[" + symbol + "m]"; param.Accepts = symbol + "m"; param.Type = symbol; Next(); break;
                case 'a':
                    param.Pattern = "[asnblfom]"; param.Accepts = "asnblfom"; param.Type = 'a'; Next(); break;
                case 'f':
                    param.Pattern = "f"; param.Accepts = "f"; param.Type = 'f'; Next(); break;
                case 'j':
                    param.Pattern = "[asnblom]"; param.Accepts = "asnblom"; param.Type = 'j'; Next(); break;
                case 'x':
                    param.Pattern = "[asnblfom]"; param.Accepts = "asnblfom"; param.Type = 'x'; Next(); break;
                case '-':
                    previous!.Context = true;
                    previous.ContextRegex = new Regex(previous.Pattern, RegexOptions.CultureInvariant);
                    previous.Pattern += "?";
                    break;
                case '?' or '+':
                    previous!.Pattern += symbol;
                    previous.Variadic |= symbol == '+';
                    break;
                case '(':
                {
                    var end = signature.IndexOf(')', i);
                    var choice = signature[(i + 1)..end];
                    if (choice.Contains('<', StringComparison.Ordinal))
                    {
                        throw new JsonataException("S0402", "Choice groups containing parameterized types are not supported", position + i);
                    }
                    param.Pattern = "[" + choice + "m]";
                    param.Accepts = choice + "m";
                    param.Type = '(';
                    i = end;
                    Next();
                    break;
                }
                case '<':
                {
                    if (previous is null || previous.Type is not ('a' or 'f'))
                    {
                        throw new JsonataException("S0401", "Type parameters can only be applied to functions and arrays", position + i);
                    }
                    var depth = 1;
                    var end = i + 1;
                    for (; end < signature.Length && depth > 0; end++)
                    {
                        if (signature[end] == '<') { depth++; }
                        else if (signature[end] == '>') { depth--; }
                    }
                    previous.Subtype = signature[(i + 1)..(end - 1)];
                    i = end - 1;
                    break;
                }
                case '>':
                    break;
                default:
                    throw new JsonataException("S0401", $"Unknown type symbol {symbol} in function signature", position + i);
            }
        }
        return new Signature(parameters);

        void Next()
        {
            parameters.Add(param);
            previous = param;
            param = new Param();
        }
    }

    public object?[] Validate(IReadOnlyList<object?> args, object? context)
    {
        Span<char> symbols = args.Count <= 16 ? stackalloc char[args.Count] : new char[args.Count];
        for (var i = 0; i < args.Count; i++) { symbols[i] = Values.Symbol(args[i]); }
        if (TakesOneEach(symbols))
        {
            // The regex's first (greedy) attempt gives every parameter exactly one argument and it succeeds, so the
            // groups are the single symbols: the same result without building the text and running the regex.
            var direct = new object?[args.Count];
            for (var i = 0; i < args.Count; i++) { direct[i] = Coerce(_params[i], symbols[i], symbols.Slice(i, 1), args[i], i); }
            return direct;
        }
        var suppliedText = symbols.ToString();
        var match = _regex.Match(suppliedText);
        if (!match.Success) { throw ValidationError(suppliedText); }
        var validated = new List<object?>(_params.Count);
        var argIndex = 0;
        for (var index = 0; index < _params.Count; index++)
        {
            var param = _params[index];
            var group = match.Groups[index + 1].Value;
            if (group.Length == 0)
            {
                if (param.Context && param.ContextRegex is not null)
                {
                    var contextType = Values.Symbol(context).ToString();
                    if (!param.ContextRegex.IsMatch(contextType))
                    {
                        throw new JsonataException("T0411", $"Context value is not a compatible type with argument {argIndex + 1} of function");
                    }
                    validated.Add(context);
                }
                else
                {
                    validated.Add(argIndex < args.Count ? args[argIndex] : null);
                    argIndex++;
                }
                continue;
            }
            foreach (var single in group)
            {
                validated.Add(Coerce(param, single, group, argIndex < args.Count ? args[argIndex] : null, argIndex));
                argIndex++;
            }
        }
        return [.. validated];
    }

    private bool TakesOneEach(ReadOnlySpan<char> symbols)
    {
        if (symbols.Length != _params.Count) { return false; }
        for (var i = 0; i < symbols.Length; i++)
        {
            if (_params[i].Variadic || !_params[i].Accepts.Contains(symbols[i], StringComparison.Ordinal)) { return false; }
        }
        return true;
    }

    /// <summary>One argument as the parameter receives it: 'm' (undefined) for an array is undefined, array subtypes
    /// are checked, a single value for an array parameter is wrapped.</summary>
    private static object? Coerce(Param param, char single, ReadOnlySpan<char> group, object? arg, int argIndex)
    {
        if (param.Type != 'a') { return arg; }
        if (single == 'm') { return null; }
        var arrayOk = true;
        if (param.Subtype is not null)
        {
            if (single != 'a' && !group.SequenceEqual(param.Subtype))
            {
                arrayOk = false;
            }
            else if (single == 'a' && arg is JList list && list.Count > 0)
            {
                var itemType = Values.Symbol(list[0]);
                arrayOk = itemType == param.Subtype[0] && list.TrueForAll(v => Values.Symbol(v) == itemType);
            }
        }
        if (!arrayOk)
        {
            throw new JsonataException("T0412", $"Argument {argIndex + 1} of function must be an array of {SubtypeName(param.Subtype!)}");
        }
        return single != 'a' ? new JList(1) { arg } : arg;
    }

    private JsonataException ValidationError(string supplied)
    {
        var partial = new StringBuilder("^");
        var goodTo = 0;
        foreach (var param in _params)
        {
            partial.Append(param.Pattern);
            var match = Regex.Match(supplied, partial.ToString(), RegexOptions.CultureInvariant);
            if (!match.Success) { break; }
            goodTo = match.Length;
        }
        return new JsonataException("T0410", $"Argument {goodTo + 1} of function does not match function signature");
    }

    private static string SubtypeName(string subtype) => subtype switch
    {
        "a" => "arrays",
        "b" => "booleans",
        "f" => "functions",
        "n" => "numbers",
        "o" => "objects",
        "s" => "strings",
        _ => subtype,
    };
}
