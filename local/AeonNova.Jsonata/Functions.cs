using System.Text.RegularExpressions;

namespace AeonNova.Jsonata;

/// <summary>A function value: a lambda, a library function, a partial application, a regex or a chain.</summary>
internal abstract class JFunction
{
    /// <summary>How many arguments the higher-order functions pass ($map passes value, index, array up to this).</summary>
    public abstract int Arity { get; }

    public virtual Signature? Signature => null;

    public abstract object? Invoke(Evaluator evaluator, object?[] args, object? input, Frame env);
}

internal sealed class Lambda(Node node, Frame env, object? input, List<string> parameters) : JFunction
{
    public Node Body { get; } = node.Body!;
    public Frame Env { get; } = env;
    public object? Input { get; } = input;
    public List<string> Parameters { get; } = parameters;
    private readonly Signature? _signature = node.Signature;

    public override int Arity => Parameters.Count;
    public override Signature? Signature => _signature;

    public override object? Invoke(Evaluator evaluator, object?[] args, object? input, Frame env)
    {
        var frame = new Frame(Env);
        for (var i = 0; i < Parameters.Count; i++) { frame.Bind(Parameters[i], i < args.Length ? args[i] : null); }
        return evaluator.Evaluate(Body, Input, frame);
    }
}

internal delegate object? NativeBody(in NativeCall call);

/// <summary>The arguments and focus a library function runs with.</summary>
internal readonly struct NativeCall(Evaluator evaluator, object?[] args, object? input, Frame env)
{
    public Evaluator Evaluator { get; } = evaluator;
    public object?[] Args { get; } = args;
    public object? Input { get; } = input;
    public Frame Env { get; } = env;
    public object? this[int index] => index < Args.Length ? Args[index] : null;
    public int Count => Args.Length;
    public bool Has(int index) => index < Args.Length && Args[index] is not null;
}

internal sealed class NativeFunction(string name, string signature, int arity, NativeBody body) : JFunction
{
    private readonly Signature _signature = Jsonata.Signature.Parse(signature);
    public string Name { get; } = name;
    public override int Arity { get; } = arity;
    public override Signature? Signature => _signature;

    public override object? Invoke(Evaluator evaluator, object?[] args, object? input, Frame env) =>
        body(new NativeCall(evaluator, args, input, env));
}

/// <summary>A function with some arguments bound and '?' placeholders left open.</summary>
internal sealed class PartialFunction(JFunction target, object?[] bound, bool[] open) : JFunction
{
    public override int Arity { get; } = open.Count(o => o);

    public override object? Invoke(Evaluator evaluator, object?[] args, object? input, Frame env)
    {
        var full = new object?[bound.Length];
        var next = 0;
        for (var i = 0; i < bound.Length; i++)
        {
            full[i] = open[i] ? (next < args.Length ? args[next++] : null) : bound[i];
        }
        return evaluator.Apply(target, full, null, env);
    }
}

/// <summary>f ~> g as a function: λ($x){ g(f($x)) }.</summary>
internal sealed class ChainFunction(JFunction first, JFunction second) : JFunction
{
    public override int Arity => 1;

    public override object? Invoke(Evaluator evaluator, object?[] args, object? input, Frame env) =>
        evaluator.Apply(second, [evaluator.Apply(first, args, null, env)], null, env);
}

/// <summary>A regex literal. Called with a string it yields the reference's match object (match/start/end/groups).</summary>
internal sealed class JRegex : JFunction
{
    public JRegex(string pattern, string flags)
    {
        Source = pattern;
        var options = RegexOptions.CultureInvariant;
        if (flags.Contains('i', StringComparison.Ordinal)) { options |= RegexOptions.IgnoreCase; }
        if (flags.Contains('m', StringComparison.Ordinal)) { options |= RegexOptions.Multiline; }
        try
        {
            Regex = new Regex(pattern, options, TimeSpan.FromSeconds(5));
        }
        catch (ArgumentException e)
        {
            throw new JsonataException("S0303", $"The regular expression is not valid: {e.Message}");
        }
    }

    public string Source { get; }
    public Regex Regex { get; }
    public override int Arity => 1;

    public override object? Invoke(Evaluator evaluator, object?[] args, object? input, Frame env)
    {
        if (args.Length == 0 || args[0] is not string s) { return null; }
        var match = Regex.Match(s);
        if (!match.Success) { return null; }
        var groups = new JList();
        for (var i = 1; i < match.Groups.Count; i++) { groups.Add(match.Groups[i].Success ? match.Groups[i].Value : null); }
        return new JObject { ["match"] = match.Value, ["start"] = (double)match.Index, ["end"] = (double)(match.Index + match.Length), ["groups"] = groups };
    }

    /// <summary>All matches the way the reference iterates them: a zero-length match after the first is D1004.</summary>
    public IEnumerable<Match> Matches(string input)
    {
        var match = Regex.Match(input);
        var first = true;
        while (match.Success)
        {
            if (!first && match.Length == 0)
            {
                throw new JsonataException("D1004", $"Regular expression matches zero length string: {Source}");
            }
            yield return match;
            first = false;
            var lastIndex = match.Index + match.Length;
            if (lastIndex >= input.Length) { yield break; }
            match = Regex.Match(input, lastIndex);
        }
    }
}

/// <summary>A variable scope. Library functions live in a shared immutable table consulted after the frames.</summary>
internal sealed class Frame(Frame? parent)
{
    private Dictionary<string, object?>? _bindings;
    public Frame? Parent { get; } = parent;

    public void Bind(string name, object? value) => (_bindings ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;

    public bool TryLookup(string name, out object? value)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            if (frame._bindings is not null && frame._bindings.TryGetValue(name, out value)) { return true; }
        }
        value = null;
        return false;
    }
}
