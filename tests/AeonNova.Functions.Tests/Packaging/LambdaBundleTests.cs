using System.Text.Json.Nodes;

namespace AeonNova.Functions.Tests.Packaging;

/// <summary>
/// The Lambda deployable carries only what it runs. Read from the deployable's restore result
/// (functions/AeonNova.Functions/obj/project.assets.json: every package `dotnet publish` copies, with who pulls it
/// in), so a model SDK, a test or build tool, or an unused library reaching the bundle through any reference fails
/// here without a publish.
/// </summary>
public sealed class LambdaBundleTests
{
    // The Lambda never calls a model itself (Step Functions' bedrock:invokeModel does) and never runs the local stack.
    private static readonly string[] Forbidden =
    [
        "OpenAI", "Microsoft.Extensions.AI", "System.ClientModel", "Lucene.Net", "Markdig", "Microsoft.Data.Sqlite",
        "SSH.NET", "prometheus-net", "Amazon.CDK", "Amazon.JSII", "Microsoft.Playwright", "BenchmarkDotNet", "xunit",
        "Microsoft.NET.Test.Sdk", "Jint",
    ];

    // Newtonsoft.Json is there only because the PowerShell parser's package (ValidateScript) depends on it.
    private static readonly Dictionary<string, string[]> AllowedOnlyThrough = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Newtonsoft.Json"] = ["System.Management.Automation"],
    };

    [Fact]
    public void PackageClosure_WhenTheDeployableIsRestored_ShouldHoldNoModelSdkToolOrUnusedLibrary()
    {
        var packages = Packages();

        var forbidden = packages.Keys.Where(id => Forbidden.Any(f => id.Equals(f, StringComparison.OrdinalIgnoreCase) || id.StartsWith(f + ".", StringComparison.OrdinalIgnoreCase)));

        Assert.Empty(forbidden);
    }

    [Fact]
    public void PackageClosure_WhenNewtonsoftJsonIsPresent_ShouldBePulledInOnlyByThePowerShellParser()
    {
        var packages = Packages();

        foreach (var (id, allowed) in AllowedOnlyThrough)
        {
            var pulledBy = packages.Where(p => p.Value.Contains(id, StringComparer.OrdinalIgnoreCase)).Select(p => p.Key).ToList();
            Assert.All(pulledBy, by => Assert.Contains(by, allowed, StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>Package id → the ids it depends on, for the deployable's net10.0 target.</summary>
    private static Dictionary<string, string[]> Packages()
    {
        var assets = RepoFiles.Path("functions", "AeonNova.Functions", "obj", "project.assets.json");
        Assert.True(File.Exists(assets), "the deployable has not been restored: " + assets);
        var targets = JsonNode.Parse(File.ReadAllText(assets))!["targets"]!.AsObject();
        var libraries = targets.Single(t => !t.Key.Contains('/', StringComparison.Ordinal)).Value!.AsObject();
        return libraries
            .Where(l => (string?)l.Value!["type"] == "package")
            .ToDictionary(
                l => l.Key[..l.Key.IndexOf('/', StringComparison.Ordinal)],
                l => l.Value!["dependencies"]?.AsObject().Select(d => d.Key).ToArray() ?? [],
                StringComparer.OrdinalIgnoreCase);
    }
}
