using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;

namespace AeonNova.StepFunctions.Model;

internal enum StateType { Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map }

/// <summary>InputPath / OutputPath / ResultPath: a path, or null (JSON null in the definition), or absent ("$").</summary>
internal readonly record struct OptionalPath(JsonPath? Path, bool IsNull)
{
    public static readonly OptionalPath Root = new(null, false);
    public bool IsRoot => Path is null && !IsNull;
}

/// <summary>Fields every state has, compiled.</summary>
internal abstract class State
{
    protected State(string name, string location, StateType type)
    {
        Name = name;
        Location = location;
        Type = type;
    }

    public string Name { get; }

    /// <summary>JSON path of the state in the definition.</summary>
    public string Location { get; }

    public StateType Type { get; }
    public string? NextName { get; init; }
    public State? Next { get; set; }
    public bool End { get; init; }
    public OptionalPath InputPath { get; init; } = OptionalPath.Root;
    public OptionalPath OutputPath { get; init; } = OptionalPath.Root;

    /// <summary>QueryLanguage JSONata (the state's own field, else the top level's).</summary>
    public bool IsJsonata { get; set; }

    /// <summary>JSONata Output (null: the state's result or input passes on).</summary>
    public JsonataTemplate? Output { get; set; }

    public AssignSpec? Assign { get; set; }
}

/// <summary>A state's Assign: a JSONata template in JSONata states, a payload template ("name.$": path) in JSONPath states.</summary>
internal sealed record AssignSpec(JsonataTemplate? Jsonata, PayloadTemplate? JsonPath);

/// <summary>Assign and Output of one JSONata choice rule (or of a catcher).</summary>
internal sealed record RuleExtras(AssignSpec? Assign, JsonataTemplate? Output);

/// <summary>States that have Parameters/ResultSelector/ResultPath and (except Pass) Retry/Catch.</summary>
internal abstract class ProcessingState(string name, string location, StateType type) : State(name, location, type)
{
    public PayloadTemplate? Parameters { get; init; }
    public PayloadTemplate? ResultSelector { get; init; }
    public OptionalPath ResultPath { get; init; } = OptionalPath.Root;
    public IReadOnlyList<Retrier> Retry { get; init; } = [];
    public IReadOnlyList<Catcher> Catch { get; init; } = [];
    public JsonataTemplate? Arguments { get; set; }
}

internal sealed class PassState(string name, string location) : ProcessingState(name, location, StateType.Pass)
{
    public JsonNode? Result { get; init; }
    public bool HasResult { get; init; }
}

internal enum TaskTarget { LambdaFunction, LambdaInvoke, Service }

internal enum IntegrationPattern { RequestResponse, Sync, WaitForTaskToken }

internal sealed class TaskState(string name, string location) : ProcessingState(name, location, StateType.Task)
{
    public required string Resource { get; init; }
    public string? PlaceholderKey { get; init; }
    public TaskTarget Target { get; init; }
    public IntegrationPattern Pattern { get; init; }
    public int? TimeoutSeconds { get; init; }
    public JsonPath? TimeoutSecondsPath { get; init; }
    public int? HeartbeatSeconds { get; init; }
    public JsonPath? HeartbeatSecondsPath { get; init; }
}

internal sealed class ChoiceState(string name, string location) : State(name, location, StateType.Choice)
{
    public required IReadOnlyList<(ChoiceRule Rule, string NextName)> Choices { get; init; }
    public State[] ChoiceTargets { get; set; } = [];
    public string? DefaultName { get; init; }
    public IReadOnlyList<RuleExtras> RuleExtras { get; set; } = [];
    public State? Default { get; set; }
}

internal sealed class WaitState(string name, string location) : State(name, location, StateType.Wait)
{
    public int? Seconds { get; init; }
    public JsonPath? SecondsPath { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public JsonPath? TimestampPath { get; init; }
    public JsonataTemplate? SecondsExpression { get; set; }
    public JsonataTemplate? TimestampExpression { get; set; }
}

internal sealed class SucceedState(string name, string location) : State(name, location, StateType.Succeed);

internal sealed class FailState(string name, string location) : State(name, location, StateType.Fail)
{
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public ValueExpression? ErrorPath { get; init; }
    public ValueExpression? CausePath { get; init; }
    public JsonataTemplate? ErrorExpression { get; set; }
    public JsonataTemplate? CauseExpression { get; set; }
}

internal sealed class ParallelState(string name, string location) : ProcessingState(name, location, StateType.Parallel)
{
    public required IReadOnlyList<StateScope> Branches { get; init; }
}

internal sealed class MapState(string name, string location) : ProcessingState(name, location, StateType.Map)
{
    public required StateScope Processor { get; init; }
    public JsonPath? ItemsPath { get; init; }
    public PayloadTemplate? ItemSelector { get; init; }
    public int MaxConcurrency { get; init; }
    public JsonPath? MaxConcurrencyPath { get; init; }
    public JsonataTemplate? Items { get; set; }
    public JsonataTemplate? JsonataItemSelector { get; set; }
}

internal enum JitterStrategy { None, Full }

internal sealed record Retrier(IReadOnlyList<string> ErrorEquals, int IntervalSeconds, int MaxAttempts, double BackoffRate, int? MaxDelaySeconds, JitterStrategy Jitter);

internal sealed class Catcher(IReadOnlyList<string> errorEquals, string nextName, OptionalPath resultPath)
{
    public IReadOnlyList<string> ErrorEquals { get; } = errorEquals;
    public string NextName { get; } = nextName;
    public OptionalPath ResultPath { get; } = resultPath;
    public State Next { get; set; } = null!;
    public RuleExtras? Extras { get; init; }
}
