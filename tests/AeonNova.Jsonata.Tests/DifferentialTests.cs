using AeonNova.Jsonata.Tests.Support;

namespace AeonNova.Jsonata.Tests;

/// <summary>
/// Differential conformance against the reference implementation (npm jsonata, run in Node): every corpus entry
/// and every generated case must give the same value or the same error code, except the listed known differences.
/// </summary>
public sealed class DifferentialTests
{
    private static readonly JsonataOptions Options = new() { Random = () => 0.5 };

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Corpus_WhenEvaluatedByBothImplementations_ShouldAgreeOnEveryEntry()
    {
        var cases = Corpus.Load();
        Assert.True(cases.Count >= 600, $"the corpus has {cases.Count} entries; at least 600 are required");
        await AssertAgreementAsync(cases, Corpus.KnownDifferences(), Corpus.Inputs());
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task GeneratedExpressions_WhenEvaluatedByBothImplementations_ShouldAgree()
    {
        const int inputCount = 12;
        var inputs = ExpressionGenerator.Inputs(seed: 20261203, inputCount);
        var cases = ExpressionGenerator.Generate(seed: 20261203, count: 600, inputCount);
        await AssertAgreementAsync(cases, new Dictionary<string, string>(), inputs);
    }

    private static async Task AssertAgreementAsync(IReadOnlyList<DiffCase> cases, IReadOnlyDictionary<string, string> known, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> inputs)
    {
        var script = ReferenceJsonata.RunnerScript();
        if (script is null)
        {
            Assert.False(ReferenceJsonata.IsCi(), "CI=true but node or tools/node_modules/jsonata is missing: run `npm ci` in tools/");
            return;
        }
        var expected = await ReferenceJsonata.EvaluateAsync(script, cases, inputs);
        var failures = new List<string>();
        var agreed = 0;
        var usedKnown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            var reference = expected[c.Id];
            var local = ReferenceJsonata.EvaluateLocal(c, inputs, Options);
            var agree = ReferenceJsonata.Agree(reference, local);
            if (known.ContainsKey(c.Expression))
            {
                usedKnown.Add(c.Expression);
                if (agree) { failures.Add($"{c.Id} `{c.Expression}` is listed as a known difference but now agrees: remove it"); }
                continue;
            }
            if (agree) { agreed++; }
            else { failures.Add($"{c.Id} `{c.Expression}`: reference {reference}, local {local}"); }
        }
        foreach (var stale in known.Keys.Where(k => !usedKnown.Contains(k) && cases.Count > 500))
        {
            failures.Add($"known difference `{stale}` matches no corpus entry");
        }
        Assert.True(failures.Count == 0, $"{agreed}/{cases.Count} agree; {failures.Count} problems:\n" + string.Join("\n", failures));
    }
}
