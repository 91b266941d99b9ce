using System.Globalization;
using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Mocks;

/// <summary>One entry of a mocked response: invocation numbers From..To (inclusive) → Return or Throw.</summary>
internal sealed record MockedResponseRange(int From, int To, JsonNode? Return, string? ThrowError, string? ThrowCause)
{
    public static List<MockedResponseRange> ParseAll(JsonNode? node, string path, List<AslValidationError> errors)
    {
        var list = new List<MockedResponseRange>();
        if (node is not JsonObject entries)
        {
            errors.Add(new AslValidationError(path, "must be an object of invocation ranges (\"0\", \"1-2\") → Return/Throw"));
            return list;
        }
        foreach (var (key, entry) in entries)
        {
            var entryPath = $"{path}['{key}']";
            if (!TryParseRange(key, out var from, out var to))
            {
                errors.Add(new AslValidationError(entryPath, $"'{key}' is not an invocation number or range like \"0\" or \"1-2\""));
                continue;
            }
            if (entry is not JsonObject body)
            {
                errors.Add(new AslValidationError(entryPath, "must be an object with Return or Throw"));
                continue;
            }
            var hasReturn = body.ContainsKey("Return");
            var throwNode = body["Throw"];
            if (hasReturn == (throwNode is not null))
            {
                errors.Add(new AslValidationError(entryPath, "must have exactly one of Return and Throw"));
                continue;
            }
            if (throwNode is not null)
            {
                var error = (throwNode as JsonObject)?["Error"] is JsonValue e && e.TryGetValue<string>(out var es) ? es : null;
                var cause = (throwNode as JsonObject)?["Cause"] is JsonValue c && c.TryGetValue<string>(out var cs) ? cs : null;
                if (error is null)
                {
                    errors.Add(new AslValidationError($"{entryPath}.Throw.Error", "required string is missing"));
                    continue;
                }
                list.Add(new MockedResponseRange(from, to, null, error, cause));
            }
            else
            {
                list.Add(new MockedResponseRange(from, to, body["Return"]?.DeepClone(), null, null));
            }
        }
        if (list.Count > 1)
        {
            list.Sort((a, b) => a.From.CompareTo(b.From));
        }
        return list;
    }

    private static bool TryParseRange(string key, out int from, out int to)
    {
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            var ok = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out from);
            to = from;
            return ok;
        }
        to = 0;
        return int.TryParse(key.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out from)
            && int.TryParse(key.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out to)
            && to >= from;
    }
}
