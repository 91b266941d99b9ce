using System.Text;

namespace AeonNova.Safety.Analysis;

/// <summary>
/// What a path means for safety: system or broad paths, disposable (log/temp/cache) paths, security logs,
/// credential stores, persistence locations. Paths are compared in a normalised form: forward slashes,
/// lower case, '.'/'..' resolved, '~' and common Windows environment variables expanded.
/// </summary>
internal static class PathRules
{
    private static readonly string[] Broad =
    [
        "/", "/*", "/.*", "*", ".", "..", "./*", "/root", "/home", "/home/*", "/users", "c:", "c:/", "c:/*", "c:/users", "c:/users/*",
    ];

    private static readonly string[] ProtectedDirs =
    [
        "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/opt", "/proc", "/sbin", "/srv", "/sys", "/usr",
        "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/local", "/usr/share", "/usr/include", "/var", "/var/lib", "/var/www",
        "/var/lib/mysql", "/var/lib/postgresql", "/var/lib/docker", "/var/lib/redis", "/var/lib/mongodb",
        "/var/lib/elasticsearch", "/var/lib/etcd", "/var/lib/kubelet", "/data", "/mnt", "/media", "/snap", "/run",
        "/var/spool", "/var/backups", "/backup", "/backups",
        "c:/windows", "c:/windows/system32", "c:/windows/syswow64", "c:/program files", "c:/program files (x86)",
        "c:/programdata", "c:/inetpub", "c:/inetpub/wwwroot", "d:", "d:/", "d:/*", "e:", "e:/",
    ];

    private static readonly string[] SystemBinaryDirs =
    [
        "/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/lib/", "/lib64/", "/lib32/", "/usr/lib/", "/usr/lib64/", "/boot/",
        "/usr/libexec/", "c:/windows/system32/", "c:/windows/syswow64/",
    ];

    private static readonly string[] DisposablePrefixes =
    [
        "/tmp/", "/var/tmp/", "/var/cache/", "/var/log/", "/dev/shm/", "c:/windows/temp/", "c:/temp/", "c:/tmp/",
        "c:/inetpub/logs/", "c:/windows/softwaredistribution/download/", "c:/windows/logs/",
    ];

    private static readonly string[] DisposableSegments =
        ["/log/", "/logs/", "/tmp/", "/temp/", "/cache/", "/.cache/", "/caches/", "/appdata/local/temp/"];

    private static readonly string[] LogRoots = ["/var/log", "/var/log/*", "c:/windows/system32/winevt", "c:/windows/system32/winevt/logs"];

    private static readonly string[] SecurityLogs =
    [
        "/var/log/auth.log", "/var/log/secure", "/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog", "/var/log/faillog",
        "/var/log/audit", "/var/run/utmp", "/run/utmp", "/var/log/sudo.log", "c:/windows/system32/winevt/logs/",
        "c:/windows/prefetch", "/var/log/journal", "/run/log/journal", "/var/spool/mail/", "/var/mail/", "/private/var/db/diagnostics", "/var/db/diagnostics",
        "/private/var/log/", "/var/audit/", "/private/var/audit/",
    ];

    /// <summary>The host's own logs (not an application's): emptying or deleting them hides what happened (ATT&amp;CK T1070.002).</summary>
    private static readonly string[] SystemLogFiles =
    [
        "/var/log/syslog", "/var/log/messages", "/var/log/kern.log", "/var/log/daemon.log", "/var/log/cron", "/var/log/cron.log",
        "/var/log/maillog", "/var/log/mail.log", "/var/log/boot.log", "/var/log/dmesg", "/var/log/user.log", "/var/log/debug",
    ];

    /// <summary>Directories whose whole content is secret (keys, tokens): copying or archiving them is credential theft.</summary>
    private static readonly string[] SecretDirectories =
    [
        "/.ssh", "/.gnupg", "/.aws", "/.azure", "/.config/gcloud", "/.kube", "/.docker", "/.password-store", "/etc/ssl/private",
        "/.mozilla/firefox", "/.config/google-chrome", "/library/keychains", "/google/chrome/user data", "/microsoft/edge/user data",
        "/microsoft/credentials", "/microsoft/protect",
    ];

