using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>
/// The context object (<c>$$</c>) seen from one state: Execution, StateMachine, State, Task and Map parts,
/// each built only when a path asks for it.
/// </summary>
internal sealed class ContextObject
{
    private readonly ExecutionRun _run;
    private JsonObject? _state;

    public ContextObject(ExecutionRun run, string stateName, DateTimeOffset enteredTime, int retryCount, MapItemContext? mapItem)
    {
        _run = run;
        StateName = stateName;
        EnteredTime = enteredTime;
        RetryCount = retryCount;
        MapItem = mapItem;
    }

    public string StateName { get; }
    public DateTimeOffset EnteredTime { get; }
    public int RetryCount { get; }
    public MapItemContext? MapItem { get; }
    public string? TaskToken { get; set; }

    /// <summary>The workflow variables the state reads (their values at state entry).</summary>
    public VariableScope? Variables { get; init; }

    public ContextObject WithRetryCount(int retryCount) => new(_run, StateName, EnteredTime, retryCount, MapItem) { TaskToken = TaskToken, Variables = Variables };

    /// <summary>One top-level part ("Execution", "State", …) or null when absent.</summary>
    public JsonNode? GetPart(string name) => name switch
    {
        "Execution" => _run.ExecutionContextNode,
        "StateMachine" => _run.StateMachineContextNode,
        "State" => _state ??= new JsonObject
        {
            ["EnteredTime"] = Timestamps.Format(EnteredTime),
            ["Name"] = StateName,
            ["RetryCount"] = RetryCount,
        },
        "Task" => TaskToken is null ? null : new JsonObject { ["Token"] = TaskToken },
        "Map" => MapItem is null ? null : new JsonObject
        {
            ["Item"] = new JsonObject { ["Index"] = MapItem.Index, ["Value"] = Json.JsonNodes.Copy(MapItem.Value) },
        },
        _ => null,
    };

    public bool HasPart(string name) => name switch
    {
        "Execution" or "StateMachine" or "State" => true,
        "Task" => TaskToken is not null,
        "Map" => MapItem is not null,
        _ => false,
    };

    public JsonObject Whole()
    {
        var whole = new JsonObject();
        foreach (var part in (string[])["Execution", "State", "StateMachine", "Task", "Map"])
        {
            if (HasPart(part)) { whole[part] = Json.JsonNodes.Copy(GetPart(part)); }
        }
        return whole;
    }
}

/// <summary>$$.Map.Item for one Map iteration.</summary>
internal sealed record MapItemContext(int Index, JsonNode? Value);

/// <summary>ISO 8601 timestamps as Step Functions writes them in the context object.</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
