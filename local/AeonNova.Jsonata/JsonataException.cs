namespace AeonNova.Jsonata;

/// <summary>
/// A JSONata static (S0xxx), type (T0xxx/T1xxx/T2xxx) or dynamic (D1xxx/D2xxx/D3xxx) error. <see cref="Code"/> carries
/// the reference implementation's error code so callers (and Step Functions' States.QueryEvaluationError) can match it.
/// </summary>
public sealed class JsonataException : Exception
{
    public JsonataException(string code, string message, int position = -1)
        : base($"{code}: {message}")
    {
        Code = code;
        Position = position;
        Detail = message;
    }

    public JsonataException() : this("U0000", "JSONata error") { }

    public JsonataException(string message) : this("U0000", message) { }

    public JsonataException(string message, Exception innerException) : base(message, innerException)
    {
        Code = "U0000";
        Detail = message;
        Position = -1;
    }

    /// <summary>The reference implementation's error code, e.g. T2001.</summary>
    public string Code { get; }

    /// <summary>The message without the code prefix.</summary>
    public string Detail { get; }

    /// <summary>Set when the expression is valid JSONata that this library does not run (code S0299): the feature's name,
    /// so hosts can say "not supported" rather than "invalid".</summary>
    public string? UnsupportedFeature { get; init; }

    /// <summary>Character offset in the expression, or -1 when unknown.</summary>
    public int Position { get; internal set; }
}