    /// <summary>Names that mark a search for secrets (find -name, ls, grep -r over them).</summary>
    private static readonly string[] SecretNames =
    [
        "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "credentials", ".netrc", ".pgpass", "logins.json", "key4.db", "key3.db",
        "shadow", ".git-credentials", "*.pem", "*.key", "*.ppk", "*.kdbx", "*.pfx", "*.p12", "wallet.dat", "authorized_keys",
        "known_hosts", ".bash_history", ".zsh_history", "*history", "unattend.xml", "sysprep.xml", "web.config", "*.rdp",
        "vnc.ini", "ntds.dit", "sam", "accesstokens.json", "config.json", ".vault-token", ".env", "*password*", "*passwd*",
        "*secret*", "*cred*",
    ];

    /// <summary>Configuration of firewalls, audit and logging: changing it blinds defenders (ATT&amp;CK T1562).</summary>
    private static readonly (string Prefix, string Rule)[] DefenseConfig =
    [
        ("/etc/ufw/", "defense.firewall"), ("/etc/iptables", "defense.firewall"), ("/etc/firewalld/", "defense.firewall"),
        ("/etc/nftables", "defense.firewall"), ("/etc/sysconfig/iptables", "defense.firewall"), ("/etc/pf.conf", "defense.firewall"),
        ("/etc/audit/", "defense.audit"), ("/etc/rsyslog.conf", "defense.audit"), ("/etc/rsyslog.d/", "defense.audit"),
        ("/etc/syslog-ng/", "defense.audit"), ("/etc/syslog.conf", "defense.audit"), ("/etc/systemd/journald.conf", "defense.audit"),
        ("/etc/audisp/", "defense.audit"), ("/etc/apparmor.d/", "defense.selinux-apparmor"), ("/etc/apparmor/", "defense.selinux-apparmor"),
        ("/etc/logrotate.conf", "defense.audit"), ("/etc/osquery/", "defense.audit"), ("/var/ossec/etc/", "defense.audit"),
    ];

    /// <summary>Where databases keep their files: overwriting or emptying them loses data (ATT&amp;CK T1485).</summary>
    private static readonly string[] DataStores =
    [
        "/var/lib/mysql/", "/var/lib/postgresql/", "/var/lib/pgsql/", "/var/lib/mongodb/", "/var/lib/redis/", "/var/lib/elasticsearch/",
        "/var/lib/etcd/", "/var/lib/cassandra/", "/var/lib/influxdb/", "/var/lib/rabbitmq/", "/var/opt/mssql/", "/var/backups/",
        "/backup/", "/backups/", "/var/lib/docker/volumes/",
    ];

    private static readonly string[] HistoryFiles =
    [
        "/.bash_history", "/.zsh_history", "/.sh_history", "/.history", "/.ash_history", "/.mysql_history", "/.psql_history",
        "/.python_history", "consolehost_history.txt",
    ];

    private static readonly string[] SystemSecrets =
    [
        "/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-", "/etc/security/opasswd", "/etc/master.passwd",
        "c:/windows/system32/config/sam", "c:/windows/system32/config/system", "c:/windows/system32/config/security",
        "c:/windows/repair/sam", "c:/windows/system32/config/regback/sam", "ntds.dit",
    ];

    private static readonly string[] CloudSecrets =
    [
        "/.aws/credentials", "/.aws/config", "/.azure/", "/.config/gcloud/", "/.kube/config", "/.docker/config.json",
        "/.netrc", "/.pgpass", "/.git-credentials", "/.my.cnf", "/.vault-token", "/etc/kubernetes/admin.conf",
        "/var/run/secrets/kubernetes.io/", "/environ", "/.npmrc", "/.pypirc", "/.config/gh/hosts.yml",
    ];

    private static readonly string[] CronPaths = ["/etc/cron", "/var/spool/cron", "/etc/anacrontab", "/var/spool/at"];

    private static readonly string[] UnitPaths =
    [
        "/etc/systemd/", "/lib/systemd/system/", "/usr/lib/systemd/system/", "/.config/systemd/", "/etc/init.d/",
        "/etc/init/", "/etc/rc", "/etc/xdg/autostart/", "/.config/autostart/", "/library/startupitems", "/system/library/startupitems",
        "/library/launchagents", "/library/launchdaemons", "/system/library/launchdaemons", "/system/library/launchagents",
        "/etc/periodic/", "/etc/emond.d/", "/usr/local/etc/periodic/", "/usr/lib/cron/",
    ];

    private static readonly string[] ProfilePaths =
    [
        "/etc/profile", "/etc/bash.bashrc", "/etc/bashrc", "/etc/zsh/", "/etc/environment", "/etc/ld.so.preload",
        "/.bashrc", "/.bash_profile", "/.bash_login", "/.profile", "/.zshrc", "/.zprofile", "/.bash_logout",
        "/etc/update-motd.d/", "microsoft.powershell_profile.ps1", "profile.ps1",
        "/start menu/programs/startup/",
    ];

