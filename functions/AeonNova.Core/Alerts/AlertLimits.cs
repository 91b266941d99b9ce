namespace AeonNova.Core.Alerts;

/// <summary>Hard limits every alert body is held to before and while parsing.</summary>
public static class AlertLimits
{
    /// <summary>Largest accepted webhook body (256 KiB); larger bodies are rejected with 413 / exit 2.</summary>
    public const int MaxBodyBytes = 262144;

    /// <summary>Deepest JSON nesting accepted; real payloads stay far below this.</summary>
    public const int MaxJsonDepth = 64;

    /// <summary>Most alerts one body may yield (grouped payloads); protects downstream fan-out.</summary>
    public const int MaxAlertsPerBody = 1000;
}
