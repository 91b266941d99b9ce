using AeonNova.Infra.Configuration;

namespace AeonNova.Infra.Tests.Support;

/// <summary>Builds CDK context dictionaries from the repository's cdk.json, the way the CLI hands them to the app.</summary>
internal static class TestContext
{
    public static Dictionary<string, object> FromCdkJson(string env)
    {
        var context = CdkJsonFile.ReadContext(RepoLayout.Root);
        context["env"] = env;
        return context;
    }

    /// <summary>The real definition once the workflow has written it, else the fixture with the contract's keys.</summary>
    public static string StateMachineFile()
    {
        var real = Path.Combine(RepoLayout.Root, "statemachines", "remediation.asl.json");
        return File.Exists(real) ? real : RepoLayout.Fixture("placeholder.asl.json");
    }
}
