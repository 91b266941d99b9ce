using System.Text.Json.Nodes;

namespace AeonNova.Jsonata;

/// <summary>A compiled JSONata expression. Parse once, evaluate many times; instances are immutable and thread-safe.</summary>
public sealed class JsonataExpression
{
    private readonly Node _ast;

    private JsonataExpression(string text, Node ast)
    {
        Text = text;
        _ast = ast;
    }

    public string Text { get; }

    /// <summary>Parses an expression; a syntax error is a <see cref="JsonataException"/> with an S0xxx code.</summary>
    public static JsonataExpression Parse(string text) => new(text, Parser.Parse(text));

    /// <summary>Evaluates against a JSON input with extra variable bindings (name without '$').</summary>
    public JsonataResult Evaluate(JsonNode? input, IReadOnlyDictionary<string, JsonNode?>? bindings = null, JsonataOptions? options = null) =>
        Evaluate(JsonataValue.From(input), bindings?.ToDictionary(kv => kv.Key, kv => JsonataValue.From(kv.Value)), options);

    /// <summary>Evaluates an input already converted (benchmarks and repeated evaluation skip the conversion).</summary>
    public JsonataResult Evaluate(JsonataValue input, IReadOnlyDictionary<string, JsonataValue>? bindings = null, JsonataOptions? options = null)
    {
        options ??= JsonataOptions.Default;
        var evaluator = new Evaluator(options, options.Time.GetUtcNow());
        var root = new Frame(null);
        var value = input.Value;
        if (value is JList { Sequence: false } array)
        {
            var wrapper = JList.NewSequence(array);
            wrapper.OuterWrapper = true;
            value = wrapper;
        }
        root.Bind("$", value);
        if (bindings is not null)
        {
            foreach (var (name, binding) in bindings) { root.Bind(name, binding.Value); }
        }
        var result = evaluator.Evaluate(_ast, value, root);
        if (result is JList { Sequence: true } sequence && !sequence.KeepSingleton && sequence.Count == 1) { result = sequence[0]; }
        return new JsonataResult(result);
    }
}

/// <summary>An input or binding converted once into the evaluator's representation.</summary>
public readonly struct JsonataValue
{
    internal JsonataValue(object? value) => Value = value;

    internal object? Value { get; }

    public static JsonataValue From(JsonNode? node) => new(Values.FromJson(node));

    /// <summary>The absent value (JSONata's undefined), distinct from JSON null.</summary>
    public static JsonataValue Undefined => default;
}

/// <summary>The outcome of an evaluation: a JSON value, or nothing (JSONata's undefined).</summary>
public readonly struct JsonataResult
{
    private readonly object? _value;

    internal JsonataResult(object? value) => _value = value;

    public bool IsUndefined => _value is null;

    /// <summary>True when the value is a function (which has no JSON form).</summary>
    public bool IsFunction => _value is JFunction;

    public JsonNode? ToJson() => Values.ToJson(_value);

    /// <summary>The value as JSON text (undefined as the empty string).</summary>
    public string ToJsonText() => _value is null ? "" : Library.String(_value is string s ? new JList { s } : _value) is var text && _value is string
        ? System.Text.Json.JsonSerializer.Serialize(_value as string) : Library.String(_value);
}
