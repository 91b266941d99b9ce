namespace AeonNova.Infra.Tests.Support;

/// <summary>Finds the repository root (the directory holding the solution and cdk.json) from the test output.</summary>
internal static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Every statemachines/*.asl.json present in this checkout (none until the workflow lands).</summary>
    public static IReadOnlyList<string> AslFiles()
    {
        var dir = Path.Combine(Root, "statemachines");
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir, "*.asl.json").Order(StringComparer.Ordinal)] : [];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AeonNova.Serverless.sln")) && File.Exists(Path.Combine(dir.FullName, "cdk.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no repository root above {AppContext.BaseDirectory}");
    }
}
