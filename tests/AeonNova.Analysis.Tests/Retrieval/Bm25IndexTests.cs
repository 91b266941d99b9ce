using AeonNova.Analysis.Retrieval;

namespace AeonNova.Analysis.Tests.Retrieval;

public class Bm25IndexTests
{
    private static Bm25Document Doc(string id, string title, string body = "") =>
        new(id, new Dictionary<string, string> { ["title"] = title, ["body"] = body });

    [Fact]
    public void Search_WhenSingleField_ShouldMatchHandComputedBm25()
    {
        // N = 3, "disk" in 2 docs: idf = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6).
        // Doc a: tf 1, length 2, avg length (2 + 2 + 1) / 3 = 5/3 → norm = 0.25 + 0.75 · 2 / (5/3) = 1.15.
        var index = new Bm25Index([Doc("a", "disk full"), Doc("b", "disk inode"), Doc("c", "memory")]);

        var hits = index.Search(Bm25Index.QueryFromText("disk"), 10);

        var tf = 1 / 1.15;
        var expected = Math.Log(1.6) * tf * 2.2 / (1.2 + tf);
        Assert.Equal(2, hits.Count);
        Assert.Equal(expected, hits[0].Score, 10);
        Assert.Equal(expected, hits[1].Score, 10);
    }

    [Fact]
    public void Search_WhenScoresTie_ShouldOrderByIdOrdinal()
    {
        var index = new Bm25Index([Doc("zeta", "disk full"), Doc("alpha", "disk full"), Doc("mid", "disk full")]);

        var hits = index.Search(Bm25Index.QueryFromText("disk"), 3);

        Assert.Equal(["alpha", "mid", "zeta"], hits.Select(h => h.Id));
    }

    [Fact]
    public void Search_WhenFieldBoosted_ShouldRankTitleMatchAboveBodyMatch()
    {
        var docs = new[] { Doc("body-hit", "memory", "disk"), Doc("title-hit", "disk", "memory") };
        var boosted = new Bm25Index(docs, new Bm25Options { FieldBoosts = new Dictionary<string, double> { ["title"] = 3.0 } });

        var hits = boosted.Search(Bm25Index.QueryFromText("disk"), 2);

        Assert.Equal("title-hit", hits[0].Id);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void Search_WhenTermRepeats_ShouldSaturate()
    {
        var index = new Bm25Index([Doc("once", "disk x"), Doc("many", "disk disk disk disk disk disk"), Doc("none", "memory cpu")]);

        var hits = index.Search(Bm25Index.QueryFromText("disk"), 3).ToDictionary(h => h.Id, h => h.Score);

        Assert.True(hits["many"] > hits["once"]);
        Assert.True(hits["many"] < 2.2 * Math.Log(1 + (1.5 / 2.5)), "BM25 is bounded by idf · (k1 + 1)");
    }

    [Fact]
    public void Search_WhenNoTermMatches_ShouldReturnNoHitsAndKLimits()
    {
        var index = new Bm25Index([Doc("a", "disk"), Doc("b", "disk"), Doc("c", "disk")]);

        Assert.Empty(index.Search(Bm25Index.QueryFromText("kubernetes"), 5));
        Assert.Single(index.Search(Bm25Index.QueryFromText("disk"), 1));
        Assert.Empty(index.Search(Bm25Index.QueryFromText("disk"), 0));
    }
}
