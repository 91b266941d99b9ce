using System.Text.RegularExpressions;

namespace AeonNova.Workflow.Tests.Architecture;

/// <summary>
/// The checkout's C# sources as the architecture rules read them: build output skipped, comment lines dropped, and
/// a file cut into its top-level types (the repository uses file-scoped namespaces, so a top-level type starts in
/// column 0 together with its attributes).
/// </summary>
internal static partial class SourceTree
{
    public static IEnumerable<string> Files(params string[] folders) =>
        folders
            .Select(f => RepoFiles.Path(f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*.cs", SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(f))
            .Order(StringComparer.Ordinal);

    public static string Relative(string file) => Path.GetRelativePath(RepoFiles.Root, file).Replace('\\', '/');

    /// <summary>The file's text without whole-line comments (doc comments name types they do not use).</summary>
    public static string Code(string file) => WithoutComments(File.ReadAllText(file));

    public static string WithoutComments(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));

    /// <summary>Each top-level type: its name and its text from its first attribute to the next top-level type.</summary>
    public static IReadOnlyList<TopLevelType> TopLevelTypes(string code)
    {
        var starts = TopLevelDeclaration().Matches(code);
        var types = new List<TopLevelType>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Index : code.Length;
            types.Add(new TopLevelType(starts[i].Groups["name"].Value, starts[i].Groups["attributes"].Value, code[starts[i].Index..end]));
        }
        return types;
    }

    private static bool IsBuildOutput(string file) =>
        Relative(file).Split('/').Any(p => p is "bin" or "obj" or "node_modules" or "cdk.out");

    [GeneratedRegex(@"^(?<attributes>(?:\[[^\n]*\]\s*\n)*)(?:(?:public|internal|file|sealed|static|abstract|partial|readonly)\s+)*(?:class|record|struct|interface|enum)\s+(?<name>\w+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex TopLevelDeclaration();
}

/// <param name="Name">The type's name.</param>
/// <param name="Attributes">The attribute lines written above the declaration.</param>
/// <param name="Text">The declaration with its attributes and body.</param>
internal sealed record TopLevelType(string Name, string Attributes, string Text);
