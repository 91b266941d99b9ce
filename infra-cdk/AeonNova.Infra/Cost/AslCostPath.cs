using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AeonNova.Infra.Cost;

/// <summary>
/// What one execution costs in Step Functions terms, read from the ASL. The execution follows the shortest route
/// from StartAt through the scenario's waypoints (e.g. Analyze → WaitForApproval → Remediated) along Next/Choice/
/// Default edges (Catch routes are failure paths), plus <c>extraLoopIterations</c> more rounds of every loop the
/// route enters (e.g. polling a Run Command until it is done). Each state entered is one billed transition
/// (Standard workflows); Parallel branches and Map bodies run their own shortest route to an end state.
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

    /// <summary>The route's states in order (each loop once).</summary>
    public IReadOnlyList<string> States { get; }

    public int Transitions { get; }

    /// <summary>How often each ${Key} is used by a state entered (loops included): Lambda invocations per execution.</summary>
    public IReadOnlyDictionary<string, int> PlaceholderUses { get; }

    public int BedrockCalls { get; }

    public int SnsPublishes { get; }

    public int DynamoDbCalls { get; }

    /// <param name="definition">The ASL text.</param>
    /// <param name="waypoints">Top-level states the execution passes, in order; the last one is where it ends.</param>
    /// <param name="extraLoopIterations">Extra rounds of every loop the route enters.</param>
    public static AslCostPath Analyze(string definition, IReadOnlyList<string> waypoints, int extraLoopIterations)
    {
        ArgumentNullException.ThrowIfNull(waypoints);
        ArgumentOutOfRangeException.ThrowIfNegative(extraLoopIterations);
        var root = JsonNode.Parse(definition)?.AsObject() ?? throw new FormatException("ASL definition is not a JSON object");
        var entered = new List<JsonObject>();
        var names = new List<string>();
        Walk(root, waypoints, extraLoopIterations, entered, names);

        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        var bedrock = 0;
        var sns = 0;
        var dynamo = 0;
        foreach (var state in entered)
        {
            foreach (Match match in Placeholder().Matches(state.ToJsonString()))
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
    private static void Walk(JsonObject machine, IReadOnlyList<string> waypoints, int extraLoopIterations, List<JsonObject> entered, List<string> names)
    {
        var states = machine["States"]?.AsObject() ?? throw new FormatException("ASL has no States object");
        var start = machine["StartAt"]?.GetValue<string>() ?? throw new FormatException("ASL has no StartAt");
        var edges = states.ToDictionary(s => s.Key, s => Successors(s.Value!.AsObject()), StringComparer.Ordinal);
        var missing = edges.Values.SelectMany(t => t).Append(start).FirstOrDefault(t => !edges.ContainsKey(t));
        if (missing is not null)
        {
            throw new FormatException($"ASL refers to state '{missing}', which does not exist");
        }

        var route = new List<string> { start };
        if (waypoints.Count == 0)
        {
            route.AddRange(ShortestRoute(start, s => states[s]!["End"]?.GetValue<bool>() == true || edges[s].Count == 0, edges)
                ?? throw new FormatException($"no route from '{start}' to an end state"));
        }

        foreach (var waypoint in waypoints)
        {
            if (!edges.ContainsKey(waypoint))
            {
                throw new FormatException($"cost scenario waypoint '{waypoint}' is not a state of the definition");
            }

            var from = route[^1];
            if (from != waypoint)
            {
                route.AddRange(ShortestRoute(from, s => s == waypoint, edges)
                    ?? throw new FormatException($"no route from '{from}' to cost scenario waypoint '{waypoint}' along Next/Choice edges"));
            }
        }

        var visits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in route)
        {
            visits[name] = visits.GetValueOrDefault(name) + 1;
        }

        // Every extra round of a loop enters each of its states, including ones the route skips (the Wait before a re-check).
        foreach (var loop in Loops(edges).Where(l => l.Overlaps(route)))
        {
            foreach (var member in loop)
            {
                visits[member] = visits.GetValueOrDefault(member) + extraLoopIterations;
            }
        }

        names.AddRange(route);
        foreach (var (name, count) in visits)
        {
            var state = states[name]!.AsObject();
            for (var i = 0; i < count; i++)
            {
                entered.Add(state);
                foreach (var branch in Many(state["Branches"]))
                {
                    Walk(branch.AsObject(), [], extraLoopIterations, entered, names);
                }

                if ((state["ItemProcessor"] ?? state["Iterator"]) is JsonObject body)
                {
                    Walk(body, [], extraLoopIterations, entered, names);
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

    /// <summary>Breadth-first: the states after <paramref name="from"/> up to and including the first that satisfies <paramref name="isTarget"/>.</summary>
    private static List<string>? ShortestRoute(string from, Func<string, bool> isTarget, Dictionary<string, List<string>> edges)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal) { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in edges[current].Where(n => previous.TryAdd(n, current)))
            {
                if (isTarget(next))
                {
                    var route = new List<string> { next };
                    for (var step = current; step != from; step = previous[step])
                    {
                        route.Add(step);
                    }

                    route.Reverse();
                    return route;
                }

                queue.Enqueue(next);
            }
        }

        return null;
    }

    /// <summary>The loops of the graph: groups of states that can all reach each other (strongly connected, with a cycle).</summary>
    private static List<HashSet<string>> Loops(Dictionary<string, List<string>> edges)
    {
        var reach = edges.Keys.ToDictionary(s => s, s => Reachable(s, edges), StringComparer.Ordinal);
        var loops = new List<HashSet<string>>();
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in edges.Keys.Where(s => reach[s].Contains(s) && !assigned.Contains(s)))
        {
            var loop = reach[state].Where(other => reach[other].Contains(state)).ToHashSet(StringComparer.Ordinal);
            assigned.UnionWith(loop);
            loops.Add(loop);
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
            if (seen.Add(current))
            {
                foreach (var next in edges[current])
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
