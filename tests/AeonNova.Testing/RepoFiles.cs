namespace AeonNova.Testing;

/// <summary>Paths inside the checkout (statemachines/, runbooks/, prompts/, config/) and the test fixtures.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Definition => Path("statemachines", "remediation.asl.json");

    public static string Fixture(string name) => File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AeonNova.Serverless.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("checkout root (AeonNova.Serverless.sln) not found above " + AppContext.BaseDirectory);
    }
}
