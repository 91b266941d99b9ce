namespace AeonNova.Analysis.Runbooks;

/// <summary>A runbook file is malformed: the message names the file, the line (when known) and the field.</summary>
public sealed class RunbookFormatException : Exception
{
    public RunbookFormatException(string file, int line, string field, string reason)
        : base(line > 0 ? $"{file}:{line}: {field}: {reason}" : $"{file}: {field}: {reason}")
    {
        File = file;
        Line = line;
        Field = field;
        Reason = reason;
    }

    public RunbookFormatException() : this("", 0, "", "invalid runbook") { }
    public RunbookFormatException(string message) : base(message) { File = ""; Field = ""; Reason = message; }
    public RunbookFormatException(string message, Exception innerException) : base(message, innerException)
    {
        File = "";
        Field = "";
        Reason = message;
    }

    public string File { get; }
    public int Line { get; }
    public string Field { get; }
    public string Reason { get; }
}
