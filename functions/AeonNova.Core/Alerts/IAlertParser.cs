namespace AeonNova.Core.Alerts;

/// <summary>Turns one source's webhook body into canonical alerts. Every failure is an <see cref="AlertParseException"/>.</summary>
public interface IAlertParser
{
    /// <summary>The source name used in <c>POST /alerts/{source}</c> and <c>--source</c>.</summary>
    string Source { get; }

    IReadOnlyList<CanonicalAlert> Parse(ReadOnlySpan<byte> utf8Body);
}
