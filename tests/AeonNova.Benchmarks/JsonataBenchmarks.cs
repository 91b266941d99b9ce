using System.Text.Json.Nodes;
using AeonNova.Jsonata;
using BenchmarkDotNet.Attributes;

namespace AeonNova.Benchmarks;

/// <summary>
/// JSONata evaluations per second (paths, filters, aggregation, strings, object construction, group/sort) on the
/// orders document; tools/jsonata-bench.js times npm jsonata on the same expressions and input. Parsing is outside
/// the measured loop in both. Run:
/// dotnet run -c Release --project tests/AeonNova.Benchmarks -- --filter '*Jsonata*' --job short
/// </summary>
[MemoryDiagnoser]
public class JsonataBenchmarks
{
    private JsonataExpression _expression = null!;
    private JsonataValue _input;

    [ParamsSource(nameof(Names))]
    public string Expression { get; set; } = "";

    public static IEnumerable<string> Names() => Load().Select(kv => kv.Key);

    private static JsonObject Load() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "jsonata-bench-expressions.json")))!.AsObject();

    [GlobalSetup]
    public void Setup()
    {
        _expression = JsonataExpression.Parse(Load()[Expression]!.GetValue<string>());
        _input = JsonataValue.From(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "jsonata-bench-input.json"))));
    }

    [Benchmark]
    public bool Evaluate() => _expression.Evaluate(_input).IsUndefined;
}
