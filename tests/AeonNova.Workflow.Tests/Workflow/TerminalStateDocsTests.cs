using System.Text.Json.Nodes;
using AeonNova.Testing;

namespace AeonNova.Workflow.Tests.Workflow;

/// <summary>
/// Issue #15: the README and docs/workflow.md describe every terminal state with its causes. The state machine's
/// Succeed/Fail states are compared with the "Terminal state" table of docs/workflow.md (name, error, a cause) and
/// with the README's list, so a state added to or removed from the ASL fails here until the docs say why it ends.
/// </summary>
public sealed class TerminalStateDocsTests
{
    [Fact]
    public void TerminalStates_WhenComparedWithWorkflowDocs_ShouldMatchOneRowEachWithErrorAndCause()
    {
        var asl = AslTerminalStates();
        var rows = DocsRows();

        Assert.Empty(asl.Keys.Except(rows.Keys).Order(StringComparer.Ordinal).Select(s => $"terminal state {s} is not in docs/workflow.md"));
        Assert.Empty(rows.Keys.Except(asl.Keys).Order(StringComparer.Ordinal).Select(s => $"docs/workflow.md lists {s}, which is not a terminal state of the ASL"));
        foreach (var (name, error) in asl)
        {
            var cells = rows[name];
            Assert.True(cells[1].Contains(error, StringComparison.Ordinal), $"{name}: docs say '{cells[1]}', the ASL says {error}");
            Assert.True(cells[3].Trim().Length > 10, $"{name}: no cause in docs/workflow.md");
        }
    }

    [Fact]
    public void TerminalStates_WhenComparedWithReadme_ShouldNameEveryOne()
    {
        var readme = File.ReadAllLines(RepoFiles.Path("README.md"));
        var start = Array.FindIndex(readme, l => l.Contains("Workflow terminal states", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no 'Workflow terminal states' note");
        var note = string.Join(' ', readme.Skip(start).TakeWhile((l, i) => i == 0 || l.StartsWith("  ", StringComparison.Ordinal)));

        Assert.Empty(AslTerminalStates().Keys.Where(s => !System.Text.RegularExpressions.Regex.IsMatch(note, $@"\b{s}\b"))
            .Select(s => $"README.md's terminal-state note does not name {s}"));
    }

    // Top-level Succeed/Fail states: where an execution ends. Succeed states have no error; the docs say "Succeed".
    private static Dictionary<string, string> AslTerminalStates()
    {
        var states = JsonNode.Parse(File.ReadAllText(RepoFiles.Definition))!["States"]!.AsObject();
        var terminal = states
            .Where(s => s.Value!["Type"]!.GetValue<string>() is "Succeed" or "Fail")
            .ToDictionary(s => s.Key, s => s.Value!["Type"]!.GetValue<string>() == "Succeed" ? "Succeed" : s.Value!["Error"]?.GetValue<string>() ?? "(no error)",
                StringComparer.Ordinal);
        Assert.True(terminal.Count >= 3, "the ASL has fewer than three terminal states: the definition was not read");
        return terminal;
    }

    private static Dictionary<string, string[]> DocsRows()
    {
        var docs = File.ReadAllLines(RepoFiles.Path("docs", "workflow.md"));
        var start = Array.FindIndex(docs, l => l.StartsWith("| Terminal state |", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/workflow.md has no '| Terminal state |' table");
        return docs.Skip(start + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => c[0], c => c, StringComparer.Ordinal);
    }
}
