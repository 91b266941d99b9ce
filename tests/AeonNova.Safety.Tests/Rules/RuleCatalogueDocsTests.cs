using AeonNova.Safety.Rules;
using AeonNova.Safety.Tests.Policy;

namespace AeonNova.Safety.Tests.Rules;

public sealed class RuleCatalogueDocsTests
{
    [Fact]
    public void RuleCatalogueDocs_WhenGenerated_ShouldMatchCommittedFile()
    {
        var path = Path.Combine(RepoFiles.Root, "docs", "safety-rules.md");
        var expected = RuleCatalogueMarkdown.Render(RuleCatalogue.LoadEmbedded());
        if (Environment.GetEnvironmentVariable("AEONNOVA_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }
        Assert.True(File.Exists(path), $"{path} is missing; run with AEONNOVA_UPDATE_DOCS=1 to generate it");
        var actual = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(actual == expected, "docs/safety-rules.md is out of date with Rules/catalogue.json; regenerate with AEONNOVA_UPDATE_DOCS=1 dotnet test tests/AeonNova.Safety.Tests --filter RuleCatalogueDocs");
    }

    [Fact]
    public void Catalogue_WhenLoaded_ShouldHaveCompleteEntries()
    {
        var catalogue = RuleCatalogue.LoadEmbedded();
        Assert.All(catalogue.Rules, r =>
        {
            Assert.Matches("^[a-z]+\\.[a-z0-9-]+$", r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Message), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Rationale), r.Id);
            Assert.True(r.Mitre.Length == 0 || System.Text.RegularExpressions.Regex.IsMatch(r.Mitre, "^T[0-9]{4}(\\.[0-9]{3})?$"), r.Id);
        });
    }
}
