using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Intrinsics;
using AeonNova.StepFunctions.Runtime;

namespace AeonNova.StepFunctions.Json;

/// <summary>
/// A compiled Parameters / ResultSelector / ItemSelector payload template: static values are kept, fields whose
/// name ends in <c>.$</c> are replaced by the value of their path or intrinsic function (the key loses the <c>.$</c>).
/// </summary>
internal sealed class PayloadTemplate
{
    private readonly Field[]? _fields;
    private readonly PayloadTemplate?[]? _items;
    private readonly JsonNode? _static;

    private PayloadTemplate(Field[]? fields, PayloadTemplate?[]? items, JsonNode? staticValue)
    {
        _fields = fields;
        _items = items;
        _static = staticValue;
    }

    /// <summary>Compiles a template, reporting bad paths and intrinsics with their JSON path.</summary>
    public static PayloadTemplate Compile(JsonNode? template, string jsonPath, List<AslValidationError> errors)
    {
        switch (template)
        {
            case JsonObject obj:
                var fields = new List<Field>(obj.Count);
                foreach (var (key, value) in obj)
                {
                    var fieldPath = $"{jsonPath}['{key}']";
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        var name = key[..^2];
                        if (!JsonNodes.IsString(value, out var expression))
                        {
                            errors.Add(new AslValidationError(fieldPath, "a field ending in '.$' must be a string holding a path or an intrinsic function"));
                            continue;
                        }
                        if (IntrinsicCall.LooksLikeIntrinsic(expression))
                        {
                            if (IntrinsicCall.TryParse(expression, out var call, out var error)) { fields.Add(new Field(name, null, null, call, null)); }
                            else { errors.Add(new AslValidationError(fieldPath, error!)); }
                        }
                        else if (JsonPath.TryParse(expression, out var path, out var pathError))
                        {
                            fields.Add(new Field(name, null, path, null, null));
                        }
                        else
                        {
                            errors.Add(new AslValidationError(fieldPath, pathError!));
                        }
                    }
                    else
                    {
                        var nested = Compile(value, fieldPath, errors);
                        fields.Add(nested.IsStatic ? new Field(key, nested._static, null, null, null) : new Field(key, null, null, null, nested));
                    }
                }
                return new PayloadTemplate([.. fields], null, fields.All(f => f.IsStatic) ? BuildStatic(fields) : null)
                {
                    _writable = fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() == fields.Count && fields.All(f => f.Nested?._writable ?? true),
                };
            case JsonArray array:
                var items = new PayloadTemplate?[array.Count];
                var allStatic = true;
                for (var i = 0; i < array.Count; i++)
                {
                    items[i] = Compile(array[i], $"{jsonPath}[{i}]", errors);
                    allStatic &= items[i]!.IsStatic;
                }
                return allStatic ? new PayloadTemplate(null, null, JsonNodes.Copy(array)) : new PayloadTemplate(null, items, null);
            default:
                return new PayloadTemplate(null, null, JsonNodes.Copy(template));
        }
    }

    private bool IsStatic => _fields is null && _items is null || _static is not null;

    // Field names are unique, so writing fields in order gives the same document as Evaluate (where a repeated
    // name would overwrite the earlier value in place).
    private bool _writable = true;

    /// <summary>
    /// Writes the payload <see cref="Evaluate"/> would build, without building or copying nodes: values are
    /// written straight from the input. Same errors as Evaluate.
    /// </summary>
    public void WriteTo(Utf8JsonWriter writer, in EvalScope scope, string stateName)
    {
        if (!_writable)
        {
            WriteNode(writer, Evaluate(scope, stateName));
            return;
        }
        if (_static is not null || (_fields is null && _items is null))
        {
            WriteNode(writer, _static);
            return;
        }
        if (_items is not null)
        {
            writer.WriteStartArray();
            foreach (var item in _items) { item!.WriteTo(writer, scope, stateName); }
            writer.WriteEndArray();
            return;
        }
        writer.WriteStartObject();
        foreach (var field in _fields!)
        {
            writer.WritePropertyName(field.Name);
            if (field.Path is not null)
            {
                if (!PathEvaluator.TryEvaluate(field.Path, scope, out var value))
                {
                    throw PathNotFound(field, scope, stateName);
                }
                WriteNode(writer, value);
            }
            else if (field.Call is not null)
            {
                WriteNode(writer, field.Call.Evaluate(scope));
            }
            else if (field.Nested is not null)
            {
                field.Nested.WriteTo(writer, scope, stateName);
            }
            else
            {
                WriteNode(writer, field.Static);
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null) { writer.WriteNullValue(); }
        else { node.WriteTo(writer); }
    }

    private static JsonObject BuildStatic(List<Field> fields)
    {
        var obj = new JsonObject();
        foreach (var field in fields) { obj[field.Name] = JsonNodes.Copy(field.Static); }
        return obj;
    }

    /// <summary>Builds the payload; a path that selects nothing raises States.Runtime naming the field.</summary>
    public JsonNode? Evaluate(in EvalScope scope, string stateName)
    {
        if (_static is not null || (_fields is null && _items is null))
        {
            return JsonNodes.Copy(_static);
        }
        if (_items is not null)
        {
            var array = new JsonArray();
            foreach (var item in _items) { array.Add(item!.Evaluate(scope, stateName)); }
            return array;
        }
        var obj = new JsonObject();
        foreach (var field in _fields!)
        {
            if (field.Path is not null)
            {
                if (!PathEvaluator.TryEvaluate(field.Path, scope, out var value))
                {
                    throw PathNotFound(field, scope, stateName);
                }
                obj[field.Name] = field.Path.IsDefinite ? JsonNodes.Copy(value) : value;
            }
            else if (field.Call is not null)
            {
                obj[field.Name] = JsonNodes.Copy(field.Call.Evaluate(scope));
            }
            else if (field.Nested is not null)
            {
                obj[field.Name] = field.Nested.Evaluate(scope, stateName);
            }
            else
            {
                obj[field.Name] = JsonNodes.Copy(field.Static);
            }
        }
        return obj;
    }

    private static StatesErrorException PathNotFound(Field field, in EvalScope scope, string stateName) =>
        new(StatesErrors.Runtime,
            $"An error occurred while executing the state '{stateName}'. The JSONPath '{field.Path!.Text}' specified for the field '{field.Name}.$' could not be found in the input '{Preview(field.Path.IsContext ? null : scope.Input)}'");

    internal static string Preview(JsonNode? node)
    {
        var text = JsonNodes.ToJson(node);
        return text.Length <= 256 ? text : text[..256] + "…";
    }

    private sealed record Field(string Name, JsonNode? Static, JsonPath? Path, IntrinsicCall? Call, PayloadTemplate? Nested)
    {
        public bool IsStatic => Path is null && Call is null && Nested is null;
    }
}
