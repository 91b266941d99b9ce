namespace AeonNova.Core.Alerts;

/// <summary>Why a body could not be turned into alerts; maps to HTTP 400/404/413 and CLI exit 2.</summary>
public enum AlertParseErrorKind
{
    UnknownSource,
    EmptyBody,
    TooLarge,
    MalformedJson,
    WrongShape,
}

/// <summary>
/// The only exception the alert parsers throw. The message names the JSON path or byte offset and why,
/// and never contains more than a short excerpt of the (untrusted) body.
/// </summary>
public sealed class AlertParseException : Exception
{
    public AlertParseException(AlertParseErrorKind kind, string message) : base(message) => Kind = kind;

    public AlertParseException(AlertParseErrorKind kind, string message, Exception innerException)
        : base(message, innerException) => Kind = kind;

    public AlertParseException() : this(AlertParseErrorKind.WrongShape, "the alert body could not be parsed") { }

    public AlertParseException(string message) : this(AlertParseErrorKind.WrongShape, message) { }

    public AlertParseException(string message, Exception innerException)
        : this(AlertParseErrorKind.WrongShape, message, innerException) { }

    public AlertParseErrorKind Kind { get; }

    internal static AlertParseException Shape(string path, string why) =>
        new(AlertParseErrorKind.WrongShape, $"{path}: {why}");
}
