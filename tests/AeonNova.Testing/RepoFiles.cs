namespace AeonNova.Testing;

/// <summary>
/// Paths inside the checkout (statemachines/, runbooks/, samples/, config/, tools/) and the test fixtures: the one
/// place that finds the repository root (RepoSupportRulesTests keeps it the only one).
/// </summary>
public static class RepoFiles
{
    /// <summary>The file that marks the checkout root (a test that builds a checkout-shaped folder writes it).</summary>
    public const string Marker = "AeonNova.Serverless.sln";

    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Definition => Path("statemachines", "remediation.asl.json");

    /// <summary>The samples/alerts/SOURCE/FILE payload.</summary>
    public static string Sample(string source, string file) => Path("samples", "alerts", source, file);

    /// <summary>A file under the test project's Fixtures/ folder (copied to the output), as a path.</summary>
    public static string FixturePath(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>The text of a file under the test project's Fixtures/ folder.</summary>
    public static string Fixture(string name) => File.ReadAllText(FixturePath(name));

    // The test binary lives below the checkout; a benchmark child process may run from elsewhere with the checkout as
    // its working directory, so both are tried.
    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, Marker)))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"checkout root ({Marker}) not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");
    }
}
