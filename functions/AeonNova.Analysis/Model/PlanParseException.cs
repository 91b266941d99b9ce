namespace AeonNova.Analysis.Model;

/// <summary>Why model output was rejected.</summary>
public enum PlanParseError
{
    /// <summary>Nothing came back.</summary>
    Empty,
    /// <summary>Larger than the parser accepts.</summary>
    TooLarge,
    /// <summary>No JSON plan, fenced block or tool call in the output.</summary>
    NoPlanFound,
    /// <summary>The JSON is syntactically broken.</summary>
    InvalidJson,
    /// <summary>The model stopped at its token limit; the plan is incomplete.</summary>
    Truncated,
    /// <summary>The model called another tool than the plan tool.</summary>
    WrongTool,
    MissingField,
    WrongType,
    /// <summary>A property the plan schema does not define (off-schema).</summary>
    UnknownField,
    /// <summary>A value outside the allowed set or range.</summary>
    InvalidValue,
    /// <summary>The script language does not match the host's OS.</summary>
    LanguageMismatch,
    /// <summary>The plan names a runbook that was not among the retrieved ones.</summary>
    UnknownRunbook,
}

/// <summary>
/// Model output is not a valid plan. <see cref="Path"/> is a JSON path into the plan ("$.script.language")
/// or empty; the message never quotes more than a short excerpt of the output.
/// </summary>
public sealed class PlanParseException : Exception
{
    public PlanParseException(PlanParseError error, string path, string reason)
        : base(path.Length > 0 ? $"{error} at {path}: {reason}" : $"{error}: {reason}")
    {
        Error = error;
        Path = path;
        Reason = reason;
    }

    public PlanParseException() : this(PlanParseError.NoPlanFound, "", "no plan") { }
    public PlanParseException(string message) : this(PlanParseError.NoPlanFound, "", message) { }
    public PlanParseException(string message, Exception innerException) : base(message, innerException)
    {
        Path = "";
        Reason = message;
    }

    public PlanParseError Error { get; }
    public string Path { get; }
    public string Reason { get; }
}
