using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Resources;
using AeonNova.StepFunctions.Tests.Support;

namespace AeonNova.StepFunctions.Tests.Conformance;

/// <summary>
/// Data-driven conformance suite: every case in Fixtures/Conformance/*.json names the States Language spec or AWS
/// docs behaviour it checks ("spec"), runs a definition with in-process handlers and asserts the outcome
/// (status + output, or error + cause), or asserts the validation errors of an invalid definition.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (id, node) in LoadAll())
        {
            data.Add(id, node["spec"]!.GetValue<string>());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Conformance_WhenCaseRuns_ShouldMatchSpec(string caseId, string spec)
    {
        var testCase = LoadAll().Single(c => c.Id == caseId).Node;
        Assert.False(string.IsNullOrWhiteSpace(spec));
        var definitionJson = testCase["definition"]!.ToJsonString();
        var expect = testCase["expect"]!.AsObject();

        if (expect["invalid"] is JsonArray expectedPaths)
        {
            var errors = StateMachineDefinition.Validate(definitionJson);
            Assert.NotEmpty(errors);
            foreach (var path in expectedPaths)
            {
                var expectedPath = path!.GetValue<string>();
                Assert.True(errors.Any(e => e.Path == expectedPath), $"expected an error at {expectedPath}; got: {string.Join(" | ", errors)}");
            }
            if (expect["messageContains"] is JsonValue message)
            {
                Assert.Contains(errors, e => e.Message.Contains(message.GetValue<string>(), StringComparison.Ordinal));
            }
            return;
        }

        var definition = StateMachineDefinition.Parse(definitionJson);
        var registry = BuildRegistry(testCase);
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { SkipWaits = true, Random = new Random(7) });
        engine.CreateStateMachine("conformance", definition, registry);
        var input = testCase["input"]?.ToJsonString() ?? "{}";

        var result = await engine.RunExecutionAsync("conformance", input).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        var expectedStatus = expect["status"]!.GetValue<string>();
        Assert.True(expectedStatus == result.Status.ToApiString(), $"status {result.Status.ToApiString()} (error {result.Error}: {result.Cause}), expected {expectedStatus}");
        if (expect.ContainsKey("output"))
        {
            var actual = JsonNode.Parse(result.Output!);
            Assert.True(JsonNode.DeepEquals(expect["output"], actual), $"output {result.Output} expected {expect["output"]?.ToJsonString()}");
        }
        if (expect["error"] is JsonValue error) { Assert.Equal(error.GetValue<string>(), result.Error); }
        if (expect["causeContains"] is JsonValue cause) { Assert.Contains(cause.GetValue<string>(), result.Cause ?? "", StringComparison.Ordinal); }
        if (expect["cause"] is JsonValue exactCause) { Assert.Equal(exactCause.GetValue<string>(), result.Cause); }
        if (expect["outputCheck"] is JsonValue check)
        {
            Assert.True(OutputChecks.Check(check.GetValue<string>(), JsonNode.Parse(result.Output!)), $"check {check} failed on {result.Output}");
        }
        if (expect["history"] is JsonArray historyTypes)
        {
            var history = await engine.GetExecutionHistoryAsync(result.ExecutionArn);
            var types = history.Select(h => h.Type.ToString()).ToList();
            var position = 0;
            foreach (var type in historyTypes.Select(t => t!.GetValue<string>()))
            {
                var found = types.IndexOf(type, position);
                Assert.True(found >= 0, $"history lacks {type} after position {position}: {string.Join(",", types)}");
                position = found + 1;
            }
        }
    }

    private static ResourceRegistry BuildRegistry(JsonNode testCase)
    {
        var registry = new ResourceRegistry();
        if (testCase["functions"] is JsonObject functions)
        {
            foreach (var (name, spec) in functions) { registry.BindFunction(name, Handler(spec!)); }
        }
        if (testCase["resources"] is JsonObject resources)
        {
            foreach (var (name, spec) in resources) { registry.Bind(name, Handler(spec!)); }
        }
        return registry;
    }

    /// <summary>A handler from JSON: {"return": v} | {"echo": true} | {"throw": {error, cause}} | {"responses": [ … per invocation … ]}.</summary>
    private static TaskHandler Handler(JsonNode spec) => (invocation, _) =>
    {
        var step = spec["responses"] is JsonArray list ? list[Math.Min(invocation.InvocationIndex, list.Count - 1)]! : spec;
        if (step["throw"] is JsonObject t)
        {
            throw new TaskFailedException(t["error"]!.GetValue<string>(), t["cause"]?.GetValue<string>());
        }
        if (step["echo"] is not null) { return ValueTask.FromResult(invocation.Input?.DeepClone()); }
        if (step["echoInvocation"] is not null)
        {
            return ValueTask.FromResult<JsonNode?>(new JsonObject
            {
                ["input"] = invocation.Input?.DeepClone(), ["functionName"] = invocation.FunctionName, ["retryCount"] = invocation.RetryCount,
                ["hasToken"] = invocation.TaskToken is not null, ["state"] = invocation.StateName,
            });
        }
        return ValueTask.FromResult(step["return"]?.DeepClone());
    };

    private static IEnumerable<(string Id, JsonNode Node)> LoadAll()
    {
        foreach (var file in Directory.GetFiles(Fixtures.Path("Conformance"), "*.json").Order(StringComparer.Ordinal))
        {
            var group = Path.GetFileNameWithoutExtension(file);
            foreach (var node in JsonNode.Parse(File.ReadAllText(file))!.AsArray())
            {
                yield return ($"{group}.{node!["name"]!.GetValue<string>()}", node);
            }
        }
    }
}

/// <summary>Named checks for outputs that are not fully predictable (UUIDs, random numbers, token shapes).</summary>
internal static class OutputChecks
{
    public static bool Check(string name, JsonNode? output) => name switch
    {
        "uuid" => Guid.TryParse(output!["id"]!.GetValue<string>(), out var g) && output["id"]!.GetValue<string>()[14] == '4' && g != Guid.Empty,
        "random-in-range" => output!["n"]!.GetValue<long>() is >= 1 and < 10,
        "random-seeded-stable" => output!["a"]!.GetValue<long>() == output["b"]!.GetValue<long>(),
        "execution-context" => output!["id"]!.GetValue<string>().StartsWith("arn:aws:states:us-east-1:123456789012:execution:conformance:", StringComparison.Ordinal)
            && output["sm"]!.GetValue<string>() == "conformance" && output["input"]!["x"]!.GetValue<int>() == 1 && output["start"]!.GetValue<string>().EndsWith('Z'),
        "state-context" => output!["name"]!.GetValue<string>() == "Ctx" && output["retry"]!.GetValue<int>() == 0 && output["entered"]!.GetValue<string>().Contains('T', StringComparison.Ordinal),
        "lambda-invoke-shape" => output!["StatusCode"]!.GetValue<int>() == 200 && output["ExecutedVersion"]!.GetValue<string>() == "$LATEST"
            && output["Payload"]!["ok"]!.GetValue<bool>() && output["SdkResponseMetadata"]!["RequestId"] is not null,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown output check"),
    };
}
