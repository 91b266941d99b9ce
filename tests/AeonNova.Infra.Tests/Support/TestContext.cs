using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.Infra.Tests.Support;

/// <summary>Builds CDK context dictionaries from the repository's cdk.json, the way the CLI hands them to the app.</summary>
internal static class TestContext
{
    public static Dictionary<string, object> FromCdkJson(string env)
    {
        var cdkJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoLayout.Root, "cdk.json")))!;
        var context = (Dictionary<string, object>)ToPlain(cdkJson["context"])!;
        context["env"] = env;
        return context;
    }

    /// <summary>The real definition once the workflow has written it, else the fixture with the contract's keys.</summary>
    public static string StateMachineFile()
    {
        var real = Path.Combine(RepoLayout.Root, "statemachines", "remediation.asl.json");
        return File.Exists(real) ? real : RepoLayout.Fixture("placeholder.asl.json");
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value)!),
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
