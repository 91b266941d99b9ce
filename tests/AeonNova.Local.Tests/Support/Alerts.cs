using AeonNova.Core.Alerts;

namespace AeonNova.Local.Tests.Support;

internal static class Alerts
{
    public static CanonicalAlert Firing(string fingerprint, string host = "web-1", AlertSeverity severity = AlertSeverity.High, string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString("N"),
        Source = "alertmanager",
        Fingerprint = fingerprint,
        Status = AlertStatus.Firing,
        Severity = severity,
        Title = $"NginxDown on {host}",
        Host = host,
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    public static CanonicalAlert Resolved(string fingerprint, string host = "web-1") => Firing(fingerprint, host) with { Status = AlertStatus.Resolved };
}
