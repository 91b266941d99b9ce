using System.Collections.Frozen;

namespace AeonNova.Safety.Analysis;

/// <summary>Command name sets the shared rules use (immutable).</summary>
internal static class CommandSets
{
    /// <summary>Commands that only read state (checked for credential paths, never flagged otherwise).</summary>
    public static readonly FrozenSet<string> ReadOnly = new[]
    {
        "df", "du", "free", "ps", "uptime", "w", "who", "whoami", "id", "groups", "uname", "hostname", "date", "cal", "cat", "tac",
        "head", "tail", "less", "more", "grep", "egrep", "fgrep", "zgrep", "zcat", "zless", "bzcat", "xzcat", "awk", "gawk",
        "mawk", "cut", "sort", "uniq", "wc", "tr", "paste", "join", "column", "fold", "fmt", "nl", "od", "hexdump", "strings",
        "file", "stat", "ls", "ll", "tree", "locate", "which", "whereis", "type", "echo", "printf", "test", "[", "[[", "((", "true",
        "false", ":", "sleep", "seq", "basename", "dirname", "realpath", "readlink", "pwd", "printenv", "lsof", "ss",
        "netstat", "arp", "ping", "ping6", "traceroute", "tracepath", "mtr", "dig", "nslookup", "host", "getent", "vmstat",
        "iostat", "mpstat", "pidstat", "sar", "nproc", "lscpu", "lsblk", "lsusb", "lspci", "lsmod", "modinfo", "blkid",
        "findmnt", "last", "lastb", "lastlog", "getconf", "diff", "cmp", "comm", "md5sum", "sha1sum", "sha256sum",
        "sha512sum", "cksum", "jq", "yq", "xmllint", "base64", "rev", "numfmt", "expr", "bc", "pgrep", "pidof", "pstree",
        "nvidia-smi", "sensors", "lvs", "vgs", "pvs", "lvdisplay", "vgdisplay", "pvdisplay", "ntpq", "ntpstat", "chronyc",
        "systemd-analyze", "coredumpctl", "ausearch", "aureport", "logger", "tput", "clear", "iotop", "top", "htop", "atop",
        "sestatus", "getenforce", "aa-status", "apparmor_status", "pg_isready", "mysqldump", "pg_dump", "zpool", "zfs",
        "tune2fs", "dumpe2fs", "xfs_info", "ethtool", "smartctl", "needrestart", "loginctl", "timedatectl", "hostnamectl",
        "resolvectl", "systemd-resolve", "ulimit", "umask", "let", "read", "shift", "cd", "pushd", "popd", "dirs", "trap",
        "wait", "break", "continue", "return", "exit", "set", "shopt", "getopts", "hash", "unalias", "alias", "caller",
        "declare", "typeset", "local", "export", "readonly", "unset", "source", ".", "mapfile", "readarray", "exec",
        "ionice", "renice", "iftop", "nethogs", "uptime", "users", "tty", "yes", "sum", "tee", "mkdir", "touch", "install",
        "ln", "cp", "mv", "gzip", "gunzip", "bzip2", "xz", "zstd", "tar", "zip", "unzip", "xxd", "openssl", "nginx",
        "apachectl", "apache2ctl", "httpd", "java", "dotnet", "go", "lsattr", "getfacl", "namei", "envsubst", "mktemp",
        "sync", "du", "ncdu", "fuser", "dmesg", "wall", "nice", "nohup", "time", "timeout", "stdbuf", "setsid",
        // Windows read-only tools
        "tasklist", "systeminfo", "ipconfig", "getmac", "tracert", "pathping", "qwinsta", "quser", "query", "ver", "vol",
        "where", "whoami.exe", "findstr", "more.com", "nbtstat", "route", "hostname.exe", "gpresult", "driverquery",
        "dir", "type", "cls", "chcp", "title", "pause", "rem", "setlocal", "endlocal", "verify", "wmic", "powercfg",
        "fsutil", "auditpol", "nltest", "klist", "dsregcmd", "w32tm", "cscript", "cmdkey",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Services whose loss blinds defenders (stopping them is defence evasion).</summary>
    public static readonly FrozenDictionary<string, string> DefenceServices = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["firewalld"] = "defense.firewall", ["ufw"] = "defense.firewall", ["nftables"] = "defense.firewall",
        ["iptables"] = "defense.firewall", ["netfilter-persistent"] = "defense.firewall", ["mpssvc"] = "defense.firewall",
        ["apparmor"] = "defense.selinux-apparmor", ["auditd"] = "defense.audit", ["falcon-sensor"] = "defense.audit",
        ["sysmon"] = "defense.audit", ["sysmon64"] = "defense.audit", ["osqueryd"] = "defense.audit",
        ["wazuh-agent"] = "defense.audit", ["ossec"] = "defense.audit", ["falco"] = "defense.audit",
        ["rsyslog"] = "defense.audit", ["syslog"] = "defense.audit", ["syslog-ng"] = "defense.audit",
        ["systemd-journald"] = "defense.audit", ["eventlog"] = "defense.audit", ["splunkforwarder"] = "defense.audit",
        ["amazon-cloudwatch-agent"] = "defense.audit", ["sentinelagent"] = "defense.audit", ["cbagentd"] = "defense.audit",
        ["windefend"] = "defense.antivirus", ["wdnissvc"] = "defense.antivirus", ["sense"] = "defense.antivirus",
        ["clamav-daemon"] = "defense.antivirus", ["clamd"] = "defense.antivirus", ["securityhealthservice"] = "defense.antivirus",
        ["wscsvc"] = "defense.antivirus", ["aide"] = "defense.audit", ["cbdaemon"] = "defense.antivirus",
        ["carbonblack"] = "defense.antivirus", ["cbservice"] = "defense.antivirus", ["falcond"] = "defense.antivirus",
        ["com.crowdstrike.falcond"] = "defense.antivirus", ["clamav-freshclam"] = "defense.antivirus", ["mdatp"] = "defense.antivirus",
        ["wdavdaemon"] = "defense.antivirus", ["sophos-spl"] = "defense.antivirus", ["elastic-agent"] = "defense.audit",
        ["auditbeat"] = "defense.audit", ["filebeat"] = "defense.audit", ["fluentd"] = "defense.audit", ["fluent-bit"] = "defense.audit",
        ["td-agent"] = "defense.audit", ["datadog-agent"] = "defense.audit", ["sysmonforlinux"] = "defense.audit",
        ["cylancesvc"] = "defense.antivirus", ["sentinelone"] = "defense.antivirus", ["xagt"] = "defense.antivirus",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Vendor and product names of security tools: a command that stops or unloads one of them impairs defenses.</summary>
    public static readonly string[] SecurityProducts =
    [
        "carbonblack", "cbdaemon", "cbservice", "crowdstrike", "falcon", "sentinel", "cylance", "sophos", "mcafee", "symantec",
        "defender", "mdatp", "wdav", "osquery", "sysmon", "wazuh", "ossec", "clamav", "auditd", "elastic-agent", "tanium", "qualys",
        "trendmicro", "eset", "kaspersky", "bitdefender", "fireeye", "xagt", "cortex", "traps", "endpoint",
    ];

    /// <summary>Database and backup services: disabling them keeps data offline (ATT&amp;CK T1489).</summary>
    private static readonly string[] DataServices =
    [
        "postgres", "mysql", "mariadb", "mongod", "redis", "elasticsearch", "cassandra", "mssql", "sqlserver", "oracle", "couchdb",
        "influxdb", "etcd", "backup", "veeam", "bacula", "bareos", "restic", "borg", "vss", "sqlwriter", "msexchange",
    ];

    public static bool IsDataService(string unit) => NamesAny(unit, DataServices);

    public static bool IsSecurityProduct(string text) => NamesAny(text, SecurityProducts);

    private static bool NamesAny(string text, string[] names)
    {
        var t = text.ToLowerInvariant();
        foreach (var n in names)
        {
            if (t.Contains(n, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Services that carry remote access to the host.</summary>
    public static readonly FrozenSet<string> AccessServices = new[]
    {
        "sshd", "ssh", "openssh-server", "networking", "network", "networkmanager", "systemd-networkd", "winrm",
        "termservice", "sshd.service", "ssh.service", "amazon-ssm-agent", "snap.amazon-ssm-agent.amazon-ssm-agent",
        "lanmanserver", "dnscache", "dhcp", "nsi",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static readonly FrozenSet<string> CriticalPackages = new[]
    {
        "openssh-server", "openssh", "ssh", "sshd", "systemd", "sudo", "libc6", "glibc", "bash", "coreutils", "apt", "dpkg",
        "yum", "dnf", "rpm", "util-linux", "login", "passwd", "init", "sysvinit", "grub", "grub2", "grub-pc", "grub-common",
        "linux-generic", "kernel", "kernel-core", "linux-firmware", "libpam-modules", "openssl", "libssl3", "python3",
        "systemd-sysv", "base-files", "procps", "e2fsprogs", "network-manager", "netplan.io", "ifupdown", "cloud-init",
        "amazon-ssm-agent",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static readonly FrozenSet<string> AdminGroups = new[]
    {
        "sudo", "wheel", "admin", "root", "docker", "lxd", "disk", "shadow", "adm", "administrators", "domain admins",
        "enterprise admins", "remote desktop users", "backup operators", "schema admins", "hyper-v administrators",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static readonly FrozenSet<string> Shells = new[]
    {
        "sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "busybox", "fish", "tcsh", "csh",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Interpreters = new[]
    {
        "python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php", "lua", "tclsh", "awk", "gawk", "irb", "jrunscript",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> NetworkClients = new[]
    {
        "nc", "ncat", "netcat", "telnet", "socat", "openssl",
    }.ToFrozenSet(StringComparer.Ordinal);
}
