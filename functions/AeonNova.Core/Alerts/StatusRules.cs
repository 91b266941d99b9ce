using System.Collections.Frozen;

namespace AeonNova.Core.Alerts;

/// <summary>Status words of the sources mapped to firing/resolved.</summary>
public static class StatusRules
{
    private static readonly FrozenDictionary<string, AlertStatus> Words = new Dictionary<string, AlertStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["firing"] = AlertStatus.Firing, ["alerting"] = AlertStatus.Firing, ["alarm"] = AlertStatus.Firing,
        ["problem"] = AlertStatus.Firing, ["triggered"] = AlertStatus.Firing, ["trigger"] = AlertStatus.Firing,
        ["open"] = AlertStatus.Firing, ["active"] = AlertStatus.Firing, ["new"] = AlertStatus.Firing,
        ["create"] = AlertStatus.Firing, ["created"] = AlertStatus.Firing, ["acknowledged"] = AlertStatus.Firing,
        ["in progress"] = AlertStatus.Firing, ["pending"] = AlertStatus.Firing,
        ["resolved"] = AlertStatus.Resolved, ["resolve"] = AlertStatus.Resolved, ["ok"] = AlertStatus.Resolved,
        ["recovered"] = AlertStatus.Resolved, ["recovery"] = AlertStatus.Resolved, ["close"] = AlertStatus.Resolved,
        ["closed"] = AlertStatus.Resolved, ["cleared"] = AlertStatus.Resolved, ["clear"] = AlertStatus.Resolved,
        ["normal"] = AlertStatus.Resolved, ["inactive"] = AlertStatus.Resolved, ["canceled"] = AlertStatus.Resolved,
        ["cancelled"] = AlertStatus.Resolved, ["success"] = AlertStatus.Resolved,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static bool TryMap(string? word, out AlertStatus status)
    {
        status = AlertStatus.Firing;
        return !string.IsNullOrWhiteSpace(word) && Words.TryGetValue(word.Trim(), out status);
    }
}
