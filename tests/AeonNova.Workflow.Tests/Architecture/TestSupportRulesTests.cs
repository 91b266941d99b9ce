using System.Text.RegularExpressions;

namespace AeonNova.Workflow.Tests.Architecture;

/// <summary>
/// Test support lives in tests/AeonNova.Testing and exists once (STYLE.md 14): a shipped assembly carries no test
/// double that the product itself does not use, and only <see cref="RepoFiles"/> walks up to the checkout root.
/// Both rules read the source tree, so a new copy fails here whichever project it lands in.
/// </summary>
public sealed partial class TestSupportRulesTests
{
    private static readonly string[] ProductFolders = ["functions", "local", "infra-cdk"];

    [Fact]
    public void ProductSources_WhenScanned_ShouldDeclareNoTestDoubleThatProductCodeDoesNotUse()
    {
        var files = SourceTree.Files(ProductFolders).Select(f => (Path: f, Code: SourceTree.Code(f))).ToList();

        var unused = (
            from file in files
            from Match declaration in TestDoubleDeclaration().Matches(file.Code)
            let name = declaration.Groups["name"].Value
            let word = new Regex($@"\b{name}\b", RegexOptions.CultureInvariant)
            where !files.Any(other => other.Path != file.Path && word.IsMatch(other.Code))
            select $"{SourceTree.Relative(file.Path)}: {name}").ToList();

        Assert.True(unused.Count == 0,
            "test doubles in product assemblies that no product code uses; move them to tests/AeonNova.Testing:\n  " + string.Join("\n  ", unused));
    }

    [Fact]
    public void TestSources_WhenScanned_ShouldFindTheCheckoutRootOnlyThroughRepoFiles()
    {
        // RepoFiles is the finder; this file holds the patterns as examples.
        string[] allowed = [RepoFiles.Path("tests", "AeonNova.Testing", "RepoFiles.cs"), RepoFiles.Path("tests", "AeonNova.Workflow.Tests", "Architecture", "TestSupportRulesTests.cs")];

        var finders = (
            from file in SourceTree.Files("tests")
            where !allowed.Contains(file)
            let code = SourceTree.Code(file)
            where DirectoryWalkUp().IsMatch(code) || SolutionMarker().IsMatch(code)
            select SourceTree.Relative(file)).ToList();

        Assert.True(finders.Count == 0,
            "these test sources look for the checkout root themselves; use RepoFiles.Root / RepoFiles.Path(...) instead:\n  " + string.Join("\n  ", finders));
    }

    [Theory]
    [InlineData("internal sealed class InMemoryWidgetStore : IWidgetStore { }", true)]
    [InlineData("public sealed record FakeClock(DateTimeOffset Now);", true)]
    [InlineData("public sealed class ScriptedExecutor { }", true)]
    [InlineData("public sealed class SqliteWidgetStore { }", false)]
    public void TestDoubleDeclaration_WhenGivenADeclaration_ShouldRecogniseTestDoubleNames(string code, bool expected)
    {
        Assert.Equal(expected, TestDoubleDeclaration().IsMatch(code));
    }

    [Theory]
    [InlineData("for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent) { }", true)]
    [InlineData("var marker = Path.Combine(dir, \"AeonNova.Serverless.sln\");", true)]
    [InlineData("var pattern = \"*.sln\";", true)]
    [InlineData("var root = RepoFiles.Path(\"samples\");", false)]
    public void RootFinderPatterns_WhenGivenCode_ShouldRecogniseAWalkUpOrTheSolutionMarker(string code, bool expected)
    {
        Assert.Equal(expected, DirectoryWalkUp().IsMatch(code) || SolutionMarker().IsMatch(code));
    }

    [GeneratedRegex(@"\b(?:class|record|struct)\s+(?<name>(?:InMemory|Fake|Stub|Scripted|Mock|Dummy)\w*)", RegexOptions.CultureInvariant)]
    private static partial Regex TestDoubleDeclaration();

    // `x = x.Parent)` closes the usual `for (var x = new DirectoryInfo(...); x is not null; x = x.Parent)` walk.
    [GeneratedRegex(@"new\s+DirectoryInfo\b[^;]*;[^;]*;\s*\w+\s*=\s*\w+\.Parent\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex DirectoryWalkUp();

    [GeneratedRegex(@"\.slnx?""", RegexOptions.CultureInvariant)]
    private static partial Regex SolutionMarker();
}
