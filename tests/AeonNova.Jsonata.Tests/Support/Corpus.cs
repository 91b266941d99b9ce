using System.Text.Json.Nodes;

namespace AeonNova.Jsonata.Tests.Support;

/// <summary>One differential case: an expression evaluated over a named input (or none).</summary>
public sealed record DiffCase(string Id, string? Input, string Expression);

/// <summary>Loads Fixtures/corpus/*.jsonata (one expression a line; "@input NAME" switches the input; "#" comments)
/// and Fixtures/inputs/*.json.</summary>
public static class Corpus
{
    public static string FixturePath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static IReadOnlyDictionary<string, JsonNode?> Inputs() =>
        Directory.GetFiles(FixturePath("inputs"), "*.json").Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => JsonNode.Parse(File.ReadAllText(f)));

    public static IReadOnlyList<DiffCase> Load()
    {
        var cases = new List<DiffCase>();
        foreach (var file in Directory.GetFiles(FixturePath("corpus"), "*.jsonata").Order(StringComparer.Ordinal))
        {
            string? input = null;
            var name = Path.GetFileNameWithoutExtension(file);
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Length == 0 || line.StartsWith('#')) { continue; }
                if (line.StartsWith("@input ", StringComparison.Ordinal))
                {
                    var inputName = line["@input ".Length..].Trim();
                    input = inputName == "none" ? null : inputName;
                    continue;
                }
                cases.Add(new DiffCase($"{name}:{lineNumber}", input, line));
            }
        }
        return cases;
    }

    /// <summary>Entries the local engine deliberately answers differently, each with its reason (expression → reason).</summary>
    public static IReadOnlyDictionary<string, string> KnownDifferences()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(FixturePath("known-differences.txt")))
        {
            if (line.Length == 0 || line.StartsWith('#')) { continue; }
            var split = line.IndexOf(" => ", StringComparison.Ordinal);
            result[line[..split]] = line[(split + 4)..];
        }
        return result;
    }
}
