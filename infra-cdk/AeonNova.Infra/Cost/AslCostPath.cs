using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AeonNova.Infra.Cost;

/// <summary>
/// What one execution costs in Step Functions terms, read from the ASL: the longest path without repeats from
/// StartAt to an end state along Next/Choice/Default edges (Catch routes are failure paths and not counted), plus
/// <c>extraLoopIterations</c> more rounds of every loop the path enters (e.g. polling a Run Command until it is done).
/// Each state entered is one billed transition (Standard workflows).
/// </summary>
public sealed partial class AslCostPath
{
    private AslCostPath(IReadOnlyList<string> states, int transitions, IReadOnlyDictionary<string, int> placeholderUses, int bedrockCalls, int snsPublishes, int dynamoDbCalls)
    {
        States = states;
        Transitions = transitions;
        PlaceholderUses = placeholderUses;
        BedrockCalls = bedrockCalls;
        SnsPublishes = snsPublishes;
        DynamoDbCalls = dynamoDbCalls;
    }

    /// <summary>State names on the path, in order (loops once).</summary>
    public IReadOnlyList<string> States { get; }

    public int Transitions { get; }

    /// <summary>How often each ${Key} is used by a state entered on the path (loops included): Lambda invocations.</summary>
    public IReadOnlyDictionary<string, int> PlaceholderUses { get; }

    public int BedrockCalls { get; }

    public int SnsPublishes { get; }

    public int DynamoDbCalls { get; }

    public static AslCostPath Analyze(string definition, int extraLoopIterations)
    {
        var root = JsonNode.Parse(definition)?.AsObject() ?? throw new FormatException("ASL definition is not a JSON object");
        var entered = new List<JsonObject>();
        var names = new List<string>();
        Walk(root, extraLoopIterations, entered, names);

        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        var bedrock = 0;
        var sns = 0;
        var dynamo = 0;
        foreach (var state in entered)
        {
            var text = state.ToJsonString();
            foreach (Match match in Placeholder().Matches(text))
            {
                uses[match.Groups["key"].Value] = uses.GetValueOrDefault(match.Groups["key"].Value) + 1;
            }

            var resource = state["Resource"]?.GetValue<string>() ?? string.Empty;
            bedrock += resource.Contains(":bedrock:invokeModel", StringComparison.Ordinal) ? 1 : 0;
            sns += resource.Contains(":sns:publish", StringComparison.Ordinal) ? 1 : 0;
            dynamo += resource.Contains(":dynamodb:", StringComparison.Ordinal) ? 1 : 0;
        }

        return new AslCostPath(names, entered.Count, uses, bedrock, sns, dynamo);
    }

    /// <summary>Adds the states one run of <paramref name="machine"/> enters (recursing into Parallel branches and Map bodies).</summary>
    private static void Walk(JsonObject machine, int extraLoopIterations, List<JsonObject> entered, List<string> names)
    {
        var states = machine["States"]?.AsObject() ?? throw new FormatException("ASL has no States object");
        var start = machine["StartAt"]?.GetValue<string>() ?? throw new FormatException("ASL has no StartAt");
        var edges = states.ToDictionary(s => s.Key, s => Successors(s.Value!.AsObject()), StringComparer.Ordinal);

        var path = LongestPath(start, edges, []);
        var visits = path.ToDictionary(n => n, _ => 1, StringComparer.Ordinal);
        // Every loop the path enters runs extra rounds: each round enters every state of the loop, including states
        // the path itself skips (e.g. the Wait before a re-check).
        foreach (var loop in Loops(edges).Where(l => l.Overlaps(path)))
        {
            foreach (var member in loop)
            {
                visits[member] = visits.GetValueOrDefault(member) + extraLoopIterations;
            }
        }

        foreach (var name in path.Concat(visits.Keys.Except(path, StringComparer.Ordinal)))
        {
            var state = states[name]!.AsObject();
            if (path.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }

            for (var i = 0; i < visits[name]; i++)
            {
                entered.Add(state);
                foreach (var branch in Many(state["Branches"]))
                {
                    Walk(branch.AsObject(), extraLoopIterations, entered, names);
                }

                if ((state["ItemProcessor"] ?? state["Iterator"]) is JsonObject body)
                {
                    Walk(body, extraLoopIterations, entered, names);
                }
            }
        }
    }

    private static List<string> Successors(JsonObject state)
    {
        var next = new List<string>();
        if (state["Next"]?.GetValue<string>() is { } n)
        {
            next.Add(n);
        }

        next.AddRange(Many(state["Choices"]).Select(c => c["Next"]?.GetValue<string>()).OfType<string>());
        if (state["Default"]?.GetValue<string>() is { } d)
        {
            next.Add(d);
        }

        return next;
    }

    private static List<string> LongestPath(string from, Dictionary<string, List<string>> edges, HashSet<string> visiting)
    {
        if (!edges.TryGetValue(from, out var next))
        {
            throw new FormatException($"ASL refers to state '{from}', which does not exist");
        }

        visiting.Add(from);
        var best = new List<string>();
        foreach (var candidate in next.Where(n => !visiting.Contains(n)))
        {
            var path = LongestPath(candidate, edges, visiting);
            if (path.Count > best.Count)
            {
                best = path;
            }
        }

        visiting.Remove(from);
        return [from, .. best];
    }

    /// <summary>The loops of the graph: groups of states that can all reach each other (strongly connected, with a cycle).</summary>
    private static List<HashSet<string>> Loops(Dictionary<string, List<string>> edges)
    {
        var reach = edges.Keys.ToDictionary(s => s, s => Reachable(s, edges), StringComparer.Ordinal);
        var loops = new List<HashSet<string>>();
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in edges.Keys.Where(s => reach[s].Contains(s)))
        {
            if (assigned.Add(state))
            {
                var loop = reach[state].Where(other => reach[other].Contains(state)).ToHashSet(StringComparer.Ordinal);
                assigned.UnionWith(loop);
                loops.Add(loop);
            }
        }

        return loops;
    }

    /// <summary>States reachable from <paramref name="from"/> in one or more steps.</summary>
    private static HashSet<string> Reachable(string from, Dictionary<string, List<string>> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(edges[from]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (seen.Add(current) && edges.TryGetValue(current, out var more))
            {
                foreach (var next in more)
                {
                    stack.Push(next);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<JsonNode> Many(JsonNode? node) => node is JsonArray array ? array.OfType<JsonNode>() : [];

    [GeneratedRegex(@"\$\{(?<key>[A-Za-z0-9]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
