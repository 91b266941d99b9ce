using System.Text.Json.Serialization;

namespace AeonNova.Core.Alerts;

/// <summary>
/// The one shape every monitoring source is normalised into (ARCHITECTURE.md, "Canonical alert").
/// Serialised as camelCase JSON through <see cref="AeonNova.Core.Json.CoreJsonContext"/>.
/// </summary>
public sealed record CanonicalAlert
{
    /// <summary>Unique per received alert event (not stable across re-sends; the fingerprint is).</summary>
    public required string Id { get; init; }
    public required string Source { get; init; }
    /// <summary>The identifier the source itself uses (Alertmanager fingerprint, PagerDuty incident id, …), or empty.</summary>
    public string SourceId { get; init; } = "";
    /// <summary>Stable hash: identical for re-sends and for the firing/resolved pair of one alert.</summary>
    public required string Fingerprint { get; init; }
    public required AlertStatus Status { get; init; }
    public required AlertSeverity Severity { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public string Host { get; init; } = "";
    /// <summary>
    /// Set when the source named a host that is not a DNS name, IP address or cloud instance id: the alert is kept,
    /// <see cref="Host"/> is left empty so nothing can target it, and the workflow escalates with reason
    /// <c>invalid-target</c>. Null (and not serialised) when the host is valid or absent.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InvalidTarget { get; init; }
    public string Service { get; init; } = "";
    public string Environment { get; init; } = "";
    public OsFamily Os { get; init; } = OsFamily.Unknown;
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public string? Url { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus
{
    [JsonStringEnumMemberName("firing")] Firing,
    [JsonStringEnumMemberName("resolved")] Resolved,
    /// <summary>
    /// The source cannot tell (CloudWatch INSUFFICIENT_DATA, Datadog No Data): data stopped arriving. Never starts a
    /// remediation and never counts as recovery.
    /// </summary>
    [JsonStringEnumMemberName("insufficient_data")] InsufficientData,
}

[JsonConverter(typeof(JsonStringEnumConverter<AlertSeverity>))]
public enum AlertSeverity
{
    [JsonStringEnumMemberName("critical")] Critical,
    [JsonStringEnumMemberName("high")] High,
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("low")] Low,
    [JsonStringEnumMemberName("info")] Info,
}

[JsonConverter(typeof(JsonStringEnumConverter<OsFamily>))]
public enum OsFamily
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("linux")] Linux,
    [JsonStringEnumMemberName("windows")] Windows,
}
