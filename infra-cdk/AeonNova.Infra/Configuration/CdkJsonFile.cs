using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.Infra.Configuration;

/// <summary>
/// Reads cdk.json's "context" as the plain values the CDK CLI would hand the app (dictionaries, arrays, strings,
/// numbers, booleans), for runs without the CLI: `dotnet run --project infra-cdk/AeonNova.Infra` and the tests.
/// </summary>
public static class CdkJsonFile
{
    public const string FileName = "cdk.json";

    /// <summary>The nearest directory at or above <paramref name="start"/> that holds cdk.json.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, FileName)))
            {
                return dir.FullName;
            }
        }

        throw new InfraConfigurationException($"no {FileName} in {start} or any parent directory; run from the repository.");
    }

    public static Dictionary<string, object> ReadContext(string root)
    {
        var file = Path.Combine(root, FileName);
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            throw new InfraConfigurationException($"{file}: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new InfraConfigurationException($"{file}: cannot be read: {ex.Message}", ex);
        }

        return ToPlain(document?["context"]) as Dictionary<string, object>
            ?? throw new InfraConfigurationException($"{file}: \"context\" is missing or not an object.");
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => ToPlain(p.Value)!, StringComparer.Ordinal),
        JsonArray array => array.Select(ToPlain).ToArray(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
