namespace AeonNova.StepFunctions.Tests.Support;

/// <summary>Paths of fixture files copied to the test output.</summary>
public static class Fixtures
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));

    /// <summary>The repository root (folder holding AeonNova.Serverless.sln), or null outside a checkout.</summary>
    public static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AeonNova.Serverless.sln"))) { return dir.FullName; }
        }
        return null;
    }
}
