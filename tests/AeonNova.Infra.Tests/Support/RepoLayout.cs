namespace AeonNova.Infra.Tests.Support;

/// <summary>The CDK app's inputs in the checkout (root from <see cref="RepoFiles"/>) and the Infra fixtures.</summary>
internal static class RepoLayout
{
    public static string Root => RepoFiles.Root;

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Every statemachines/*.asl.json present in this checkout (none until the workflow lands).</summary>
    public static IReadOnlyList<string> AslFiles()
    {
        var dir = Path.Combine(Root, "statemachines");
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir, "*.asl.json").Order(StringComparer.Ordinal)] : [];
    }
}
