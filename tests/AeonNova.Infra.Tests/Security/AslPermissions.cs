using System.Text.Json.Nodes;

namespace AeonNova.Infra.Tests.Security;

/// <summary>
/// The IAM actions a state machine definition needs, derived only from its Task states' Resource ARNs (Step Functions
/// developer guide, "IAM policies for integrated services"): a Lambda ARN or ${…FunctionArn} placeholder →
/// lambda:InvokeFunction; arn:aws:states:::aws-sdk:{service}:{apiAction} → {iam prefix}:{ApiAction};
/// arn:aws:states:::{service}:{apiAction}[.waitForTaskToken] → {service}:{ApiAction}. A .sync integration needs
/// extra polling permissions per service, so an unknown one fails the derivation instead of being guessed.
/// </summary>
public static class AslPermissions
{
    /// <summary>AWS SDK integration service names whose IAM prefix differs.</summary>
    private static readonly Dictionary<string, string> IamPrefix = new(StringComparer.Ordinal)
    {
        ["sfn"] = "states",
        ["bedrockagentruntime"] = "bedrock",
        ["bedrockruntime"] = "bedrock",
        ["sesv2"] = "ses",
        ["cloudwatchlogs"] = "logs",
    };

    public sealed record Need(string Action, string State, string Resource);

    public static IReadOnlyList<Need> Derive(JsonNode definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var needs = new List<Need>();
        Walk(definition["States"] as JsonObject, needs);
        return needs;
    }

    /// <summary>Every Task state, including those inside Parallel branches and Map processors.</summary>
    public static IEnumerable<(string Name, JsonObject State)> TaskStates(JsonObject? states)
    {
        foreach (var (name, node) in states ?? [])
        {
            if (node is not JsonObject state)
            {
                continue;
            }

            if ((string?)state["Type"] == "Task")
            {
                yield return (name, state);
            }

            foreach (var branch in state["Branches"] as JsonArray ?? [])
            {
                foreach (var inner in TaskStates(branch?["States"] as JsonObject))
                {
                    yield return inner;
                }
            }

            var processor = state["ItemProcessor"] ?? state["Iterator"];
            foreach (var inner in TaskStates(processor?["States"] as JsonObject))
            {
                yield return inner;
            }
        }
    }

    public static string ActionFor(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.StartsWith("${", StringComparison.Ordinal) && resource.EndsWith("FunctionArn}", StringComparison.Ordinal))
        {
            return "lambda:InvokeFunction";
        }

        if (resource.StartsWith("arn:aws:lambda:", StringComparison.Ordinal))
        {
            return "lambda:InvokeFunction";
        }

        const string states = "arn:aws:states:::";
        if (!resource.StartsWith(states, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Resource '{resource}': not a Lambda function or a Step Functions integration ARN.");
        }

        var path = resource[states.Length..];
        if (path.EndsWith(".sync", StringComparison.Ordinal) || path.Contains(".sync:", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Resource '{resource}': .sync integrations need service-specific polling permissions; extend AslPermissions.");
        }

        path = path.Replace(".waitForTaskToken", string.Empty, StringComparison.Ordinal);
        var parts = path.Split(':');
        var (service, api) = parts switch
        {
            ["aws-sdk", var svc, var call] => (IamPrefix.GetValueOrDefault(svc, svc), call),
            ["lambda", "invoke"] => ("lambda", "invokeFunction"),
            [var svc, var call] => (svc, call),
            _ => throw new NotSupportedException($"Resource '{resource}': unrecognized integration ARN."),
        };
        return $"{service}:{char.ToUpperInvariant(api[0])}{api[1..]}";
    }

    private static void Walk(JsonObject? states, List<Need> needs)
    {
        foreach (var (name, state) in TaskStates(states))
        {
            var resource = (string?)state["Resource"] ?? throw new NotSupportedException($"Task state '{name}' has no Resource.");
            needs.Add(new Need(ActionFor(resource), name, resource));
        }
    }
}
