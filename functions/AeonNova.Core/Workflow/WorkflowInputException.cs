namespace AeonNova.Core.Workflow;

/// <summary>A function received input that does not match the state machine's contract (a definition bug, not bad luck).</summary>
public sealed class WorkflowInputException : Exception
{
    public WorkflowInputException(string message) : base(message) { }
    public WorkflowInputException() : this("Invalid workflow input.") { }
    public WorkflowInputException(string message, Exception innerException) : base(message, innerException) { }
}
