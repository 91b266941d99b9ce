using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts;

/// <summary>
/// Mutates the real samples 10,000 times (truncate, swap types, drop fields, huge strings, deep nesting, byte flips)
/// and checks that every parse returns alerts or throws <see cref="AlertParseException"/>, never anything else.
/// </summary>
public class AlertParserFuzzTests
{
    private const int Mutations = 10_000;
    private static readonly System.Text.Json.JsonSerializerOptions DeepWriter = new() { MaxDepth = 512 };

    [Fact]
    public void Parse_WhenSamplesAreMutated10000Times_ShouldReturnAlertsOrThrowOnlyAlertParseException()
    {
        var registry = Samples.Registry();
        var samples = Samples.AllAlerts().Select(s => (s.Source, Body: Samples.Alert(s.Source, s.File))).ToArray();
        var random = new Random(20261123);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Mutations; i++)
        {
            var (source, body) = samples[random.Next(samples.Length)];
            var (kind, mutated) = Mutate(body, random);
            string outcome;
            try
            {
                var alerts = registry.Parse(source, mutated);
                Assert.All(alerts, a => Assert.Matches("^[0-9a-f]{64}$", a.Fingerprint));
                outcome = "alerts";
            }
            catch (AlertParseException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                outcome = ex.Kind.ToString();
            }
            catch (Exception ex)
            {
                Assert.Fail($"mutation {i} ({kind}) of a {source} sample escaped as {ex.GetType().Name}: {ex.Message}\n{Encoding.UTF8.GetString(mutated.AsSpan(0, Math.Min(mutated.Length, 2000)))}");
                throw;
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        // The mutations must exercise both paths, or the test proves nothing.
        Assert.True(outcomes.GetValueOrDefault("alerts") > 500, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(nameof(AlertParseErrorKind.WrongShape)) > 500, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(nameof(AlertParseErrorKind.MalformedJson)) > 500, string.Join(", ", outcomes));
    }

    private static (string Kind, byte[] Body) Mutate(byte[] body, Random random)
    {
        switch (random.Next(7))
        {
            case 0:
                return ("truncate", body.AsSpan(0, random.Next(body.Length)).ToArray());
            case 1:
                var flipped = body.ToArray();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                }
                return ("flip bytes", flipped);
            default:
                var root = JsonNode.Parse(body)!;
                var kind = random.Next(5) switch
                {
                    0 => MutateTree(root, random, SwapType, "swap type"),
                    1 => MutateTree(root, random, DropField, "drop field"),
                    2 => MutateTree(root, random, HugeString, "huge string"),
                    3 => MutateTree(root, random, DeepNesting, "deep nesting"),
                    _ => MutateTree(root, random, (n, r) => { SwapType(n, r); DropField(n, r); SwapType(n, r); }, "several"),
                };
                return (kind, Encoding.UTF8.GetBytes(root.ToJsonString(DeepWriter)));
        }
    }

    private static string MutateTree(JsonNode root, Random random, Action<JsonNode, Random> mutation, string kind)
    {
        var containers = new List<JsonNode>();
        Collect(root, containers);
        mutation(containers[random.Next(containers.Count)], random);
        return kind;
    }

    private static void Collect(JsonNode node, List<JsonNode> containers)
    {
        switch (node)
        {
            case JsonObject obj:
                containers.Add(obj);
                foreach (var child in obj.Select(p => p.Value).ToArray())
                {
                    if (child is not null)
                    {
                        Collect(child, containers);
                    }
                }
                break;
            case JsonArray array:
                containers.Add(array);
                foreach (var child in array.ToArray())
                {
                    if (child is not null)
                    {
                        Collect(child, containers);
                    }
                }
                break;
        }
    }

    private static readonly Func<Random, JsonNode?>[] Replacements =
    [
        _ => null,
        r => JsonValue.Create(r.Next(-5, 2_000_000_000) * (r.Next(2) == 0 ? 1L : 1_000_000_000L)),
        r => JsonValue.Create(r.NextDouble() * 1e300),
        r => JsonValue.Create(r.Next(2) == 0),
        _ => JsonValue.Create("not-a-" + "value"),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create("{EVENT.ID}"),
        _ => JsonValue.Create("0001-01-01T00:00:00Z"),
        _ => JsonValue.Create("9999-12-31T23:59:59Z"),
        _ => JsonValue.Create("\ud800broken surrogate"),
        _ => new JsonObject { ["x"] = 1 },
        _ => new JsonArray(1, "two", null),
        _ => new JsonObject(),
        _ => new JsonArray(),
    ];

    private static void SwapType(JsonNode container, Random random) =>
        Replace(container, random, Replacements[random.Next(Replacements.Length)](random));

    private static void DropField(JsonNode container, Random random)
    {
        switch (container)
        {
            case JsonObject obj when obj.Count > 0:
                obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key);
                break;
            case JsonArray array when array.Count > 0:
                array.RemoveAt(random.Next(array.Count));
                break;
        }
    }

    private static void HugeString(JsonNode container, Random random) =>
        Replace(container, random, JsonValue.Create(new string((char)random.Next('a', 'z'), random.Next(10_000, 60_000)) + " C:\\ /var/log"));

    private static void DeepNesting(JsonNode container, Random random)
    {
        JsonNode nested = JsonValue.Create("core");
        for (var depth = random.Next(10, 80); depth > 0; depth--)
        {
            nested = random.Next(2) == 0 ? new JsonArray(nested) : new JsonObject { ["n"] = nested };
        }
        Replace(container, random, nested);
    }

    private static void Replace(JsonNode container, Random random, JsonNode? replacement)
    {
        switch (container)
        {
            case JsonObject obj when obj.Count > 0:
                obj[obj.ElementAt(random.Next(obj.Count)).Key] = replacement;
                break;
            case JsonArray array when array.Count > 0:
                array[random.Next(array.Count)] = replacement;
                break;
        }
    }
}