    private static readonly string[] SudoersPaths = ["/etc/sudoers", "/usr/local/etc/sudoers", "/private/etc/sudoers", "/usr/etc/sudoers"];

    private static readonly string[] WindowsVariables =
    [
        "$env:systemroot", "%systemroot%", "$env:windir", "%windir%", "$env:systemdrive", "%systemdrive%", "$env:programfiles",
        "%programfiles%", "$env:programdata", "%programdata%", "$env:temp", "%temp%", "$env:tmp", "$env:userprofile",
        "%userprofile%", "$env:appdata", "%appdata%", "$home",
    ];

    private static readonly string[] BlockDevices = ["sd", "hd", "vd", "xvd", "nvme", "mmcblk", "md", "dm-", "mapper/", "disk/", "loop", "sr", "nbd"];

    private static readonly string[] AccountFiles = ["/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/passwd-"];

    public static string Normalize(string path)
    {
        if (IsNormal(path))
        {
            return path;
        }
        var p = path.Trim().Replace('\\', '/').ToLowerInvariant();
        p = ExpandVariables(p);
        if (p == "~" || p.StartsWith("~/", StringComparison.Ordinal))
        {
            p = "/root" + p[1..];
        }
        var absolute = p.StartsWith('/');
        var drive = p.Length >= 2 && p[1] == ':' && char.IsAsciiLetter(p[0]);
        // Walk the segments as ranges of p ('.' and '..' resolved), then build the result once.
        var segments = p.Length <= 256 ? stackalloc Range[(p.Length / 2) + 1] : new Range[(p.Length / 2) + 1];
        var count = 0;
        foreach (var range in p.AsSpan().Split('/'))
        {
            var segment = p.AsSpan(range);
            if (segment.IsEmpty)
            {
                continue;
            }
            if (segment is "." && (absolute || drive || count > 0))
            {
                continue;
            }
            if (segment is ".." && count > (drive ? 1 : 0) && p.AsSpan(segments[count - 1]) is not "..")
            {
                count--;
                continue;
            }
            if (segment is ".." && absolute && count == 0)
            {
                continue;
            }
            segments[count++] = range;
        }
        var buffer = p.Length < 256 ? stackalloc char[p.Length + 2] : new char[p.Length + 2];
        var length = 0;
        if (absolute)
        {
            buffer[length++] = '/';
        }
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                buffer[length++] = '/';
            }
            var segment = p.AsSpan(segments[i]);
            segment.CopyTo(buffer[length..]);
            length += segment.Length;
        }
        if (!absolute && drive && count == 1)
        {
            buffer[length++] = '/';
        }
        if (length == 0)
        {
            return ".";
        }
        var result = buffer[..length];
        return result.SequenceEqual(p) ? p : new string(result);
    }

    /// <summary>
    /// True when <see cref="Normalize"/> would return the text unchanged, so the common case allocates nothing:
    /// non-empty lower-case ASCII, no blanks at the ends, no backslash, variable, '~' or drive prefix, and no
    /// empty, '.' or '..' segment (a single leading '/' is kept; "/" alone is already normal).
    /// </summary>
    private static bool IsNormal(string path)
    {
        if (path.Length == 0 || path == "/")
        {
            return path.Length > 0;
        }
        if (path[0] == '~' || path[^1] == '/' || char.IsWhiteSpace(path[0]) || char.IsWhiteSpace(path[^1]) ||
            (path.Length >= 2 && path[1] == ':'))
        {
            return false;
        }
        var segmentStart = path[0] == '/' ? 1 : 0;
        for (var i = segmentStart; i <= path.Length; i++)
        {
            if (i < path.Length)
            {
                var c = path[i];
                if (c > '\u007f' || c is (>= 'A' and <= 'Z') or '\\' or '$' or '%')
                {
                    return false;
                }
                if (c != '/')
                {
                    continue;
                }
            }
            var length = i - segmentStart;
            if (length == 0 || (length <= 2 && path[segmentStart] == '.' && path[i - 1] == '.'))
            {
                return false;
            }
            segmentStart = i + 1;
        }
        return true;
    }

    private static string ExpandVariables(string p)
    {
        if (!p.Contains('$', StringComparison.Ordinal) && !p.Contains('%', StringComparison.Ordinal))
        {
            return p;
        }
        // The replacements below only change text that contains one of these variable names.
        if (!ContainsAny(p, WindowsVariables))
        {
            return p;
        }
        var sb = new StringBuilder(p);
        sb.Replace("$env:systemroot", "c:/windows").Replace("%systemroot%", "c:/windows")
            .Replace("$env:windir", "c:/windows").Replace("%windir%", "c:/windows")
            .Replace("$env:systemdrive", "c:").Replace("%systemdrive%", "c:")
            .Replace("$env:programfiles", "c:/program files").Replace("%programfiles%", "c:/program files")
            .Replace("$env:programdata", "c:/programdata").Replace("%programdata%", "c:/programdata")
            .Replace("$env:temp", "c:/windows/temp").Replace("%temp%", "c:/windows/temp").Replace("$env:tmp", "c:/windows/temp")
            .Replace("$env:userprofile", "c:/users/user").Replace("%userprofile%", "c:/users/user")
            .Replace("$env:appdata", "c:/users/user/appdata/roaming").Replace("%appdata%", "c:/users/user/appdata/roaming")
            .Replace("$home", "c:/users/user");
        return sb.ToString();
    }

    // Plain loops rather than LINQ with lambdas capturing the path: these run for every argument of every command.
    private static bool StartsWithAny(string n, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (n.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static bool EndsWithAny(string n, string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (n.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static bool ContainsAny(string n, string[] parts)
    {
        foreach (var part in parts)
        {
            if (n.Contains(part, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Root, home, a system/data directory itself, or a wildcard directly inside one.</summary>
    public static bool IsCriticalTarget(string normalized)
    {
        var n = normalized;
        if (Broad.Contains(n))
        {
            return true;
        }
        var withoutGlob = n.EndsWith("/*", StringComparison.Ordinal) ? n[..^2] : n.EndsWith("/.*", StringComparison.Ordinal) ? n[..^3] : n;
        if (ProtectedDirs.Contains(withoutGlob) || (withoutGlob.Length == 2 && withoutGlob[1] == ':'))
        {
            return true;
        }
        // A user's whole home directory or profile.
        var homeDepth = withoutGlob.StartsWith("/home/", StringComparison.Ordinal) && withoutGlob.Count(c => c == '/') == 2;
        var profile = withoutGlob.StartsWith("c:/users/", StringComparison.Ordinal) && withoutGlob.Count(c => c == '/') == 2;
        return homeDepth || profile || IsSystemBinaryPath(n);
    }

    public static bool IsSystemBinaryPath(string normalized) =>
        StartsWithAny(normalized, SystemBinaryDirs);

    public static bool IsLogRoot(string n) => LogRoots.Contains(n) || n.StartsWith("c:/windows/system32/winevt/", StringComparison.Ordinal);

    public static bool IsSecurityLog(string n) => StartsWithAny(n, SecurityLogs) || SystemLogFiles.Contains(n);

    /// <summary>A directory that holds nothing but secrets (~/.ssh, ~/.gnupg, ~/.aws…), itself or a file in it.</summary>
    public static bool IsSecretDirectory(string n)
    {
        // Spans: this runs for every argument of every reading command.
        var trimmed = n.AsSpan().TrimEnd("/*");
        foreach (var d in SecretDirectories)
        {
            var at = trimmed.IndexOf(d, StringComparison.Ordinal);
            if (at >= 0 && (at + d.Length == trimmed.Length || trimmed[at + d.Length] == '/'))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A file name or pattern that marks a search for secrets.</summary>
    public static bool IsSecretName(string pattern)
    {
        var p = pattern.Trim('"', '\'').ToLowerInvariant();
        var name = p.Contains('/', StringComparison.Ordinal) ? p[(p.LastIndexOf('/') + 1)..] : p;
        foreach (var s in SecretNames)
        {
            if (name == s || (s.StartsWith('*') && s.EndsWith('*') && name.Contains(s.Trim('*'), StringComparison.Ordinal)) ||
                (s.StartsWith('*') && !s.EndsWith('*') && name.EndsWith(s[1..], StringComparison.Ordinal)) || name.TrimEnd('*') == s)
            {
                return true;
            }
        }
        return p.Contains(".aws", StringComparison.Ordinal) || p.Contains(".ssh", StringComparison.Ordinal);
    }

    /// <summary>The defense rule for a change to firewall, audit or logging configuration, if the path is one.</summary>
    public static string? DefenseConfigRule(string n)
    {
        foreach (var (prefix, rule) in DefenseConfig)
        {
            if (n.StartsWith(prefix, StringComparison.Ordinal) || n == prefix.TrimEnd('/'))
            {
                return rule;
            }
        }
        return null;
    }

    /// <summary>Files that hold passwords in clear or reversible form (answer files, GPP, browser logins).</summary>
    private static readonly string[] SensitiveFiles =
    [
        "unattend.xml", "autounattend.xml", "sysprep.xml", "sysprep.inf", "/panther/", "groups.xml", "/login data", "/cookies",
        "/logins.json", "/key4.db", "consolehost_history.txt", "/.viminfo", "/wallet.dat", "/.lesshst",
    ];

    private static readonly string[] SensitiveFileDirectories = [.. SensitiveFiles.Where(s => s.EndsWith('/'))];

    public static bool IsSensitiveFile(string n) => EndsWithAny(n, SensitiveFiles) || ContainsAny(n, SensitiveFileDirectories);

    /// <summary>A file inside a database or backup store.</summary>
    public static bool IsDataStore(string n) => StartsWithAny(n, DataStores);

    public static bool IsHistoryFile(string n) => EndsWithAny(n, HistoryFiles);

    public static bool IsDisposable(string n) =>
        !IsLogRoot(n) && !IsSecurityLog(n) &&
        (StartsWithAny(n, DisposablePrefixes) || ContainsAny(n, DisposableSegments) ||
         n.EndsWith(".log", StringComparison.Ordinal) || n.EndsWith(".tmp", StringComparison.Ordinal));

    public static bool IsEtc(string n) => n.StartsWith("/etc/", StringComparison.Ordinal) || n == "/etc" ||
        n.Contains("/system32/drivers/etc/", StringComparison.Ordinal);

    public static bool IsBlockDevice(string n)
    {
        if (!n.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return n.StartsWith("//./physicaldrive", StringComparison.Ordinal);
        }
        var name = n[5..];
        return StartsWithAny(name, BlockDevices);
    }

    public static bool IsNetworkDevice(string n) => n.StartsWith("/dev/tcp/", StringComparison.Ordinal) || n.StartsWith("/dev/udp/", StringComparison.Ordinal);

    /// <summary>The credential rule a read of this path triggers, if any.</summary>
    public static string? CredentialRule(string n)
    {
        foreach (var secret in SystemSecrets)
        {
            if (n == secret || (n.EndsWith(secret, StringComparison.Ordinal) && secret.StartsWith('n')))
            {
                return "credential.system-secrets";
            }
        }
        if ((n.Contains("/.ssh/id_", StringComparison.Ordinal) && !n.EndsWith(".pub", StringComparison.Ordinal)) ||
            (n.StartsWith("/etc/ssh/ssh_host_", StringComparison.Ordinal) && n.EndsWith("_key", StringComparison.Ordinal)) ||
            n.StartsWith("/etc/ssl/private/", StringComparison.Ordinal) ||
            (n.StartsWith("/etc/letsencrypt/", StringComparison.Ordinal) && n.EndsWith("privkey.pem", StringComparison.Ordinal)))
        {
            return "credential.private-keys";
        }
        if (ContainsAny(n, CloudSecrets) && !(n.EndsWith("/environ", StringComparison.Ordinal) && !n.StartsWith("/proc/", StringComparison.Ordinal)))
        {
            return "credential.cloud";
        }
        return null;
    }

    /// <summary>The rule a write to this path triggers, if any (null: an ordinary file).</summary>
    public static string? WriteRule(string n)
    {
        if (IsNetworkDevice(n))
        {
            return "shell.reverse-shell";
        }
        if (IsBlockDevice(n))
        {
            return "disk.raw-device-write";
        }
        if (n == "/proc/sysrq-trigger")
        {
            return "system.sysrq";
        }
        if (n == "/proc/sys/vm/drop_caches")
        {
            return "routine.cache-flush";
        }
        if (n.StartsWith("/proc/sys/", StringComparison.Ordinal))
        {
            return "system.kernel-param";
        }
        if (StartsWithAny(n, SudoersPaths))
        {
            return "privilege.sudoers";
        }
        if (AccountFiles.Contains(n))
        {
            return "privilege.account-files";
        }
        if (n.EndsWith("/authorized_keys", StringComparison.Ordinal) || n.EndsWith("/authorized_keys2", StringComparison.Ordinal))
        {
            return "persistence.authorized-keys";
        }
        if (StartsWithAny(n, CronPaths))
        {
            return "persistence.cron";
        }
        if (IsUnitPath(n))
        {
            return "persistence.service-unit";
        }
        if (IsProfilePath(n))
        {
            return "persistence.shell-profile";
        }
        if (n.StartsWith("/etc/selinux/", StringComparison.Ordinal))
        {
            return "defense.selinux-apparmor";
        }
        if (IsHistoryFile(n))
        {
            return "defense.shell-history";
        }
        if (IsSecurityLog(n) || IsLogRoot(n))
        {
            return "logs.tamper";
        }
        if (IsSystemBinaryPath(n))
        {
            return "privilege.system-binary-write";
        }
        if (DefenseConfigRule(n) is { } defense)
        {
            return defense;
        }
        if (n.StartsWith("/etc/pam.d/", StringComparison.Ordinal) || n.StartsWith("/etc/security/", StringComparison.Ordinal) ||
            n.StartsWith("/lib/security/", StringComparison.Ordinal) || n.Contains("/lib/x86_64-linux-gnu/security/", StringComparison.Ordinal))
        {
            return "privilege.account-files";
        }
        if (IsEtc(n))
        {
            return "system.etc-edit";
        }
        return null;
    }

    private static bool IsUnitPath(string n)
    {
        foreach (var u in UnitPaths)
        {
            if (n.StartsWith(u, StringComparison.Ordinal) || (n.Contains(u, StringComparison.Ordinal) && u.StartsWith("/.", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsProfilePath(string n)
    {
        foreach (var p in ProfilePaths)
        {
            if (n.StartsWith(p, StringComparison.Ordinal) ||
                (!p.StartsWith("/etc", StringComparison.Ordinal) && n.EndsWith(p.TrimEnd('/'), StringComparison.Ordinal)) ||
                (p.EndsWith('/') && n.Contains(p, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Host part of a URL or host argument, lower case; empty when there is none.</summary>
    public static string HostOf(string urlOrHost) => HostPart(urlOrHost).ToString().ToLowerInvariant();

    /// <summary>The host part of a URL or host argument as a slice of it (not yet lower-cased).</summary>
    private static ReadOnlySpan<char> HostPart(string urlOrHost)
    {
        var s = urlOrHost.AsSpan().Trim().Trim("\"'");
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            s = s[(scheme + 3)..];
        }
        var at = s.IndexOf('@');
        var slash = s.IndexOf('/');
        if (at >= 0 && (slash < 0 || at < slash))
        {
            s = s[(at + 1)..];
        }
        var end = s.IndexOfAny('/', '?', '#');
        if (end >= 0)
        {
            s = s[..end];
        }
        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']');
            return close > 0 ? s[1..close] : s;
        }
        var colon = s.LastIndexOf(':');
        if (colon > 0 && s.Count(':') == 1)
        {
            s = s[..colon];
        }
        return s;
    }

    public static bool IsLocalHost(string host) =>
        host is "localhost" or "127.0.0.1" or "::1" or "0.0.0.0" or "." or "ip6-localhost" || host.StartsWith("127.", StringComparison.Ordinal) ||
        host.EndsWith(".localhost", StringComparison.Ordinal) || host == "$env:computername" || host == "%computername%";

    public static bool IsMetadataHost(string host) => IsMetadataHost(host.AsSpan());

    private static bool IsMetadataHost(ReadOnlySpan<char> host) =>
        host is "169.254.169.254" or "fd00:ec2::254" or "metadata.google.internal" or "169.254.170.2" or "metadata" or "100.100.100.200";

    public static bool IsMetadataCredentialUrl(string url)
    {
        var u = url.ToLowerInvariant();
        // u is lower case already: an ASCII host needs no second lower-casing (nor a string) to be compared.
        var host = HostPart(u);
        var metadataHost = System.Text.Ascii.IsValid(host) ? IsMetadataHost(host) : IsMetadataHost(HostOf(u));
        return metadataHost &&
            (u.Contains("security-credentials", StringComparison.Ordinal) || u.Contains("identity-credentials", StringComparison.Ordinal) ||
             u.Contains("/api/token", StringComparison.Ordinal) || u.Contains("service-accounts", StringComparison.Ordinal) ||
             u.Contains("/identity/oauth2", StringComparison.Ordinal) || u.Contains("/v2/credentials", StringComparison.Ordinal) ||
             u.Contains("ram/security-credentials", StringComparison.Ordinal));
    }
}
