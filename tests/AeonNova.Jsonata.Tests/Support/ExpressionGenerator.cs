using System.Globalization;
using System.Text.Json.Nodes;

namespace AeonNova.Jsonata.Tests.Support;

/// <summary>
/// Seeded property-style generator: random JSON documents (numbers, strings, arrays, nested objects, nulls) and
/// random well-typed and ill-typed expressions over them, so both implementations meet shapes nobody wrote by hand.
/// </summary>
public static class ExpressionGenerator
{
    private static readonly string[] NumericPaths = ["n", "d.n", "items.n", "items[0].n", "list", "list[1]", "d.deep.n"];
    private static readonly string[] StringPaths = ["s", "d.s", "items.s", "tags", "tags[0]", "items[1].s"];
    private static readonly string[] AnyPaths = ["items", "d", "d.deep", "tags", "list", "nil", "missing", "items.d", "*", "**.n"];
    private static readonly string[] NumericOps = ["+", "-", "*", "/", "%"];
    private static readonly string[] CompareOps = ["=", "!=", "<", "<=", ">", ">="];
    private static readonly string[] Words = ["alpha", "Beta", "gamma ray", "", "x-1", "ÄÖ", "42", "a,b,c"];

    public static IReadOnlyDictionary<string, JsonNode?> Inputs(int seed, int count)
    {
        var random = new Random(seed);
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++) { result[$"gen{i}"] = Document(random); }
        return result;
    }

    public static IReadOnlyList<DiffCase> Generate(int seed, int count, int inputCount)
    {
        var random = new Random(seed);
        var cases = new List<DiffCase>(count);
        for (var i = 0; i < count; i++)
        {
            cases.Add(new DiffCase($"gen:{i}", $"gen{random.Next(inputCount)}", Expression(random, 0)));
        }
        return cases;
    }

    private static JsonObject Document(Random random)
    {
        JsonObject Item() => new()
        {
            ["n"] = Number(random),
            ["s"] = Words[random.Next(Words.Length)],
            ["d"] = random.Next(3) == 0 ? null : new JsonObject { ["k"] = random.Next(5) },
        };
        var items = new JsonArray();
        for (var i = random.Next(0, 5); i > 0; i--) { items.Add(Item()); }
        var list = new JsonArray();
        for (var i = random.Next(0, 6); i > 0; i--) { list.Add(Number(random)); }
        var tags = new JsonArray();
        for (var i = random.Next(0, 4); i > 0; i--) { tags.Add(Words[random.Next(Words.Length)]); }
        return new JsonObject
        {
            ["n"] = Number(random),
            ["s"] = Words[random.Next(Words.Length)],
            ["b"] = random.Next(2) == 0,
            ["nil"] = null,
            ["items"] = items,
            ["list"] = list,
            ["tags"] = random.Next(4) == 0 ? Words[random.Next(Words.Length)] : tags,
            ["d"] = new JsonObject { ["n"] = Number(random), ["s"] = Words[random.Next(Words.Length)], ["deep"] = new JsonObject { ["n"] = Number(random) } },
        };
    }

    private static JsonNode Number(Random random) => random.Next(4) switch
    {
        0 => JsonValue.Create(random.Next(-10, 10)),
        1 => JsonValue.Create(Math.Round((random.NextDouble() * 200) - 100, 2)),
        2 => JsonValue.Create(random.Next(0, 1000)),
        _ => JsonValue.Create(random.Next(1, 5) * 0.5),
    };

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];

    private static string NumberLiteral(Random random) => random.Next(3) switch
    {
        0 => random.Next(-5, 20).ToString(CultureInfo.InvariantCulture),
        1 => (random.Next(1, 100) / 4.0).ToString(CultureInfo.InvariantCulture),
        _ => "0",
    };

    private static string Numeric(Random random, int depth) => depth > 2 ? NumberLiteral(random) : random.Next(9) switch
    {
        0 or 1 => Pick(random, NumericPaths),
        2 => NumberLiteral(random),
        3 => $"({Numeric(random, depth + 1)} {Pick(random, NumericOps)} {Numeric(random, depth + 1)})",
        4 => $"$sum({Pick(random, NumericPaths)})",
        5 => $"$count({Pick(random, AnyPaths)})",
        6 => $"$round({Numeric(random, depth + 1)}, {random.Next(0, 3)})",
        7 => $"$max({Pick(random, NumericPaths)})",
        _ => $"$length({Str(random, depth + 1)})",
    };

    private static string Str(Random random, int depth) => depth > 2 ? $"'{Pick(random, Words)}'" : random.Next(8) switch
    {
        0 or 1 => Pick(random, StringPaths),
        2 => $"'{Pick(random, Words)}'",
        3 => $"({Str(random, depth + 1)} & {Str(random, depth + 1)})",
        4 => $"$uppercase({Str(random, depth + 1)})",
        5 => $"$substring({Str(random, depth + 1)}, {random.Next(-3, 4)}, {random.Next(0, 4)})",
        6 => $"$string({Numeric(random, depth + 1)})",
        _ => $"$join({Pick(random, StringPaths)}, '{Pick(random, [",", "-", ""])}')",
    };

    private static string Predicate(Random random, int depth) => random.Next(5) switch
    {
        0 => $"n {Pick(random, CompareOps)} {NumberLiteral(random)}",
        1 => $"s = '{Pick(random, Words)}'",
        2 => $"$exists(d)",
        3 => random.Next(-2, 3).ToString(CultureInfo.InvariantCulture),
        _ => $"{Numeric(random, depth + 1)} {Pick(random, CompareOps)} {Numeric(random, depth + 1)}",
    };

    private static string Expression(Random random, int depth) => random.Next(14) switch
    {
        0 => Numeric(random, depth),
        1 => Str(random, depth),
        2 => $"items[{Predicate(random, depth)}].{Pick(random, ["n", "s", "d", "d.k"])}",
        3 => $"items^({(random.Next(2) == 0 ? ">" : "")}{Pick(random, ["n", "s"])}).{Pick(random, ["n", "s"])}",
        4 => $"items{{s: {Pick(random, ["$sum(n)", "n", "$count(n)", "d"])}}}",
        5 => $"{Numeric(random, depth)} {Pick(random, CompareOps)} {Numeric(random, depth)} ? {Str(random, depth)} : {Numeric(random, depth)}",
        6 => $"$map({Pick(random, AnyPaths)}, function($v, $i) {{ {Pick(random, ["$v", "$i", "$type($v)", "$string($v)", "$v.n"])} }})",
        7 => $"$filter({Pick(random, AnyPaths)}, function($v) {{ {Pick(random, ["$v.n > 0", "$type($v) = 'object'", "$v", "$boolean($v)"])} }})",
        8 => $"{{'a': {Numeric(random, depth)}, 'b': {Str(random, depth)}, 'c': [{Pick(random, AnyPaths)}]}}",
        9 => $"$reduce({Pick(random, NumericPaths)}, function($a, $b) {{ $a {Pick(random, NumericOps)} $b }})",
        10 => $"{Pick(random, AnyPaths)}[{Predicate(random, depth)}]",
        11 => $"$sort({Pick(random, [.. NumericPaths, .. StringPaths])})",
        12 => $"{Str(random, depth)} in {Pick(random, StringPaths)}",
        _ => $"({Pick(random, AnyPaths)} ~> $count()) + {Numeric(random, depth)}",
    };
}
