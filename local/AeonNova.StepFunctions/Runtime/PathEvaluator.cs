using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>What a path or intrinsic is evaluated against: the state's input ($) and its context object ($$).</summary>
internal readonly record struct EvalScope(JsonNode? Input, ContextObject Context, Random Random);

internal static class PathEvaluator
{
    public static bool TryEvaluate(JsonPath path, in EvalScope scope, out JsonNode? value)
    {
        if (path.VariableName is { } variable)
        {
            if (scope.Context.Variables is { } variables && variables.TryGet(variable, out var variableValue)) { return path.TryEvaluate(variableValue, out value); }
            value = null;
            return false;
        }
        if (!path.IsContext)
        {
            return path.TryEvaluate(scope.Input, out value);
        }
        var root = path.ContextRoot;
        if (root is null)
        {
            return path.TryEvaluate(scope.Context.Whole(), out value);
        }
        // $$.Map.Item.Value… and $$.Map.Item.Index are read straight from the iteration, without building the Map part.
        if (root == "Map" && path.IsDefinite && scope.Context.MapItem is { } item && path.Segments.Count >= 3
            && path.Segments[1] is MemberSegment { Name: "Item" } && path.Segments[2] is MemberSegment third)
        {
            if (third.Name == "Value") { return path.TryEvaluate(item.Value, 3, out value); }
            if (third.Name == "Index" && path.Segments.Count == 3)
            {
                value = JsonValue.Create(item.Index);
                return true;
            }
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
