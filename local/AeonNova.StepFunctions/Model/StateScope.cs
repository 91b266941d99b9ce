namespace AeonNova.StepFunctions.Model;

/// <summary>A set of states with a start state: the top level, a Parallel branch or a Map item processor.</summary>
internal sealed class StateScope
{
    public StateScope(string startAt, IReadOnlyDictionary<string, State> states, IReadOnlyList<string> stateNames)
    {
        StartAt = startAt;
        States = states;
        StateNames = stateNames;
    }

    public string StartAt { get; }
    public IReadOnlyDictionary<string, State> States { get; }
    public IReadOnlyList<string> StateNames { get; }

    /// <summary>Resolved after all states are parsed.</summary>
    public State Start { get; set; } = null!;
}
