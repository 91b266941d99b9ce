namespace AeonNova.StepFunctions;

/// <summary>One problem in a state machine definition, located by the JSON path of the offending field.</summary>
/// <param name="Path">JSON path of the field, e.g. <c>$.States.Enrich.Retry[0].ErrorEquals</c>.</param>
/// <param name="Message">Why the field is wrong.</param>
/// <param name="Unsupported">The field is valid Amazon States Language that AWS runs but the local engine does not;
/// its message then starts with <see cref="UnsupportedPrefix"/>.</param>
public sealed record AslValidationError(string Path, string Message, bool Unsupported = false)
{
    public const string UnsupportedPrefix = "not supported by the local engine: ";

    /// <summary>A valid feature the local engine does not run: "not supported by the local engine: {feature}".</summary>
    public static AslValidationError NotSupported(string path, string feature) => new(path, UnsupportedPrefix + feature, Unsupported: true);

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
        var what = source is null ? "state machine definition" : $"state machine definition '{source}'";
        // Only a definition with a real error is "invalid"; one that AWS would run is "not supported" locally.
        var prefix = errors.Count > 0 && errors.All(e => e.Unsupported)
            ? $"{what} uses features the local engine does not support"
            : $"invalid {what}";
        return errors.Count == 0 ? prefix : $"{prefix}: {string.Join("; ", errors)}";
    }
}
