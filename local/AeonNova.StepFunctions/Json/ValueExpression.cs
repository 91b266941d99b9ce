using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Intrinsics;
using AeonNova.StepFunctions.Runtime;

namespace AeonNova.StepFunctions.Json;

/// <summary>A field that holds a path or an intrinsic function (Fail's ErrorPath/CausePath).</summary>
internal sealed class ValueExpression
{
    private readonly JsonPath? _path;
    private readonly IntrinsicCall? _call;

    private ValueExpression(JsonPath? path, IntrinsicCall? call)
    {
        _path = path;
        _call = call;
    }

    public string Text => _path?.Text ?? _call!.Text;

    public static ValueExpression? Compile(string text, string location, bool allowIntrinsic, List<AslValidationError> errors)
    {
        if (allowIntrinsic && IntrinsicCall.LooksLikeIntrinsic(text))
        {
            if (IntrinsicCall.TryParse(text, out var call, out var error)) { return new ValueExpression(null, call); }
            errors.Add(new AslValidationError(location, error!));
            return null;
        }
        if (JsonPath.TryParse(text, out var path, out var pathError)) { return new ValueExpression(path, null); }
        errors.Add(new AslValidationError(location, pathError!));
        return null;
    }

    public JsonNode? Evaluate(in EvalScope scope, string stateName, string field)
    {
        if (_call is not null) { return _call.Evaluate(scope); }
        if (PathEvaluator.TryEvaluate(_path!, scope, out var value)) { return value; }
        throw new StatesErrorException(StatesErrors.Runtime,
            $"An error occurred while executing the state '{stateName}'. The JSONPath '{_path!.Text}' specified for the field '{field}' could not be found in the input '{PayloadTemplate.Preview(scope.Input)}'");
    }
}
