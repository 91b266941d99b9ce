namespace AeonNova.StepFunctions;

/// <summary>One problem in a state machine definition, located by the JSON path of the offending field.</summary>
/// <param name="Path">JSON path of the field, e.g. <c>$.States.Enrich.Retry[0].ErrorEquals</c>.</param>
/// <param name="Message">Why the field is wrong.</param>
public sealed record AslValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown when a definition cannot be parsed or fails validation; carries every error found.</summary>
public sealed class AslDefinitionException : Exception
{
    public AslDefinitionException(IReadOnlyList<AslValidationError> errors, string? source = null)
        : base(BuildMessage(errors, source))
    {
        Errors = errors;
        Source = source;
    }

    public AslDefinitionException() : this([]) { }

    public AslDefinitionException(string message) : this([new AslValidationError("$", message)]) { }

    public AslDefinitionException(string message, Exception innerException) : base(message, innerException) => Errors = [new AslValidationError("$", message)];

    public IReadOnlyList<AslValidationError> Errors { get; } = [];

    /// <summary>The file (or other origin) of the definition, when known.</summary>
    public new string? Source { get; }

    private static string BuildMessage(IReadOnlyList<AslValidationError> errors, string? source)
    {
        var prefix = source is null ? "invalid state machine definition" : $"invalid state machine definition '{source}'";
        return errors.Count == 0 ? prefix : $"{prefix}: {string.Join("; ", errors)}";
    }
}
