using System.Xml.Linq;
using AeonNova.Testing;

namespace AeonNova.Workflow.Tests.Architecture;

/// <summary>
/// Which product project may use which (docs/architecture.md): the domain references no AWS SDK and nothing from
/// local/; the workflow layer adds no AWS SDK; the local host never reaches the Lambda deployable. Checked on the
/// project files, following project references transitively, so a forbidden dependency fails here however deep it
/// comes in.
/// </summary>
public sealed class ProjectReferenceRulesTests
{
    private const string Functions = "functions/AeonNova.Functions";

    public static TheoryData<string, string[], string[]> Rules => new()
    {
        // project, forbidden project directories (prefixes), forbidden package ids (prefixes)
        { "functions/AeonNova.Core", ["local/", "functions/AeonNova.Workflow", Functions, "functions/AeonNova.Safety", "functions/AeonNova.Analysis", "functions/AeonNova.Approvals"], ["AWSSDK.", "Amazon."] },
        { "functions/AeonNova.Safety", ["local/", "functions/AeonNova.Workflow", Functions], ["AWSSDK.", "Amazon."] },
        { "functions/AeonNova.Analysis", ["local/", "functions/AeonNova.Workflow", Functions], ["AWSSDK.", "Amazon."] },
        { "functions/AeonNova.Approvals", ["local/", "functions/AeonNova.Workflow", Functions], ["AWSSDK.", "Amazon."] },
        { "functions/AeonNova.Workflow", ["local/", Functions], ["AWSSDK.", "Amazon."] },
        { "local/AeonNova.StepFunctions", [Functions, "functions/AeonNova.Workflow"], ["AWSSDK.", "Amazon."] },
        { "local/AeonNova.Jsonata", [Functions, "functions/AeonNova.Workflow", "local/AeonNova.StepFunctions", "local/AeonNova.Local"], ["AWSSDK.", "Amazon."] },
        { "local/AeonNova.Local", [Functions], ["AWSSDK.", "Amazon."] },
        { "local/AeonNova.Cli", [Functions], ["AWSSDK.", "Amazon."] },
        { Functions, ["local/"], ["Amazon.CDK"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void ProjectGraph_WhenFollowedFromAProject_ShouldReachNoForbiddenProjectOrPackage(string project, string[] forbiddenProjects, string[] forbiddenPackages)
    {
        var graph = ProjectGraph.Load(RepoFiles.Root, project);

        var violations = graph.Projects
            .Where(p => forbiddenProjects.Any(f => p.Path.StartsWith(f, StringComparison.Ordinal)))
            .Select(p => $"{p.Via} → project {p.Path}")
            .Concat(graph.Packages
                .Where(p => forbiddenPackages.Any(f => p.Id.StartsWith(f, StringComparison.OrdinalIgnoreCase)))
                .Select(p => $"{p.Via} → package {p.Id}"))
            .ToList();

        Assert.True(violations.Count == 0, $"{project} must not depend on these:\n  " + string.Join("\n  ", violations));
    }

    [Fact]
    public void Rules_WhenComparedWithTheProductProjects_ShouldCoverEachOne()
    {
        var product = Directory.EnumerateFiles(RepoFiles.Path("functions"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepoFiles.Path("local"), "*.csproj", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(RepoFiles.Root, Path.GetDirectoryName(p)!).Replace('\\', '/'))
            .Order();

        Assert.Equal(product, Rules.Select(r => (string)r[0]).Order());
    }

    /// <summary>The project references and package references reachable from one project file.</summary>
    private sealed record ProjectGraph(IReadOnlyList<(string Path, string Via)> Projects, IReadOnlyList<(string Id, string Via)> Packages)
    {
        public static ProjectGraph Load(string root, string projectDirectory)
        {
            var start = Directory.EnumerateFiles(Path.Combine(root, projectDirectory), "*.csproj").Single();
            var projects = new List<(string, string)>();
            var packages = new List<(string, string)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Queue<(string File, string Via)>([(Path.GetFullPath(start), projectDirectory)]);
            while (pending.TryDequeue(out var next))
            {
                if (!seen.Add(next.File))
                {
                    continue;
                }
                var document = XDocument.Load(next.File);
                foreach (var package in document.Descendants("PackageReference"))
                {
                    packages.Add(((string?)package.Attribute("Include") ?? "", next.Via));
                }
                foreach (var reference in document.Descendants("ProjectReference"))
                {
                    var file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next.File)!, ((string?)reference.Attribute("Include") ?? "").Replace('\\', '/')));
                    var relative = Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace('\\', '/');
                    projects.Add((relative, next.Via));
                    pending.Enqueue((file, $"{next.Via} → {relative}"));
                }
            }
            return new ProjectGraph(projects, packages);
        }
    }
}
