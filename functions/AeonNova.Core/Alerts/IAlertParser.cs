namespace AeonNova.Core.Alerts;

/// <summary>Turns one source's webhook body into canonical alerts. Every failure is an <see cref="AlertParseException"/>.</summary>
public interface IAlertParser
{
    /// <summary>The source name used in <c>POST /alerts/{source}</c> and <c>--source</c>.</summary>
    string Source { get; }

    /// <summary>The alerts of the body (informational events are left out; see <see cref="ParseEvents"/>).</summary>
    IReadOnlyList<CanonicalAlert> Parse(ReadOnlySpan<byte> utf8Body);

    /// <summary>The alerts and the informational events (notes, pings, handshakes, tests) of the body.</summary>
    AlertParseResult ParseEvents(ReadOnlySpan<byte> utf8Body);
}
