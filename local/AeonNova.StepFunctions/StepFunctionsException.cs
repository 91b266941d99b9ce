namespace AeonNova.StepFunctions;

/// <summary>
/// An API-level error of the local Step Functions service, named like the AWS API's exceptions
/// (<see cref="StepFunctionsErrorCodes"/>), e.g. ExecutionAlreadyExists or TaskDoesNotExist.
/// </summary>
public sealed class StepFunctionsException : Exception
{
    public StepFunctionsException(string errorCode, string message) : base(message) => ErrorCode = errorCode;

    public StepFunctionsException() : this(StepFunctionsErrorCodes.InvalidArn, "error") { }

    public StepFunctionsException(string message) : this(StepFunctionsErrorCodes.InvalidArn, message) { }

    public StepFunctionsException(string message, Exception innerException) : base(message, innerException) => ErrorCode = StepFunctionsErrorCodes.InvalidArn;

    public string ErrorCode { get; }
}

/// <summary>The AWS Step Functions API exception names this service raises.</summary>
public static class StepFunctionsErrorCodes
{
    public const string ExecutionAlreadyExists = "ExecutionAlreadyExists";
    public const string ExecutionDoesNotExist = "ExecutionDoesNotExist";
    public const string StateMachineDoesNotExist = "StateMachineDoesNotExist";
    public const string StateMachineAlreadyExists = "StateMachineAlreadyExists";
    public const string InvalidName = "InvalidName";
    public const string InvalidArn = "InvalidArn";
    public const string InvalidExecutionInput = "InvalidExecutionInput";
    public const string InvalidOutput = "InvalidOutput";
    public const string InvalidToken = "InvalidToken";
    public const string TaskDoesNotExist = "TaskDoesNotExist";
    public const string TaskTimedOut = "TaskTimedOut";
    public const string ResourceNotFound = "ResourceNotFound";
}
