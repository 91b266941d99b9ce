using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>A state machine as the engine runs it: its definition, bindings and cached context parts.</summary>
internal sealed class RegisteredStateMachine(StateMachineInfo info, ResourceRegistry resources)
{
    public StateMachineInfo Info { get; } = info;
    public ResourceRegistry Resources { get; } = resources;
    public StateMachineDefinition Definition => Info.Definition;
    public string Arn => Info.StateMachineArn;
    public string Name => Info.Name;

    /// <summary>$$.StateMachine: {Id, Name}.</summary>
    public JsonObject ContextNode { get; } = new() { ["Id"] = info.StateMachineArn, ["Name"] = info.Name };
}
