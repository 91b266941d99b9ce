namespace AeonNova.Analysis.Retrieval;

/// <summary>A document to index: an id (tie-breaker, ordinal) and its text per field.</summary>
public sealed record Bm25Document(string Id, IReadOnlyDictionary<string, string> Fields);

/// <summary>BM25F parameters: saturation k1, length normalisation b, and a weight per field.</summary>
public sealed record Bm25Options
{
    public double K1 { get; init; } = 1.2;
    public double B { get; init; } = 0.75;
    /// <summary>Field name → boost. Fields not listed get 1.0.</summary>
    public IReadOnlyDictionary<string, double> FieldBoosts { get; init; } = new Dictionary<string, double>();
}

/// <summary>One scored document.</summary>
public readonly record struct Bm25Hit(int Index, string Id, double Score);

/// <summary>
/// BM25F (Robertson &amp; Zaragoza): per term, field frequencies are length-normalised per field, weighted by
/// the field boost and summed into one pseudo-frequency, which is then saturated once:
///   tf~ = Σ_f boost_f · tf_f / (1 − b + b · len_f / avglen_f)
///   score(d, q) = Σ_t w_q(t) · idf(t) · tf~ · (k1 + 1) / (k1 + tf~),  idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)).
/// Everything except the query weights is known at build time, so the per-term, per-document contribution is
/// precomputed and a search is a few dictionary look-ups and additions. Ranking is deterministic: score
/// descending, then id (ordinal).
/// </summary>
public sealed class Bm25Index
{
    private readonly Dictionary<string, (int Doc, double Weight)[]> _postings;
    private readonly string[] _ids;

    public Bm25Index(IReadOnlyList<Bm25Document> documents, Bm25Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        options ??= new Bm25Options();
        _ids = [.. documents.Select(d => d.Id)];
        var fieldNames = documents.SelectMany(d => d.Fields.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        // Tokenize each field once; term frequencies per (doc, field).
        var tfs = new Dictionary<string, int>[documents.Count, fieldNames.Length];
        var lengths = new int[documents.Count, fieldNames.Length];
        var avg = new double[fieldNames.Length];
        for (var d = 0; d < documents.Count; d++)
        {
            for (var f = 0; f < fieldNames.Length; f++)
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                var terms = Tokenizer.Tokenize(documents[d].Fields.GetValueOrDefault(fieldNames[f]));
                foreach (var t in terms)
                {
                    counts[t] = counts.GetValueOrDefault(t) + 1;
                }
                tfs[d, f] = counts;
                lengths[d, f] = terms.Count;
                avg[f] += terms.Count;
            }
        }
        for (var f = 0; f < fieldNames.Length; f++)
        {
            avg[f] = documents.Count == 0 ? 0 : avg[f] / documents.Count;
        }
        var boosts = fieldNames.Select(f => options.FieldBoosts.GetValueOrDefault(f, 1.0)).ToArray();
        var pseudo = new Dictionary<string, Dictionary<int, double>>(StringComparer.Ordinal);
        for (var d = 0; d < documents.Count; d++)
        {
            for (var f = 0; f < fieldNames.Length; f++)
            {
                var norm = 1 - options.B + (options.B * (avg[f] == 0 ? 1 : lengths[d, f] / avg[f]));
                foreach (var (term, tf) in tfs[d, f])
                {
                    if (!pseudo.TryGetValue(term, out var perDoc))
                    {
                        pseudo[term] = perDoc = [];
                    }
                    perDoc[d] = perDoc.GetValueOrDefault(d) + (boosts[f] * tf / norm);
                }
            }
        }
        var n = documents.Count;
        _postings = new Dictionary<string, (int, double)[]>(pseudo.Count, StringComparer.Ordinal);
        foreach (var (term, perDoc) in pseudo)
        {
            var df = perDoc.Count;
            var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
            _postings[term] = [.. perDoc.OrderBy(p => p.Key).Select(p =>
                (p.Key, idf * p.Value * (options.K1 + 1) / (options.K1 + p.Value)))];
        }
    }

    public int Count => _ids.Length;

    /// <summary>Scores of every document for the weighted query terms (index = document position).</summary>
    public double[] ScoreAll(IReadOnlyDictionary<string, double> queryWeights) => ScoreAll(queryWeights, null);

    /// <summary>As <see cref="ScoreAll(IReadOnlyDictionary{string, double})"/>, also counting distinct matched query terms per document.</summary>
    public double[] ScoreAll(IReadOnlyDictionary<string, double> queryWeights, int[]? matchedTerms)
    {
        ArgumentNullException.ThrowIfNull(queryWeights);
        var scores = new double[_ids.Length];
        foreach (var (term, weight) in queryWeights)
        {
            if (_postings.TryGetValue(term, out var postings))
            {
                foreach (var (doc, w) in postings)
                {
                    scores[doc] += weight * w;
                    if (matchedTerms is not null)
                    {
                        matchedTerms[doc]++;
                    }
                }
            }
        }
        return scores;
    }

    /// <summary>Top <paramref name="k"/> documents with a positive score, best first, ties by id.</summary>
    public IReadOnlyList<Bm25Hit> Search(IReadOnlyDictionary<string, double> queryWeights, int k)
    {
        var scores = ScoreAll(queryWeights);
        return Rank(scores, k);
    }

    public IReadOnlyList<Bm25Hit> Rank(double[] scores, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return [.. Enumerable.Range(0, scores.Length)
            .Where(i => scores[i] > 0)
            .Select(i => new Bm25Hit(i, _ids[i], scores[i]))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Id, StringComparer.Ordinal)
            .Take(Math.Max(0, k))];
    }

    /// <summary>Query weights for free text: each distinct term counts once with weight 1.</summary>
    public static Dictionary<string, double> QueryFromText(string text) =>
        Tokenizer.Tokenize(text).Distinct(StringComparer.Ordinal).ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal);
}
