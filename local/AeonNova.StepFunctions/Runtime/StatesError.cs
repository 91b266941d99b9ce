namespace AeonNova.StepFunctions.Runtime;

/// <summary>The predefined error names of the States Language.</summary>
public static class StatesErrors
{
    public const string All = "States.ALL";
    public const string DataLimitExceeded = "States.DataLimitExceeded";
    public const string Runtime = "States.Runtime";
    public const string Timeout = "States.Timeout";
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";
    public const string TaskFailed = "States.TaskFailed";
    public const string Permissions = "States.Permissions";
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
    public const string ParameterPathFailure = "States.ParameterPathFailure";
    public const string BranchFailed = "States.BranchFailed";
    public const string NoChoiceMatched = "States.NoChoiceMatched";
    public const string IntrinsicFailure = "States.IntrinsicFailure";
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
    public const string ItemReaderFailed = "States.ItemReaderFailed";
    public const string ResultWriterFailed = "States.ResultWriterFailed";
    public const string QueryEvaluationError = "States.QueryEvaluationError";

    /// <summary>Errors States.ALL does not match and that neither Retry nor Catch can handle.</summary>
    public static bool IsTerminal(string error) => error is Runtime or DataLimitExceeded;

    /// <summary>Retry/Catch matching: exact names, States.ALL, States.TaskFailed for task errors other than timeouts, States.Timeout for heartbeat timeouts.</summary>
    public static bool Matches(IReadOnlyList<string> errorEquals, string error, bool fromTask)
    {
        if (IsTerminal(error)) { return false; }
        foreach (var name in errorEquals)
        {
            if (name == error || name == All) { return true; }
            if (name == TaskFailed && fromTask && error is not Timeout and not HeartbeatTimeout) { return true; }
            if (name == Timeout && error == HeartbeatTimeout) { return true; }
        }
        return false;
    }
}

/// <summary>A runtime error inside an execution: an error name and a cause, handled by Retry/Catch or failing the execution.</summary>
internal sealed class StatesErrorException : Exception
{
    public StatesErrorException(string error, string? cause, bool fromTask = false) : base(cause ?? error)
    {
        Error = error;
        Cause = cause;
        FromTask = fromTask;
    }

    public StatesErrorException() : this(StatesErrors.Runtime, (string?)null) { }

    /// <summary>A Fail state's error. Without Error (and ErrorPath) AWS fails the execution with no error name, so
    /// none is invented (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html: Error and Cause are optional).</summary>
    public static StatesErrorException FromFailState(string? error, string? cause) => new(error ?? "", cause) { IsFailStateWithoutError = error is null };

    /// <summary>True for a Fail state that named no error: Retry/Catch never see it (a Fail state ends its scope).</summary>
    public bool IsFailStateWithoutError { get; private init; }

    public StatesErrorException(string message) : this(StatesErrors.Runtime, message) { }

    public StatesErrorException(string message, Exception innerException) : base(message, innerException)
    {
        Error = StatesErrors.Runtime;
        Cause = message;
    }

    public string Error { get; }
    public string? Cause { get; }

    /// <summary>Raised by a task (so States.TaskFailed matches it).</summary>
    public bool FromTask { get; }
}
