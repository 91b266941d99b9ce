using System.Text.RegularExpressions;

namespace AeonNova.Analysis.Planning.Intents;

/// <summary>
/// One technology an alert can be about: the words that name it (normalised text), the metric prefixes of its
/// exporter or integration, the service it runs as (systemd unit, Windows service) and, for agents and exporters,
/// the port they listen on. A technology that is not an agent never counts when its name is followed by
/// "exporter" or "agent": "mysqld_exporter" names the messenger, not MySQL.
/// </summary>
public sealed class TechnologyRule
{

    public TechnologyRule(string key, string words, string? metrics, string? linuxUnit = null, string? windowsService = null,
        bool isAgent = false, int? agentPort = null, bool hostRunbooks = true, OsHint os = OsHint.Any, string? refines = null, bool managed = false)
    {
        Key = key;
        var messenger = isAgent ? "" : "(?!exporter |agent )";
        Words = LinearRegex.Create($" (?:{words}) {messenger}", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        Metrics = metrics is null ? null : LinearRegex.Create(metrics, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Compiled);
        LinuxUnit = linuxUnit;
        WindowsService = windowsService;
        IsAgent = isAgent;
        AgentPort = agentPort;
        HostRunbooks = hostRunbooks;
        Os = os;
        Refines = refines;
        Managed = managed;
    }

    public string Key { get; }
    public Regex Words { get; }
    public Regex? Metrics { get; }
    /// <summary>The systemd unit it usually runs as (the value of a runbook parameter taken <c>from: technology</c>).</summary>
    public string? LinuxUnit { get; }
    /// <summary>The Windows service short name it usually runs as.</summary>
    public string? WindowsService { get; }
    /// <summary>A monitoring agent or exporter: its name followed by "exporter"/"agent" is itself.</summary>
    public bool IsAgent { get; }
    public int? AgentPort { get; }
    /// <summary>False for things that are not hosts (Kubernetes objects): generic host runbooks never apply to them.</summary>
    public bool HostRunbooks { get; }
    /// <summary>The operating system the technology implies, if any (IIS → Windows).</summary>
    public OsHint Os { get; }
    /// <summary>
    /// The broader technology this one is a part or kind of (an IIS application pool of IIS, PostgreSQL of
    /// "database"): with any evidence of its own it wins over the broader one, however much evidence that has.
    /// </summary>
    public string? Refines { get; }
    /// <summary>
    /// A managed cloud service (RDS, SQS, a load balancer): no host to run a script on, whatever engine runs inside.
    /// Any evidence of it wins, and no runbook applies unless one is written for it.
    /// </summary>
    public bool Managed { get; }
}

/// <summary>An operating-system hint carried by a technology.</summary>
public enum OsHint
{
    Any,
    Linux,
    Windows,
}
