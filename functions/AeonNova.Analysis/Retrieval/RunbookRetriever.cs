using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Retrieval;

/// <summary>A retrieved runbook and its BM25F score.</summary>
public sealed record RunbookMatch(Runbook Runbook, double Score);

/// <summary>
/// BM25F retrieval over the runbooks. Document fields and boosts: alert-name patterns (3.0), title (2.5),
/// keywords (2.0), label keys and values (1.5), summary and steps (1.0), the rest of the body incl. scripts (0.4).
/// An alert becomes a weighted query: alert name ×3, title ×2, service ×1.5, label values ×1,
/// label keys ×0.5, description ×0.5 (first 1,000 characters); a term counts once per source.
/// Immutable and thread-safe once built.
/// </summary>
public sealed class RunbookRetriever
{
    public static readonly IReadOnlyDictionary<string, double> DefaultFieldBoosts = new Dictionary<string, double>
    {
        ["alertNames"] = 3.0,
        ["title"] = 2.5,
        ["keywords"] = 2.0,
        ["labels"] = 1.5,
        ["summary"] = 1.0,
        ["body"] = 0.4,
    };

    private const int MaxDescriptionChars = 1000;
    private readonly Bm25Index _index;
    private readonly IReadOnlyList<Runbook> _runbooks;

    public RunbookRetriever(RunbookRepository repository, Bm25Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _runbooks = repository.All;
        _index = new Bm25Index(
            [.. _runbooks.Select(ToDocument)],
            options ?? new Bm25Options { FieldBoosts = DefaultFieldBoosts });
    }

    public IReadOnlyList<Runbook> Runbooks => _runbooks;

    /// <summary>Top-k runbooks for free text (each distinct term weight 1).</summary>
    public IReadOnlyList<RunbookMatch> Search(string query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ToMatches(_index.Search(Bm25Index.QueryFromText(query), k));
    }

    /// <summary>Top-k runbooks for an alert (weighted query, see the class summary).</summary>
    public IReadOnlyList<RunbookMatch> Search(CanonicalAlert alert, int k) =>
        ToMatches(_index.Rank(ScoreAll(alert), k));

    /// <summary>The score of every runbook (same order as <see cref="Runbooks"/>) for an alert.</summary>
    public double[] ScoreAll(CanonicalAlert alert) => _index.ScoreAll(QueryFor(alert));

    /// <summary>Scores plus, per runbook, how many distinct query terms it matched.</summary>
    public double[] ScoreAll(CanonicalAlert alert, int[] matchedTerms) => _index.ScoreAll(QueryFor(alert), matchedTerms);

    public static Dictionary<string, double> QueryFor(CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        var alertName = AeonNova.Analysis.Planning.AlertFieldSource.Lookup(alert.Labels, "alertname");
        Add(weights, alertName, 3.0);
        Add(weights, alert.Title, 2.0);
        Add(weights, alert.Service, 1.5);
        foreach (var (key, value) in alert.Labels)
        {
            if (!string.Equals(key, "alertname", StringComparison.OrdinalIgnoreCase))
            {
                Add(weights, value, 1.0);
                Add(weights, key, 0.5);
            }
        }
        var description = alert.Description.Length > MaxDescriptionChars ? alert.Description[..MaxDescriptionChars] : alert.Description;
        Add(weights, description, 0.5);
        return weights;
    }

    private static void Add(Dictionary<string, double> weights, string? text, double weight)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        foreach (var term in Tokenizer.Tokenize(text).Distinct(StringComparer.Ordinal))
        {
            weights[term] = weights.GetValueOrDefault(term) + weight;
        }
    }

    private List<RunbookMatch> ToMatches(IReadOnlyList<Bm25Hit> hits) =>
        [.. hits.Select(h => new RunbookMatch(_runbooks[h.Index], h.Score))];

    private static Bm25Document ToDocument(Runbook r) => new(r.Id, new Dictionary<string, string>
    {
        ["alertNames"] = string.Join(' ', r.AppliesTo.AlertNames),
        ["title"] = r.Title,
        ["keywords"] = string.Join(' ', r.AppliesTo.Keywords),
        ["labels"] = string.Join(' ', r.AppliesTo.Labels.Select(l => $"{l.Key} {l.Value}")),
        ["summary"] = r.Summary + " " + string.Join(' ', r.Steps),
        ["body"] = r.Body,
    });
}
