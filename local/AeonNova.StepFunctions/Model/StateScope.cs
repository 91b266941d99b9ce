namespace AeonNova.StepFunctions.Model;

/// <summary>A set of states with a start state: the top level, a Parallel branch or a Map item processor.</summary>
internal sealed class StateScope
{
    public StateScope(string startAt, IReadOnlyList<string> stateNames)
    {
        StartAt = startAt;
        StateNames = stateNames;
    }

    public string StartAt { get; }
    public IReadOnlyList<string> StateNames { get; }
}
