using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Runtime;

namespace AeonNova.StepFunctions.Json;

/// <summary>
/// Applies a ResultPath: returns a new document equal to the raw state input with the result placed at the path
/// (missing objects on the way are created). The input itself is never changed.
/// </summary>
internal static class ResultPathWriter
{
    /// <param name="move">The raw input is owned by this state alone (no history keeps it): its children are moved, not copied.</param>
    public static JsonNode? Apply(JsonNode? rawInput, JsonPath resultPath, JsonNode? result, string stateName, bool move = false)
    {
        var segments = resultPath.Segments;
        if (segments.Count == 0) { return result; }
        // Moving empties the input as it goes, so check the whole path first: a mismatch must leave the input intact for Catch.
        if (move && !Fits(rawInput, segments)) { move = false; }
        return Set(rawInput, segments, 0, result, resultPath, stateName, rawInput, move);
    }

    private static JsonNode Set(JsonNode? node, IReadOnlyList<PathSegment> segments, int index, JsonNode? result, JsonPath path, string stateName, JsonNode? rawInput, bool move)
    {
        var segment = segments[index];
        var last = index == segments.Count - 1;
        if (segment is MemberSegment member)
        {
            if (node is not JsonObject obj)
            {
                throw Mismatch(path, stateName, rawInput, $"'{member.Name}' cannot be set on {JsonNodes.TypeName(node)}");
            }
            var copy = new JsonObject();
            var replaced = false;
            KeyValuePair<string, JsonNode?>[]? moved = null;
            if (move)
            {
                moved = [.. obj];
                obj.Clear(); // detaches the children so they can be re-parented without copying
            }
            foreach (var (key, value) in (IEnumerable<KeyValuePair<string, JsonNode?>>?)moved ?? obj)
            {
                if (key == member.Name)
                {
                    copy[key] = last ? result : Set(value ?? new JsonObject(), segments, index + 1, result, path, stateName, rawInput, move);
                    replaced = true;
                }
                else
                {
                    copy[key] = move ? value : JsonNodes.Copy(value);
                }
            }
            if (!replaced)
            {
                copy[member.Name] = last ? result : Set(new JsonObject(), segments, index + 1, result, path, stateName, rawInput, move);
            }
            return copy;
        }
        var indexSegment = (IndexSegment)segment;
        if (node is not JsonArray array)
        {
            throw Mismatch(path, stateName, rawInput, $"index {indexSegment.Index} cannot be set on {JsonNodes.TypeName(node)}");
        }
        var i = indexSegment.Index < 0 ? array.Count + indexSegment.Index : indexSegment.Index;
        if (i < 0 || i >= array.Count)
        {
            throw Mismatch(path, stateName, rawInput, $"index {indexSegment.Index} is outside the array of length {array.Count}");
        }
        var list = new JsonArray();
        for (var k = 0; k < array.Count; k++)
        {
            list.Add(k == i ? (last ? result : Set(array[k], segments, index + 1, result, path, stateName, rawInput, move: false)) : JsonNodes.Copy(array[k]));
        }
        return list;
    }

    private static bool Fits(JsonNode? node, IReadOnlyList<PathSegment> segments)
    {
        foreach (var segment in segments)
        {
            if (segment is MemberSegment member)
            {
                if (node is not JsonObject obj) { return false; }
                if (!obj.TryGetPropertyValue(member.Name, out node)) { return true; }
                node ??= new JsonObject();
            }
            else
            {
                return false; // indexes are rare in ResultPath: take the copying path
            }
        }
        return true;
    }

    private static StatesErrorException Mismatch(JsonPath path, string stateName, JsonNode? rawInput, string why) =>
        new(StatesErrors.ResultPathMatchFailure,
            $"An error occurred while executing the state '{stateName}'. Unable to apply ResultPath '{path.Text}' to input '{PayloadTemplate.Preview(rawInput)}': {why}");
}
