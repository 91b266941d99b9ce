using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions.Mocks;

/// <summary>
/// A Step Functions Local MockConfigFile: StateMachines → TestCases → state name → mocked response name;
/// MockedResponses → invocation ranges ("0", "1-2") → Return (the task result) or Throw {Error, Cause}.
/// </summary>
public sealed class MockConfig
{
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, string>>> _testCases;
    private readonly Dictionary<string, List<MockedResponseRange>> _responses;

    private MockConfig(Dictionary<string, Dictionary<string, Dictionary<string, string>>> testCases, Dictionary<string, List<MockedResponseRange>> responses)
    {
        _testCases = testCases;
        _responses = responses;
    }

    /// <summary>State machine names and their test case names.</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> TestCases =>
        _testCases.ToDictionary(p => p.Key, p => (IReadOnlyCollection<string>)p.Value.Keys);

    /// <summary>Reads a mock config file; errors name the file and the JSON path.</summary>
    public static MockConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AslDefinitionException([new AslValidationError("$", $"cannot read mock file: {ex.Message}")], path);
        }
        return Parse(json, path);
    }

    /// <summary>Parses mock config JSON; throws <see cref="AslDefinitionException"/> with the JSON path of each problem.</summary>
    public static MockConfig Parse(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<AslValidationError>();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new AslDefinitionException([new AslValidationError("$", $"not valid JSON: {ex.Message}")], source);
        }
        var testCases = new Dictionary<string, Dictionary<string, Dictionary<string, string>>>(StringComparer.Ordinal);
        var responses = new Dictionary<string, List<MockedResponseRange>>(StringComparer.Ordinal);
        if (root is not JsonObject rootObject)
        {
            throw new AslDefinitionException([new AslValidationError("$", "a mock config must be a JSON object")], source);
        }
        if (rootObject["StateMachines"] is not JsonObject machines)
        {
            errors.Add(new AslValidationError("$.StateMachines", "required object is missing"));
            machines = [];
        }
        foreach (var (machineName, machineNode) in machines)
        {
            var machinePath = $"$.StateMachines['{machineName}']";
            if (machineNode?["TestCases"] is not JsonObject cases)
            {
                errors.Add(new AslValidationError($"{machinePath}.TestCases", "required object is missing"));
                continue;
            }
            var caseMap = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            foreach (var (caseName, caseNode) in cases)
            {
                if (caseNode is not JsonObject stateMap)
                {
                    errors.Add(new AslValidationError($"{machinePath}.TestCases['{caseName}']", "must be an object of state name → mocked response name"));
                    continue;
                }
                var states = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (stateName, responseName) in stateMap)
                {
                    if (responseName is JsonValue v && v.TryGetValue<string>(out var name))
                    {
                        states[stateName] = name;
                    }
                    else
                    {
                        errors.Add(new AslValidationError($"{machinePath}.TestCases['{caseName}']['{stateName}']", "must be the name of a mocked response (a string)"));
                    }
                }
                caseMap[caseName] = states;
            }
            testCases[machineName] = caseMap;
        }
        if (rootObject["MockedResponses"] is JsonObject mocked)
        {
            foreach (var (responseName, responseNode) in mocked)
            {
                var ranges = MockedResponseRange.ParseAll(responseNode, $"$.MockedResponses['{responseName}']", errors);
                responses[responseName] = ranges;
            }
        }
        else if (rootObject["MockedResponses"] is not null)
        {
            errors.Add(new AslValidationError("$.MockedResponses", "must be an object"));
        }
        foreach (var (machineName, caseMap) in testCases)
        {
            foreach (var (caseName, states) in caseMap)
            {
                foreach (var (stateName, responseName) in states)
                {
                    if (!responses.ContainsKey(responseName))
                    {
                        errors.Add(new AslValidationError($"$.StateMachines['{machineName}'].TestCases['{caseName}']['{stateName}']", $"mocked response '{responseName}' is not defined in MockedResponses"));
                    }
                }
            }
        }
        if (errors.Count > 0)
        {
            throw new AslDefinitionException(errors, source);
        }
        return new MockConfig(testCases, responses);
    }

    /// <summary>
    /// A registry whose state overrides return the test case's mocked responses, selected by how many times the
    /// state was invoked before in the execution. A state invoked past its last range fails with
    /// States.TaskFailed naming the mock (Step Functions Local fails such executions too).
    /// </summary>
    public ResourceRegistry CreateRegistry(string stateMachineName, string testCaseName)
    {
        if (!_testCases.TryGetValue(stateMachineName, out var cases))
        {
            throw new AslDefinitionException([new AslValidationError("$.StateMachines", $"no state machine named '{stateMachineName}' (known: {string.Join(", ", _testCases.Keys)})")]);
        }
        if (!cases.TryGetValue(testCaseName, out var states))
        {
            throw new AslDefinitionException([new AslValidationError($"$.StateMachines['{stateMachineName}'].TestCases", $"no test case named '{testCaseName}' (known: {string.Join(", ", cases.Keys)})")]);
        }
        var registry = new ResourceRegistry();
        foreach (var (stateName, responseName) in states)
        {
            var ranges = _responses[responseName];
            registry.BindState(stateName, (invocation, _) => Respond(ranges, responseName, invocation));
        }
        return registry;
    }

    private static ValueTask<JsonNode?> Respond(List<MockedResponseRange> ranges, string responseName, TaskInvocation invocation)
    {
        foreach (var range in ranges)
        {
            if (invocation.InvocationIndex >= range.From && invocation.InvocationIndex <= range.To)
            {
                if (range.ThrowError is not null)
                {
                    throw new TaskFailedException(range.ThrowError, range.ThrowCause);
                }
                return ValueTask.FromResult(range.Return); // the engine copies handler results
            }
        }
        throw new TaskFailedException("States.TaskFailed", $"mocked response '{responseName}' has no entry for invocation {invocation.InvocationIndex} of state '{invocation.StateName}'");
    }
}
