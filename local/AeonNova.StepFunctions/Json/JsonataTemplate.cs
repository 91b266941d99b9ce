using System.Text.Json.Nodes;
using AeonNova.Jsonata;
using AeonNova.StepFunctions.Runtime;

namespace AeonNova.StepFunctions.Json;

/// <summary>
/// A JSONata-state field value (Arguments, Output, Assign, Items, ItemSelector, Condition, Error, Cause, Seconds…):
/// any JSON where a string that starts with "{%" and ends with "%}" is a JSONata expression
/// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
/// </summary>
internal sealed class JsonataTemplate
{
    private readonly JsonataExpression? _expression;
    private readonly (string Key, JsonataTemplate Value)[]? _members;
    private readonly JsonataTemplate[]? _items;
    private readonly JsonNode? _static;

    private JsonataTemplate(JsonataExpression? expression, (string, JsonataTemplate)[]? members, JsonataTemplate[]? items, JsonNode? staticValue)
    {
        _expression = expression;
        _members = members;
        _items = items;
        _static = staticValue;
    }

    public bool IsStatic => _expression is null && _members is null && _items is null;

    /// <summary>True when the whole value is one {% %} expression.</summary>
    public bool IsExpression => _expression is not null;

    public static bool IsExpressionText(string text) =>
        text.StartsWith("{%", StringComparison.Ordinal) && text.EndsWith("%}", StringComparison.Ordinal) && text.Length >= 4;

    public static JsonataTemplate? Compile(JsonNode? value, string location, List<AslValidationError> errors)
    {
        switch (value)
        {
            case JsonValue v when JsonNodes.IsString(v, out var text) && IsExpressionText(text):
                try
                {
                    return new JsonataTemplate(JsonataExpression.Parse(text[2..^2]), null, null, null);
                }
                catch (JsonataException e)
                {
                    errors.Add(e.UnsupportedFeature is { } feature
                        ? AslValidationError.NotSupported(location, feature)
                        : new AslValidationError(location, $"the JSONata expression is not valid: {e.Message}"));
                    return null;
                }
            case JsonObject obj:
            {
                var members = new List<(string, JsonataTemplate)>(obj.Count);
                var dynamic = false;
                foreach (var (key, item) in obj)
                {
                    var compiled = Compile(item, DefinitionLocation(location, key), errors);
                    if (compiled is null) { return null; }
                    dynamic |= !compiled.IsStatic;
                    members.Add((key, compiled));
                }
                return dynamic ? new JsonataTemplate(null, [.. members], null, null) : new JsonataTemplate(null, null, null, JsonNodes.Copy(obj));
            }
            case JsonArray array:
            {
                var items = new List<JsonataTemplate>(array.Count);
                var dynamic = false;
                for (var i = 0; i < array.Count; i++)
                {
                    var compiled = Compile(array[i], $"{location}[{i}]", errors);
                    if (compiled is null) { return null; }
                    dynamic |= !compiled.IsStatic;
                    items.Add(compiled);
                }
                return dynamic ? new JsonataTemplate(null, null, [.. items], null) : new JsonataTemplate(null, null, null, JsonNodes.Copy(array));
            }
            default:
                return new JsonataTemplate(null, null, null, JsonNodes.Copy(value));
        }
    }

    private static string DefinitionLocation(string path, string key) => Parsing.DefinitionParser.Child(path, key);

    /// <summary>Evaluates; an expression yielding nothing (undefined) inside an object drops the member, at the top it is an error.</summary>
    public JsonNode? Evaluate(JsonataBindings bindings, string stateName, string field)
    {
        var (value, defined) = EvaluateCore(bindings, stateName, field);
        if (!defined)
        {
            throw new StatesErrorException(StatesErrors.QueryEvaluationError,
                $"An error occurred while executing the state '{stateName}'. The JSONata expression '{_expression?.Text.Trim()}' specified for the field '{field}' returned nothing (undefined).");
        }
        return value;
    }

    private (JsonNode? Value, bool Defined) EvaluateCore(JsonataBindings bindings, string stateName, string field)
    {
        if (_expression is not null)
        {
            JsonataResult result;
            try
            {
                result = _expression.Evaluate(JsonataValue.Undefined, bindings.Variables, bindings.Options);
            }
            catch (JsonataException e)
            {
                throw new StatesErrorException(StatesErrors.QueryEvaluationError,
                    $"An error occurred while executing the state '{stateName}'. The JSONata expression '{_expression.Text.Trim()}' specified for the field '{field}' threw an error: {e.Message}");
            }
            return result.IsUndefined ? (null, false) : (result.ToJson(), true);
        }
        if (_members is not null)
        {
            var obj = new JsonObject();
            foreach (var (key, template) in _members)
            {
                var (value, defined) = template.EvaluateCore(bindings, stateName, field);
                if (defined) { obj[key] = value; }
            }
            return (obj, true);
        }
        if (_items is not null)
        {
            var array = new JsonArray();
            foreach (var template in _items)
            {
                var (value, defined) = template.EvaluateCore(bindings, stateName, field);
                array.Add(defined ? value : null);
            }
            return (array, true);
        }
        return (JsonNodes.Copy(_static), true);
    }

    /// <summary>Evaluates each top-level member of an Assign object separately, keeping the names.</summary>
    public List<KeyValuePair<string, JsonNode?>> EvaluateMembers(JsonataBindings bindings, string stateName)
    {
        var result = new List<KeyValuePair<string, JsonNode?>>();
        if (_members is not null)
        {
            foreach (var (key, template) in _members) { result.Add(KeyValuePair.Create(key, template.Evaluate(bindings, stateName, $"Assign.{key}"))); }
        }
        else if (_static is JsonObject obj)
        {
            foreach (var (key, value) in obj) { result.Add(KeyValuePair.Create(key, JsonNodes.Copy(value))); }
        }
        return result;
    }
}

/// <summary>What a JSONata field sees: $states (input, result, errorOutput, context) and the workflow variables.</summary>
internal sealed class JsonataBindings
{
    public JsonataBindings(IReadOnlyDictionary<string, JsonataValue> variables, JsonObject states, JsonataOptions options)
    {
        var all = new Dictionary<string, JsonataValue>(variables, StringComparer.Ordinal) { ["states"] = JsonataValue.From(states) };
        Variables = all;
        Options = options;
    }

    public IReadOnlyDictionary<string, JsonataValue> Variables { get; }
    public JsonataOptions Options { get; }
}
