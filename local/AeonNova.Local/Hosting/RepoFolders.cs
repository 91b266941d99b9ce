namespace AeonNova.Local.Hosting;

/// <summary>
/// Finds the project's data folders (statemachines/, runbooks/, prompts/) for serve and the CLI: walking up from the
/// working directory to a checkout first, then the copies shipped next to the binary.
/// </summary>
public static class RepoFolders
{
    public static string Find(string folder)
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder);
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "AeonNova.Serverless.sln")))
            {
                return candidate;
            }
        }
        return Path.Combine(AppContext.BaseDirectory, folder);
    }
}
