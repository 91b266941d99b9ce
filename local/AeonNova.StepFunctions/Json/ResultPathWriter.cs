using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Runtime;

namespace AeonNova.StepFunctions.Json;

/// <summary>
/// Applies a ResultPath: the raw state input with the result placed at the path (missing objects on the way are
/// created). An input the state owns is changed in place; otherwise a new document is built and the input is kept.
/// </summary>
internal static class ResultPathWriter
{
    /// <param name="move">The raw input is owned by this state alone: it is changed in place instead of copied.</param>
    public static JsonNode? Apply(JsonNode? rawInput, JsonPath resultPath, JsonNode? result, string stateName, bool move = false)
    {
        var segments = resultPath.Segments;
        if (segments.Count == 0) { return result; }
        // An input owned by this state alone is changed in place; check the whole path first: a mismatch must leave
        // the input intact for Catch (the copying path below then reports it).
        if (move && Fits(rawInput, segments))
        {
            SetInPlace((JsonObject)rawInput!, segments, result);
            return rawInput;
        }
        return Set(rawInput, segments, 0, result, resultPath, stateName, rawInput);
    }

    private static void SetInPlace(JsonObject obj, IReadOnlyList<PathSegment> segments, JsonNode? result)
    {
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var name = ((MemberSegment)segments[i]).Name;
            if (obj.TryGetPropertyValue(name, out var child) && child is JsonObject next)
            {
                obj = next;
            }
            else
            {
                next = new JsonObject();
                obj[name] = next; // missing or JSON null: created, as the copying path does
                obj = next;
            }
        }
        obj[((MemberSegment)segments[^1]).Name] = result;
    }

    private static JsonNode Set(JsonNode? node, IReadOnlyList<PathSegment> segments, int index, JsonNode? result, JsonPath path, string stateName, JsonNode? rawInput)
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
            foreach (var (key, value) in obj)
            {
                if (key == member.Name)
                {
                    copy[key] = last ? result : Set(value ?? new JsonObject(), segments, index + 1, result, path, stateName, rawInput);
                    replaced = true;
                }
                else
                {
                    copy[key] = JsonNodes.Copy(value);
                }
            }
            if (!replaced)
            {
                copy[member.Name] = last ? result : Set(new JsonObject(), segments, index + 1, result, path, stateName, rawInput);
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
            list.Add(k == i ? (last ? result : Set(array[k], segments, index + 1, result, path, stateName, rawInput)) : JsonNodes.Copy(array[k]));
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
