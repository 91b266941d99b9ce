using System.Collections.Frozen;
using System.Text.Json;
using AeonNova.Safety.Json;

namespace AeonNova.Safety.Rules;

/// <summary>The rules the analysers may report, keyed by id. Detection lives in code; meaning lives in data.</summary>
public sealed class RuleCatalogue
{
    private readonly FrozenDictionary<string, RuleDefinition> _byId;

    public RuleCatalogue(IEnumerable<RuleDefinition> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToList();
        var duplicate = list.GroupBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"rule catalogue: rule id '{duplicate.Key}' appears {duplicate.Count()} times");
        }
        Rules = list;
        _byId = list.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<RuleDefinition> Rules { get; }

    public RuleDefinition this[string id] =>
        _byId.TryGetValue(id, out var rule) ? rule : throw new KeyNotFoundException($"rule '{id}' is not in the catalogue");

    public bool Contains(string id) => _byId.ContainsKey(id);

    /// <summary>The catalogue embedded in this assembly.</summary>
    public static RuleCatalogue LoadEmbedded()
    {
        using var stream = typeof(RuleCatalogue).Assembly.GetManifestResourceStream("AeonNova.Safety.catalogue.json")
            ?? throw new InvalidOperationException("embedded rule catalogue is missing from the assembly");
        return Load(stream, "embedded catalogue.json");
    }

    public static RuleCatalogue Load(Stream json, string sourceName)
    {
        RuleCatalogueDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, SafetyJsonContext.Default.RuleCatalogueDocument);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{sourceName}: invalid JSON at line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
        if (doc is null || doc.Rules.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: no rules");
        }
        return new RuleCatalogue(doc.Rules);
    }
}
