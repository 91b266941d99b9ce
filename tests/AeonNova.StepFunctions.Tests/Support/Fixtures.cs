namespace AeonNova.StepFunctions.Tests.Support;

/// <summary>Paths of fixture files copied to the test output.</summary>
public static class Fixtures
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));
}
