using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>What a path or intrinsic is evaluated against: the state's input ($) and its context object ($$).</summary>
internal readonly record struct EvalScope(JsonNode? Input, ContextObject Context, Random Random);

internal static class PathEvaluator
{
    public static bool TryEvaluate(JsonPath path, in EvalScope scope, out JsonNode? value)
    {
        if (!path.IsContext)
        {
            return path.TryEvaluate(scope.Input, out value);
        }
        var root = path.ContextRoot;
        if (root is null)
        {
            return path.TryEvaluate(scope.Context.Whole(), out value);
        }
        if (!scope.Context.HasPart(root))
        {
            if (!path.IsDefinite)
            {
                value = new JsonArray();
                return true;
            }
            value = null;
            return false;
        }
        return path.TryEvaluate(scope.Context.GetPart(root), 1, out value);
    }
}
