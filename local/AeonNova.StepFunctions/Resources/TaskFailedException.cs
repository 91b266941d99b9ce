namespace AeonNova.StepFunctions.Resources;

/// <summary>A task's failure as Step Functions sees it: an error name (matched by Retry/Catch ErrorEquals) and a cause.</summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string error, string? cause = null) : base(cause is null ? error : $"{error}: {cause}")
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        Error = error;
        Cause = cause;
    }

    public TaskFailedException() : this("States.TaskFailed") { }

    public TaskFailedException(string error, Exception innerException) : base(error, innerException)
    {
        Error = error;
        Cause = innerException?.Message;
    }

    public string Error { get; }
    public string? Cause { get; }
}
