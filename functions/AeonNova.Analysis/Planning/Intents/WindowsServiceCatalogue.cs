using System.Text.RegularExpressions;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Planning.Intents;

/// <summary>A well-known Windows service: its short (service) name and the names people write in alerts.</summary>
public sealed record WindowsService(string Name, string DisplayName, IReadOnlyList<string> Aliases);

/// <summary>
/// Well-known Windows services by short name and display name (names as shown by <c>Get-Service</c> on Windows
/// Server 2019/2022). Alert text usually names the display name ("Print Spooler") or a product ("IIS"); the fix needs
/// the short name (Spooler, W3SVC). A match needs the whole name as words, so "is", "the" or "server" alone never match.
/// </summary>
public static class WindowsServiceCatalogue
{

    public static readonly IReadOnlyList<WindowsService> All =
    [
        new("W3SVC", "World Wide Web Publishing Service", ["W3SVC", "World Wide Web Publishing", "IIS", "IIS web server"]),
        new("WAS", "Windows Process Activation Service", ["Windows Process Activation"]),
        new("Spooler", "Print Spooler", ["Spooler", "Print Spooler", "printer spooler"]),
        new("MSSQLSERVER", "SQL Server (MSSQLSERVER)", ["MSSQLSERVER", "SQL Server", "MSSQL"]),
        new("SQLSERVERAGENT", "SQL Server Agent (MSSQLSERVER)", ["SQLSERVERAGENT", "SQL Server Agent", "SQL Agent"]),
        new("WinRM", "Windows Remote Management (WS-Management)", ["WinRM", "Windows Remote Management"]),
        new("wuauserv", "Windows Update", ["wuauserv", "Windows Update"]),
        new("W32Time", "Windows Time", ["W32Time", "Windows Time", "Windows time service"]),
        new("Dnscache", "DNS Client", ["Dnscache", "DNS Client"]),
        new("DNS", "DNS Server", ["DNS Server"]),
        new("Netlogon", "Netlogon", ["Netlogon"]),
        new("NTDS", "Active Directory Domain Services", ["NTDS", "Active Directory Domain Services"]),
        new("LanmanServer", "Server", ["LanmanServer"]),
        new("LanmanWorkstation", "Workstation", ["LanmanWorkstation"]),
        new("EventLog", "Windows Event Log", ["EventLog", "Windows Event Log"]),
        new("Schedule", "Task Scheduler", ["Task Scheduler"]),
        new("TermService", "Remote Desktop Services", ["TermService", "Remote Desktop Services"]),
        new("BITS", "Background Intelligent Transfer Service", ["BITS", "Background Intelligent Transfer Service"]),
        new("WinDefend", "Microsoft Defender Antivirus Service", ["WinDefend", "Microsoft Defender Antivirus", "Windows Defender"]),
        new("MpsSvc", "Windows Defender Firewall", ["MpsSvc", "Windows Defender Firewall", "Windows Firewall"]),
        new("Winmgmt", "Windows Management Instrumentation", ["Winmgmt", "Windows Management Instrumentation", "WMI service"]),
        new("RpcSs", "Remote Procedure Call (RPC)", ["RpcSs", "Remote Procedure Call"]),
        new("MSMQ", "Message Queuing", ["MSMQ", "Message Queuing"]),
        new("DHCPServer", "DHCP Server", ["DHCPServer", "DHCP Server"]),
        new("Dhcp", "DHCP Client", ["DHCP Client"]),
        new("CertSvc", "Active Directory Certificate Services", ["CertSvc", "Active Directory Certificate Services"]),
        new("SNMP", "SNMP Service", ["SNMP Service"]),
        new("MSExchangeTransport", "Microsoft Exchange Transport", ["MSExchangeTransport", "Microsoft Exchange Transport"]),
        new("MSExchangeIS", "Microsoft Exchange Information Store", ["MSExchangeIS", "Microsoft Exchange Information Store"]),
        new("ClusSvc", "Cluster Service", ["ClusSvc", "Cluster Service"]),
        new("VSS", "Volume Shadow Copy", ["Volume Shadow Copy"]),
        new("iphlpsvc", "IP Helper", ["iphlpsvc", "IP Helper"]),
        new("Zabbix Agent", "Zabbix Agent", ["Zabbix Agent"]),
        new("Zabbix Agent 2", "Zabbix Agent 2", ["Zabbix Agent 2"]),
        new("datadogagent", "Datadog Agent", ["datadogagent", "Datadog Agent"]),
        new("windows_exporter", "windows_exporter", ["windows_exporter", "windows exporter"]),
    ];

    /// <summary>Every alias in one pattern, longest first so "SQL Server Agent" beats "SQL Server" at the same place.</summary>
    private static readonly (Regex Pattern, Dictionary<string, WindowsService> ByAlias) Names = Build();

    private static (Regex, Dictionary<string, WindowsService>) Build()
    {
        var aliases = All.SelectMany(s => s.Aliases.Append(s.DisplayName).Append(s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Select(a => (Alias: a, Service: s)))
            .Where(x => x.Alias.Length >= 3)
            .OrderByDescending(x => x.Alias.Length)
            .ToList();
        var byAlias = new Dictionary<string, WindowsService>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, service) in aliases)
        {
            byAlias.TryAdd(alias, service);
        }
        var alternation = string.Join('|', aliases.Select(x => CaseSensitive(x.Alias) ? $"(?-i:{Regex.Escape(x.Alias)})" : Regex.Escape(x.Alias)));
        var pattern = LinearRegex.Create($@"(?<![\w-])(?:{alternation})(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
        return (pattern, byAlias);
    }

    /// <summary>Short upper-case names (WAS, DNS, BITS, VSS) are English words or acronyms in other case: exact case only.</summary>
    private static bool CaseSensitive(string alias) => alias.Length <= 5 && alias.All(c => !char.IsLetter(c) || char.IsUpper(c));

    /// <summary>The service whose short name, display name or alias equals <paramref name="text"/> (case-insensitive).</summary>
    public static WindowsService? Lookup(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var t = text.Trim();
        return All.FirstOrDefault(s => s.Name.Equals(t, StringComparison.OrdinalIgnoreCase)
            || s.DisplayName.Equals(t, StringComparison.OrdinalIgnoreCase)
            || s.Aliases.Any(a => a.Equals(t, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The first well-known service named in <paramref name="text"/> (earliest position, longest name on a tie).</summary>
    public static WindowsService? FindInText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > 4096)
        {
            text = text[..4096];
        }
        try
        {
            var m = Names.Pattern.Match(text);
            return m.Success ? Names.ByAlias.GetValueOrDefault(m.Value) : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>A well-known service named by the alert: service labels first, then the title, then the description.</summary>
    public static WindowsService? FindIn(CanonicalAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        foreach (var key in new[] { "service_name", "win_service", "windows_service", "name", "service", "u_service", "cmdb_ci" })
        {
            if (Lookup(AlertFieldSource.Lookup(alert.Labels, key)) is { } fromLabel)
            {
                return fromLabel;
            }
        }
        return Lookup(alert.Service) ?? FindInText(alert.Title) ?? FindInText(alert.Description);
    }
}
