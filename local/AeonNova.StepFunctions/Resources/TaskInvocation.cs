using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Resources;

/// <summary>
/// Handles one Task state invocation in-process. Return the task result (for a Lambda function: its payload;
/// for a service integration bound with <see cref="ResourceRegistry.Bind"/>: the service API response),
/// or throw <see cref="TaskFailedException"/> to fail the task with an error name and cause.
/// </summary>
public delegate ValueTask<JsonNode?> TaskHandler(TaskInvocation invocation, CancellationToken cancellationToken);

/// <summary>Everything a handler learns about the task it runs.</summary>
public sealed class TaskInvocation
{
    /// <summary>The Task state's Resource as written in the definition (after substitutions).</summary>
    public required string Resource { get; init; }

    /// <summary>The Task state's name.</summary>
    public required string StateName { get; init; }

    /// <summary>
    /// What the target receives: for a plain Lambda ARN the effective input; for lambda:invoke the Payload field;
    /// for any other integration the effective Parameters. Read-only.
    /// </summary>
    public JsonNode? Input
    {
        get
        {
            if (_inputFromText) { _input = InputText?.ToNode(); _inputFromText = false; }
            return _input;
        }
        init => _input = value;
    }

    private JsonNode? _input;
    private bool _inputFromText;
    private JsonNode? _parameters;
    private bool _parametersFromInput;

    /// <summary>Input and Parameters are <see cref="InputText"/>, parsed on first use (text-first Parameters).</summary>
    internal bool NodesFromText
    {
        init { _inputFromText = value; _parametersFromInput = value; }
    }

    /// <summary>
    /// <see cref="Input"/> as compact UTF-8 JSON when the engine already wrote it (for its history); null otherwise.
    /// A handler that needs the bytes (e.g. to call a function's stream entry point) can use them instead of
    /// serializing <see cref="Input"/> again.
    /// </summary>
    public JsonText? InputText { get; init; }

    /// <summary>The effective Parameters of the state (InputPath then Parameters applied). Read-only.</summary>
    public JsonNode? Parameters
    {
        get => _parametersFromInput ? Input : _parameters;
        init => _parameters = value;
    }

    /// <summary>Lambda function name or ARN (plain Lambda resource, or lambda:invoke's FunctionName).</summary>
    public string? FunctionName { get; init; }

    /// <summary>The task token for .waitForTaskToken integrations ($$.Task.Token), else null.</summary>
    public string? TaskToken { get; init; }

    /// <summary>How many times this state was invoked before in this execution (retries and Map iterations included).</summary>
    public int InvocationIndex { get; init; }

    /// <summary>$$.State.RetryCount of this attempt.</summary>
    public int RetryCount { get; init; }

    public required string ExecutionArn { get; init; }
    public required string ExecutionName { get; init; }
    public required string StateMachineArn { get; init; }
    public required string StateMachineName { get; init; }
}
