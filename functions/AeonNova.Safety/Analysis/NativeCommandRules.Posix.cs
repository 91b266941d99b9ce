using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace AeonNova.Safety.Analysis;

internal sealed partial class NativeCommandRules
{
    private static readonly Regex SqlDestroy = new(
        @"\b(drop\s+(database|schema|table|collection|user)|truncate(\s+table)?\s+\w|delete\s+from\s+[\w.`""\[\]]+\s*(;|$|\)|')|dropdatabase\s*\(|\.drop\s*\(\s*\)|deletemany\s*\(\s*\{\s*\}\s*\)|flushall|flushdb)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex SqlReadOnly = new(
        @"^\s*(select|show|explain|describe|desc|\\[a-z]+|status|ping|db\.stats|db\.serverstatus|rs\.status|db\.currentop|\.tables|\.schema|pragma|with\s+\w+\s+as\s*\(\s*select)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private bool RunPosix(string name, IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin, out Flow? output)
    {
        output = null;
        // Operands and the lower-cased command line are built only for commands whose rules read them.
        List<Arg>? operands = null;
        string? lowered = null;
        List<Arg> Ops() => operands ??= Operands(args);
        string Lowered() => lowered ??= Lower(args);
        string Verb(int index = 0) => Ops().Count > index ? Ops()[index].Text.ToLowerInvariant() : "";
        switch (name)
        {
            case "rm" or "unlink" or "rmdir" or "srm":
                foreach (var target in Ops())
                {
                    CheckDelete(target, at);
                }
                return true;
            case "shred" or "wipe":
                foreach (var target in Ops())
                {
                    var n = PathRules.Normalize(target.Text);
                    if (PathRules.IsBlockDevice(n))
                    {
                        Report("disk.raw-device-write", at);
                    }
                    else if (PathRules.IsCriticalTarget(n) || PathRules.IsSystemBinaryPath(n) || PathRules.IsEtc(n) || PathRules.IsDataStore(n))
                    {
                        Report("destructive.move-critical-path", at, target.Text);
                    }
                    else if (PathRules.IsSecurityLog(n) || PathRules.IsLogRoot(n))
                    {
                        Report("logs.tamper", at, target.Text);
                    }
                    else
                    {
                        CheckDelete(target, at);
                    }
                }
                return true;
            case "truncate":
                foreach (var target in Ops().Where(o => !Regex.IsMatch(o.Text, "^[0-9]+[KMG]?$", RegexOptions.None, TimeSpan.FromSeconds(1))))
                {
                    CheckEmptied(target, at);
                }
                return true;
            case "mv" or "cp" or "install" or "ln" or "rsync" or "scp" or "sftp":
                return RunCopy(name, args, Ops(), at);
            case "tee":
                foreach (var target in Ops())
                {
                    CheckWrite(target, at, truncate: !ShortFlag(args, 'a'));
                    if (stdin is { Kind: FlowKind.Literal } && !target.Dynamic)
                    {
                        _state.RecordWrite(target.Text, stdin.Text, ShortFlag(args, 'a'));
                    }
                    if (stdin is { Kind: FlowKind.Download } && !target.Dynamic)
                    {
                        _state.RecordDownload(target.Text);
                    }
                }
                output = stdin;
                return true;
            case "touch":
                foreach (var target in Ops())
                {
                    CheckWrite(target, at, truncate: false);
                }
                return true;
            case "sed":
                if (args.Any(a => a.Text.StartsWith("-i", StringComparison.Ordinal) || a.Text.StartsWith("--in-place", StringComparison.Ordinal)))
                {
                    foreach (var target in Ops().Skip(ValueOf(args, "-e", "--expression") is null ? 1 : 0))
                    {
                        CheckWrite(target, at, truncate: false);
                    }
                }
                return true;
            case "dd":
                var of = args.FirstOrDefault(a => a.Text.StartsWith("of=", StringComparison.Ordinal));
                if (of.Text is not null)
                {
                    CheckWrite(new Arg(of.Text[3..], of.Dynamic), at, truncate: true);
                }
                return true;
            case "chmod":
                RunChmod(args, Ops(), at);
                return true;
            case "chown" or "chgrp":
                if (ShortFlag(args, 'R') || Has(args, "--recursive"))
                {
                    foreach (var target in Ops().Skip(1))
                    {
                        var n = PathRules.Normalize(target.Text);
                        if (PathRules.IsCriticalTarget(n) || PathRules.IsEtc(n) || PathRules.IsSystemBinaryPath(n))
                        {
                            Report("privilege.system-permissions", at, target.Text);
                        }
                    }
                }
                return true;
            case "setcap":
                Report(Lowered().Contains("cap_setuid", StringComparison.Ordinal) || Lowered().Contains("cap_sys_admin", StringComparison.Ordinal) || Lowered().Contains("cap_dac_override", StringComparison.Ordinal)
                    ? "privilege.setuid" : "unknown.command", at, "file capabilities");
                return true;
            case "mkfs" or "mke2fs" or "mkswap" or "sfdisk" or "gdisk" or "cfdisk" or "wipefs" or "blkdiscard" or "lvremove" or "vgremove" or
                "pvremove" or "lvreduce" or "sgdisk" or "zerofree" or "badblocks":
                if (name == "wipefs" && !ShortFlag(args, 'a') && !Has(args, "--all", "-o", "--offset"))
                {
                    return true;
                }
                if (name == "badblocks" && !ShortFlag(args, 'w'))
                {
                    return true;
                }
                Report("disk.filesystem-tool", at, name);
                return true;
            case "fdisk" or "parted":
                if (ShortFlag(args, 'l') || Has(args, "--list") || Lowered().Contains("print", StringComparison.Ordinal))
                {
                    return true;
                }
                Report("disk.filesystem-tool", at, name);
                return true;
            case "mdadm":
                if (Has(args, "--detail", "-D", "--examine", "-E", "--query", "-Q", "--scan"))
                {
                    return true;
                }
                Report(Has(args, "--zero-superblock", "--remove", "--fail", "--stop", "-S", "--create", "-C") ? "disk.filesystem-tool" : "unknown.command", at, "mdadm");
                return true;
            case "cryptsetup":
                Report(Verb() is "luksformat" or "erase" or "lukserase" or "lukskillslot" or "luksremovekey" ? "disk.filesystem-tool" : "unknown.command", at, "cryptsetup");
                return true;
            case "hdparm":
                if (Lowered().Contains("security-erase", StringComparison.Ordinal) || Lowered().Contains("--trim-sector", StringComparison.Ordinal))
                {
                    Report("disk.filesystem-tool", at, "hdparm");
                }
                return true;
            case "shutdown" or "reboot" or "poweroff" or "halt":
                if (Has(args, "-c", "/a", "--help"))
                {
                    return true;
                }
                Report("system.shutdown", at);
                return true;
            case "init" or "telinit":
                if (Verb() is "0" or "6" or "1" or "s" or "single")
                {
                    Report("system.shutdown", at);
                    return true;
                }
                if (Verb() is "q" or "u")
                {
                    return true;
                }
                Report("unknown.command", at, name);
                return true;
            case "kill":
                RunKill(args, at);
                return true;
            case "killall5":
                Report("system.kill-critical-process", at);
                return true;
            case "pkill" or "killall" or "skill":
                var pattern = Ops().FirstOrDefault().Text ?? "";
                if (pattern is "init" or "systemd" or "sshd" or "-1" || Regex.IsMatch(pattern, "^(\\.\\*|\\.|\\*|-1)$", RegexOptions.None, TimeSpan.FromSeconds(1)) || Has(args, "-u", "--user") && Lowered().Contains("root", StringComparison.Ordinal))
                {
                    Report(pattern == "sshd" ? "service.stop-access" : "system.kill-critical-process", at, pattern);
                    return true;
                }
                Report("process.kill-broad", at, $"pattern '{pattern}'");
                return true;
            case "fuser":
                if (ShortFlag(args, 'k'))
                {
                    Report("process.kill-broad", at, "fuser -k");
                }
                return true;
            case "systemctl":
                RunSystemctl(args, Ops(), at);
                return true;
            case "service":
                if (Has(args, "--status-all") || Ops().Count < 2)
                {
                    return true;
                }
                RunServiceAction(Ops()[0].Text, Ops()[1].Text.ToLowerInvariant(), at);
                return true;
            case "journalctl":
                if (VacuumsEverything(args))
                {
                    Report("logs.tamper", at, "journal vacuumed to (almost) nothing");
                }
                else if (args.Any(a => a.Text.StartsWith("--vacuum", StringComparison.Ordinal) || a.Text is "--rotate" or "--flush" or "--sync"))
                {
                    Report("routine.log-cleanup", at);
                }
                return true;
            case "logrotate":
                if (!ShortFlag(args, 'd') && !Has(args, "--debug"))
                {
                    Report("routine.log-cleanup", at);
                }
                return true;
            case "dmesg":
                if (ShortFlag(args, 'c') || ShortFlag(args, 'C') || Has(args, "--clear", "--read-clear"))
                {
                    Report("logs.tamper", at, "clears the kernel ring buffer");
                }
                return true;
            case "docker" or "podman" or "nerdctl":
                RunDocker(args, Ops(), at);
                return true;
            case "docker-compose":
                RunCompose(args, Ops(), at);
                return true;
            case "kubectl" or "oc" or "k3s":
                RunKubectl(args, Ops(), at);
                return true;
            case "helm":
                Report(Verb() switch
                {
                    "list" or "ls" or "status" or "history" or "get" or "show" or "search" or "version" or "template" or "lint" => "",
                    "uninstall" or "delete" or "del" or "un" => "data.cluster-destroy",
                    "rollback" => "routine.service-restart",
                    _ => "packages.install",
                }, at, "helm " + Verb());
                return true;
            case "etcdctl":
                Report(Verb() is "del" or "delete" or "defrag" && Verb() != "defrag" ? "data.database-destroy" : Verb() is "get" or "endpoint" or "member" or "version" or "check" or "alarm" ? "" : "unknown.command", at, "etcdctl " + Verb());
                return true;
            case "aws":
                RunAws(Ops(), Lowered(), at);
                return true;
            case "terraform" or "tofu" or "terragrunt":
                Report(Verb() == "destroy" || Lowered().Contains("-destroy", StringComparison.Ordinal) || (Verb() == "state" && Verb(1) == "rm")
                    ? "data.cloud-destroy"
                    : Verb() is "plan" or "show" or "validate" or "output" or "version" or "fmt" or "providers" or "graph" or "init" ? "" : "unknown.command", at, "terraform " + Verb());
                return true;
            case "gcloud" or "az" or "doctl" or "oci":
                RunCloudCli(name, Ops(), at);
                return true;
            case "mysql" or "mariadb" or "psql" or "sqlite3" or "mongo" or "mongosh" or "cqlsh" or "clickhouse-client" or "sqlcmd" or "isql":
                RunSqlClient(name, args, at, stdin);
                return true;
            case "mysqladmin":
                Report(Verb() switch
                {
                    "drop" => "data.database-destroy",
                    "status" or "ping" or "processlist" or "variables" or "extended-status" or "version" => "",
                    "flush-logs" or "refresh" => "routine.log-cleanup",
                    "flush-hosts" or "flush-tables" or "flush-privileges" or "flush-status" => "routine.cache-flush",
                    "kill" => "process.kill-broad",
                    "shutdown" => "service.stop",
                    _ => "unknown.command",
                }, at, "mysqladmin " + Verb());
                return true;
            case "dropdb" or "dropuser":
                Report("data.database-destroy", at, name);
                return true;
            case "redis-cli" or "valkey-cli" or "keydb-cli":
                RunRedis(args, Ops(), at, stdin);
                return true;
            case "nc" or "ncat" or "netcat" or "telnet" or "socat":
                output = RunNetcat(name, args, Ops(), Lowered(), at, stdin);
                return true;
            case "curl" or "wget" or "http" or "httpie" or "aria2c" or "lwp-download" or "fetch":
                output = RunCurl(name, args, Ops(), at, stdin);
                return true;
            case "ssh" or "sshpass" or "autossh" or "mosh" or "pssh" or "pdsh" or "parallel-ssh" or "clush":
                RunSsh(name, args, at);
                return true;
            case "crontab":
                if (Has(args, "-l"))
                {
                    return true;
                }
                Report("persistence.cron", at);
                return true;
            case "at" or "batch":
                if (Has(args, "-l"))
                {
                    return true;
                }
                Report("persistence.cron", at, name);
                return true;
            case "useradd" or "adduser" or "newusers":
                if (name == "adduser" && Ops().Count == 2 && CommandSets.AdminGroups.Contains(Ops()[1].Text))
                {
                    Report("accounts.admin-group", at, Ops()[1].Text);
                    return true;
                }
                if (Regex.IsMatch(Lowered(), @"(-u|--uid)\s*0\b|--non-unique|\s-o\b|-ou\s*0", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    Report("privilege.uid-zero", at);
                }
                Report("accounts.new-user", at);
                CheckGroupOption(args, at);
                return true;
            case "usermod":
                if (Regex.IsMatch(Lowered(), @"(-u|--uid)\s*0\b", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    Report("privilege.uid-zero", at);
                }
                var groupsChanged = CheckGroupOption(args, at);
                if (ShortFlag(args, 'L') || Has(args, "--lock", "--expiredate", "-e"))
                {
                    Report("accounts.delete-user", at, "locks or expires the account");
                }
                else if (Has(args, "-p", "--password"))
                {
                    Report("accounts.password-change", at);
                }
                else if (!groupsChanged && !Lowered().Contains("-u", StringComparison.Ordinal))
                {
                    Report("unknown.command", at, "usermod");
                }
                return true;
            case "gpasswd":
                if (Has(args, "-a", "--add", "-M", "--members") && Ops().Any(o => CommandSets.AdminGroups.Contains(o.Text)))
                {
                    Report("accounts.admin-group", at);
                }
                else
                {
                    Report("unknown.command", at, "gpasswd");
                }
                return true;
            case "groupadd" or "groupmod" or "groupdel":
                Report("unknown.command", at, name);
                return true;
            case "passwd":
                if (Has(args, "-S", "--status"))
                {
                    return true;
                }
                Report(Has(args, "-l", "--lock", "-e", "--expire") ? "accounts.delete-user" : "accounts.password-change", at);
                return true;
            case "chpasswd" or "chage":
                Report(name == "chage" && !Has(args, "-l", "--list") ? "accounts.delete-user" : name == "chage" ? "" : "accounts.password-change", at);
                return true;
            case "userdel" or "deluser":
                Report("accounts.delete-user", at);
                return true;
            case "visudo":
                if (!Has(args, "-c", "--check"))
                {
                    Report("privilege.sudoers", at);
                }
                return true;
            case "iptables" or "ip6tables" or "iptables-legacy" or "iptables-nft":
                if (Has(args, "-F", "--flush", "-X", "--delete-chain") || Regex.IsMatch(Lowered(), @"(-p|--policy)\s+\w+\s+accept", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    Report("defense.firewall", at);
                }
                else if (!args.Any(a => a.Text is "-L" or "-S" or "--list" or "-nvL" or "-nL" or "-vnL" or "-vL" || a.Text.StartsWith("-L", StringComparison.Ordinal) || (a.Text.StartsWith('-') && !a.Text.StartsWith("--", StringComparison.Ordinal) && a.Text.Contains('L', StringComparison.Ordinal))))
                {
                    Report("system.network-change", at, "changes firewall rules");
                }
                return true;
            case "iptables-restore" or "ip6tables-restore":
                Report("system.network-change", at, "replaces firewall rules");
                return true;
            case "nft":
                if (Lowered().Contains("flush ruleset", StringComparison.Ordinal) || Lowered().Contains("delete table", StringComparison.Ordinal) || Lowered().Contains("flush table", StringComparison.Ordinal))
                {
                    Report("defense.firewall", at);
                }
                else if (Verb() is not ("list" or "-a"))
                {
                    Report("system.network-change", at, "changes firewall rules");
                }
                return true;
            case "ufw":
                Report(Verb() switch
                {
                    "disable" or "reset" => "defense.firewall",
                "logging" when Verb(1) is "off" => "defense.audit",
                    "status" or "show" or "version" or "app" => "",
                    "reload" or "enable" => "routine.service-restart",
                    _ => "system.network-change",
                }, at, "ufw " + Verb());
                return true;
            case "firewall-cmd":
                if (Has(args, "--panic-on"))
                {
                    Report("service.stop-access", at, "firewall panic mode drops all traffic");
                }
                else if (ChangesFirewallRules(args))
                {
                    Report("system.network-change", at, "changes firewall rules");
                }
                else if (Has(args, "--reload", "--complete-reload"))
                {
                    Report("routine.service-restart", at);
                }
                return true;
            case "setenforce":
                if (Verb() is "0" or "permissive")
                {
                    Report("defense.selinux-apparmor", at);
                }
                return true;
            case "aa-disable" or "aa-complain" or "aa-teardown":
                Report("defense.selinux-apparmor", at);
                return true;
            case "apparmor_parser":
                if (ShortFlag(args, 'R') || Has(args, "--remove"))
                {
                    Report("defense.selinux-apparmor", at);
                }
                return true;
            case "history":
                if (ShortFlag(args, 'c') || ShortFlag(args, 'd') || ShortFlag(args, 'w') && Lowered().Contains("/dev/null", StringComparison.Ordinal))
                {
                    Report("defense.shell-history", at);
                }
                return true;
            case "sysctl":
                RunSysctl(args, Ops(), at);
                return true;
            case "insmod" or "rmmod":
                Report("system.kernel-param", at, name);
                return true;
            case "modprobe":
                if (!Has(args, "-n", "--dry-run", "--show-depends", "-c", "--showconfig"))
                {
                    Report("system.kernel-param", at, "modprobe");
                }
                return true;
            case "ip":
                RunIp(Ops(), at);
                return true;
            case "ifdown" or "ifconfig" or "nmcli" or "route" or "tc" or "brctl" or "ethtool":
                RunNetworkTool(name, Ops(), Lowered(), at);
                return true;
            case "apt" or "apt-get" or "aptitude" or "yum" or "dnf" or "zypper" or "apk" or "pacman" or "snap" or "pip" or "pip3" or "npm" or
                "gem" or "brew" or "flatpak" or "pipx" or "yarn" or "pnpm" or "cargo" or "conda" or "microdnf" or "tdnf":
                RunPackageManager(name, args, Ops(), at);
                return true;
            case "dpkg" or "rpm":
                RunDpkg(name, args, Ops(), at);
                return true;
            case "find":
                output = RunFind(args, at);
                return true;
            case "mount" or "umount" or "swapoff" or "swapon":
                if ((name == "mount" && args.All(a => a.Text is "-l" or "-v")) || (name == "swapon" && Has(args, "--show", "-s")))
                {
                    return true;
                }
                Report(name == "umount" && Ops().Any(o => PathRules.Normalize(o.Text) is "/" or "/boot" or "/usr" or "/var") ? "disk.filesystem-tool" : "unknown.command", at, name);
                return true;
            case "gzip" or "bzip2" or "xz" or "zstd":
                if (ShortFlag(args, 'd') || ShortFlag(args, 'l') || ShortFlag(args, 't') || Has(args, "--decompress", "--list", "--test"))
                {
                    return true;
                }
                foreach (var target in Ops())
                {
                    var n = PathRules.Normalize(target.Text);
                    Report(target.Dynamic && LiteralPrefix(target).Length < 2 ? "destructive.rm-unresolved-target"
                        : PathRules.IsDisposable(n) || target.Dynamic && PathRules.IsDisposable(PathRules.Normalize(LiteralPrefix(target) + "x")) ? "routine.log-cleanup"
                        : PathRules.IsCriticalTarget(n) || PathRules.IsSystemBinaryPath(n) ? "destructive.move-critical-path" : "unknown.command", at, $"compresses '{target}'");
                }
                return true;
            case "tar":
                var extract = ShortFlag(args, 'x') || Has(args, "--extract", "--get") || (args.Count > 0 && !args[0].IsOption && args[0].Text.Contains('x', StringComparison.Ordinal));
                if (extract)
                {
                    var dest = ValueOf(args, "-C", "--directory") ?? ".";
                    var n = PathRules.Normalize(dest);
                    Report(PathRules.IsCriticalTarget(n) || PathRules.IsSystemBinaryPath(n) || PathRules.IsEtc(n) ? "privilege.system-binary-write" : "unknown.command", at, $"extracts into '{dest}'");
                }
                if (Has(args, "--remove-files"))
                {
                    foreach (var target in Ops().Skip(1))
                    {
                        CheckDelete(target, at);
                    }
                }
                return true;
            case "chattr":
                Report(Lowered().Contains("-i", StringComparison.Ordinal) && Ops().Any(o => PathRules.IsEtc(PathRules.Normalize(o.Text))) ? "system.etc-edit" : "unknown.command", at, "chattr");
                return true;
            case "mkfifo" or "mknod":
                return true;
            case "echo" or "printf":
                output = Flow.Unknown;
                return true;
            case "cat" or "zcat" or "head" or "tail" or "grep" or "awk" or "sort" or "uniq" or "cut" or "tr" or "sed" or "base64" or "rev":
                return false;
            case "openssl":
                if (Verb() is "s_client")
                {
                    var connect = ValueOf(args, "-connect") ?? "";
                    if (IsRemote(connect))
                    {
                        output = Flow.Download;
                    }
                }
                return true;
            case "ntpdate" or "hwclock" or "timedatectl" when Verb() is "set-time" or "set-ntp" || name != "timedatectl":
                if (name == "hwclock" && (ShortFlag(args, 'r') || Has(args, "--show")))
                {
                    return true;
                }
                Report("unknown.command", at, $"{name} changes the clock");
                return true;
            case "nginx" when Has(args, "-s"):
                Report(Lowered().Contains("reload", StringComparison.Ordinal) || Lowered().Contains("reopen", StringComparison.Ordinal) ? "routine.service-restart" : "service.stop", at, "nginx -s");
                return true;
            case "apachectl" or "apache2ctl" when Verb() is "graceful" or "restart" or "start":
                Report("routine.service-restart", at);
                return true;
            case "apachectl" or "apache2ctl" when Verb() is "stop" or "graceful-stop":
                Report("service.stop", at, "apachectl stop");
                return true;
            case "pm2" or "supervisorctl" or "forever" or "monit" or "rc-service" or "sv" or "initctl" or "launchctl":
                RunProcessManager(name, Ops(), at);
                return true;
            case "sync":
                return true;
            case "update-grub" or "grub-install" or "grub2-mkconfig" or "efibootmgr":
                Report("system.kernel-param", at, name);
                return true;
            case "mimikatz" or "pypykatz" or "lazagne" or "secretsdump.py" or "secretsdump" or "unshadow" or "john" or "hashcat":
                Report(name is "unshadow" or "john" or "hashcat" ? "credential.system-secrets" : "credential.lsass", at, name);
                return true;
            case "ngrok" or "chisel" or "frpc" or "cloudflared" or "sshuttle" or "ligolo":
                Report("network.tunnel", at, name);
                return true;
            case "xmrig" or "minerd" or "cpuminer":
                Report("unknown.command", at, "cryptocurrency miner");
                return true;
            default:
                return false;
        }
    }

    // Outside RunPosix: a lambda capturing args there would allocate a closure for every command analysed.
    private static bool ChangesFirewallRules(IReadOnlyList<Arg> args) =>
        args.Any(a => a.Text.StartsWith("--add", StringComparison.Ordinal) || a.Text.StartsWith("--remove", StringComparison.Ordinal) || a.Text.StartsWith("--set", StringComparison.Ordinal) || a.Text.StartsWith("--zone", StringComparison.Ordinal) && args.Count > 1 && args.Any(b => b.Text.StartsWith("--add", StringComparison.Ordinal)));

    /// <summary>journalctl --vacuum-time under a day, --vacuum-size under 10M or --vacuum-files=1 leaves no history.</summary>
    private static bool VacuumsEverything(IReadOnlyList<Arg> args)
    {
        var time = ValueOf(args, "--vacuum-time");
        var size = ValueOf(args, "--vacuum-size");
        var files = ValueOf(args, "--vacuum-files");
        static bool Small(string? v, string units)
        {
            if (v is null)
            {
                return false;
            }
            var digits = new string(v.TakeWhile(char.IsAsciiDigit).ToArray());
            var unit = v[digits.Length..].ToLowerInvariant();
            return digits.Length > 0 && (long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) == 0 || units.Contains($"|{unit}|", StringComparison.Ordinal));
        }
        return Small(time, "||s|sec|second|seconds|m|min|minute|minutes|ms|us|h|hour|hours|") || Small(size, "||b|k|kb|") ||
            (files is not null && files.Trim() is "0" or "1");
    }

    private bool RunCopy(string name, IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at)
    {
        if (name is "scp" or "sftp" || (name == "rsync" && ops.Any(o => IsRemoteSpec(o.Text))))
        {
            if (ops.Any(o => IsRemoteSpec(o.Text)) || name == "sftp")
            {
                Report("lateral.remote-copy", at, name);
            }
            // A file pulled from another host is as unseen as a download.
            if (ops.Count >= 2 && IsRemoteSpec(ops[0].Text) && !IsRemoteSpec(ops[^1].Text) && !ops[^1].Dynamic)
            {
                _state.RecordDownload(ops[^1].Text.EndsWith('/') ? ops[^1].Text + Path.GetFileName(ops[0].Text) : ops[^1].Text);
            }
            return true;
        }
        if (ops.Count < 2)
        {
            return true;
        }
        var dest = ops[^1];
        var destNormalized = PathRules.Normalize(dest.Text);
        if (!dest.Dynamic && destNormalized.StartsWith("/dev/", StringComparison.Ordinal) && name is "mv" or "cp" or "install" or "rsync")
        {
            // mv /etc/nginx /dev/null destroys the source; a copy onto a device node overwrites the device.
            if (name == "mv")
            {
                foreach (var source in ops.Take(ops.Count - 1))
                {
                    var n = PathRules.Normalize(source.Text);
                    Report(PathRules.IsDisposable(n) ? "destructive.delete-files" : "destructive.move-critical-path", at, $"moves '{source.Text}' to {dest.Text}");
                }
            }
            if (destNormalized is not ("/dev/null" or "/dev/stdout" or "/dev/stderr"))
            {
                CheckWrite(dest, at, truncate: true);
            }
            return true;
        }
        if (name == "install" && ValueOf(args, "-m", "--mode") is { } mode && mode.Length == 4 && mode[0] is '4' or '2' or '6')
        {
            Report("privilege.setuid", at, $"install -m {mode}");
        }
        if (name is "cp" or "install" && ops.Count == 2 && PathRules.Normalize(ops[0].Text) is "/dev/null" or "/dev/zero" or "/dev/urandom" or "/dev/random")
        {
            // Copying an empty or random device over a file empties or garbles it.
            CheckEmptied(dest, at);
            return true;
        }
        if (name == "mv")
        {
            foreach (var source in ops.Take(ops.Count - 1))
            {
                var n = PathRules.Normalize(source.Text);
                if (!source.Dynamic && (PathRules.IsCriticalTarget(n) || PathRules.IsSystemBinaryPath(n) || n == "/etc" || PathRules.WriteRule(n) is "privilege.account-files" or "privilege.sudoers"))
                {
                    Report("destructive.move-critical-path", at, source.Text);
                }
                else if (!source.Dynamic && (PathRules.IsSecurityLog(n) || PathRules.IsLogRoot(n)))
                {
                    Report("logs.tamper", at, source.Text);
                }
            }
        }
        var destNorm = PathRules.Normalize(dest.Text);
        if (!dest.Dynamic && PathRules.IsCriticalTarget(destNorm) && !PathRules.IsSystemBinaryPath(destNorm) && name == "rsync" && Has(args, "--delete"))
        {
            Report("destructive.rm-critical-path", at, $"rsync --delete into '{dest.Text}'");
            return true;
        }
        if (name == "ln" && ops.Count >= 2 && PathRules.Normalize(ops[0].Text) == "/dev/null" && PathRules.IsHistoryFile(destNorm))
        {
            Report("defense.shell-history", at);
            return true;
        }
        var sourceName = ops[0].Text;
        var content = ops.Count == 2 ? _state.WrittenContent(sourceName) : null;
        if (content is not null && !dest.Dynamic)
        {
            _state.RecordWrite(dest.Text.EndsWith('/') ? dest.Text + Path.GetFileName(sourceName) : dest.Text, content, false);
        }
        if (ops.Count == 2 && _state.WasDownloaded(sourceName) && !dest.Dynamic)
        {
            _state.RecordDownload(dest.Text);
        }
        var target = dest.Text.EndsWith('/') || (PathRules.IsEtc(destNorm) && !destNorm[5..].Contains('.', StringComparison.Ordinal) && destNorm.Count(c => c == '/') <= 2 && ops.Count == 2 && !destNorm.Contains("sudoers", StringComparison.Ordinal) && !destNorm.Contains("passwd", StringComparison.Ordinal) && !destNorm.Contains("shadow", StringComparison.Ordinal))
            ? new Arg(dest.Text.TrimEnd('/') + "/" + Path.GetFileName(sourceName), dest.Dynamic)
            : dest;
        CheckWrite(target, at, truncate: false);
        return true;
    }

    private static bool IsRemoteSpec(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 1 || text.Contains("://", StringComparison.Ordinal) && !text.StartsWith("rsync://", StringComparison.Ordinal))
        {
            return text.StartsWith("rsync://", StringComparison.Ordinal);
        }
        var host = text[..colon];
        var at = host.LastIndexOf('@');
        if (at >= 0)
        {
            host = host[(at + 1)..];
        }
        return !host.Contains('/', StringComparison.Ordinal) && !PathRules.IsLocalHost(host.ToLowerInvariant());
    }

    private void RunChmod(IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at)
    {
        if (ops.Count < 2)
        {
            return;
        }
        var mode = ops[0].Text.ToLowerInvariant();
        var recursive = ShortFlag(args, 'R') || Has(args, "--recursive");
        var setuid = Regex.IsMatch(mode, @"^[ugoa]*[+=][rwxXt]*s|^[2467][0-7]{3}$", RegexOptions.None, TimeSpan.FromSeconds(1));
        var worldWritable = Regex.IsMatch(mode, @"^[0-7]?[0-7][0-7][2367]$|(^|,)(o|a)?[+=][rwxXst]*w|^\+[rx]*w", RegexOptions.None, TimeSpan.FromSeconds(1)) &&
            (Regex.IsMatch(mode, "^[0-9]+$", RegexOptions.None, TimeSpan.FromSeconds(1)) || mode.Contains('o', StringComparison.Ordinal) || mode.Contains('a', StringComparison.Ordinal) || mode.StartsWith('+'));
        foreach (var target in ops.Skip(1))
        {
            var n = PathRules.Normalize(target.Text);
            var system = PathRules.IsCriticalTarget(n) || PathRules.IsSystemBinaryPath(n) || PathRules.IsEtc(n) || n.StartsWith("/var/", StringComparison.Ordinal) && recursive;
            if (setuid)
            {
                Report("privilege.setuid", at, $"chmod {mode} {target}");
            }
            else if ((worldWritable || recursive) && system && !target.Dynamic)
            {
                Report("privilege.system-permissions", at, $"chmod {mode} {target}");
            }
            else if (worldWritable)
            {
                Report("privilege.world-writable", at, $"chmod {mode} {target}");
            }
        }
    }

    private void RunKill(IReadOnlyList<Arg> args, SourceSpan at)
    {
        if (Has(args, "-l", "-L", "--list"))
        {
            return;
        }
        var pids = new List<Arg>();
        var signalSeen = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!signalSeen && a.Text is "-s" or "-n" or "--signal")
            {
                i++;
                signalSeen = true;
                continue;
            }
            if (!signalSeen && a.IsOption && a.Text != "--" && i + 1 < args.Count)
            {
                signalSeen = true;
                continue;
            }
            if (a.Text == "--")
            {
                continue;
            }
            pids.Add(a);
        }
        if (pids.Any(p => p.Text is "1" or "-1" or "0" or "-0"))
        {
            Report("system.kill-critical-process", at, "init or every process");
        }
        else if (pids.Any(p => p.Dynamic))
        {
            Report("process.kill-broad", at, "process ids are computed at run time");
        }
        else
        {
            Report("routine.signal-process", at);
        }
    }

    private void RunSystemctl(IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at)
    {
        if (ops.Count == 0)
        {
            return;
        }
        var verb = ops[0].Text.ToLowerInvariant();
        var units = ops.Skip(1).Select(u => u.Text).ToList();
        switch (verb)
        {
            case "status" or "show" or "is-active" or "is-enabled" or "is-failed" or "list-units" or "list-unit-files" or "list-timers" or
                "list-sockets" or "cat" or "list-dependencies" or "help" or "list-jobs" or "get-default" or "is-system-running" or "--failed":
                return;
            case "restart" or "reload" or "try-restart" or "reload-or-restart" or "start" or "try-reload-or-restart" or "condrestart" or
                "reset-failed" or "daemon-reload" or "daemon-reexec" or "force-reload" or "enable" or "unmask" or "reenable":
                foreach (var unit in units.Where(u => u.EndsWith(".service", StringComparison.Ordinal) || u.EndsWith(".timer", StringComparison.Ordinal)))
                {
                    var written = _state.WrittenFiles.Keys.Any(k => k.EndsWith("/" + unit.ToLowerInvariant(), StringComparison.Ordinal));
                    if (written && verb is "enable" or "start" or "reenable")
                    {
                        Report("persistence.service-unit", at, unit);
                    }
                }
                Report("routine.service-restart", at, $"systemctl {verb} {string.Join(' ', units)}".TrimEnd());
                return;
            case "stop" or "disable" or "mask" or "kill" or "freeze":
                foreach (var unit in units)
                {
                    RunServiceAction(unit, "stop", at, verb);
                    // Masking, or disabling a database/backup service, keeps it down across reboots: the ransomware
                    // pattern of ATT&CK T1489, not a restart a runbook needs.
                    if (verb == "mask" || (verb == "disable" && CommandSets.IsDataService(unit)))
                    {
                        Report("service.disable-critical", at, $"systemctl {verb} {unit}");
                    }
                }
                return;
            case "reboot" or "poweroff" or "halt" or "kexec" or "rescue" or "emergency" or "suspend" or "hibernate" or "soft-reboot":
                Report("system.shutdown", at, "systemctl " + verb);
                return;
            case "isolate" or "default":
                Report(units.Any(u => u.Contains("rescue", StringComparison.Ordinal) || u.Contains("emergency", StringComparison.Ordinal) || u.Contains("poweroff", StringComparison.Ordinal) || u.Contains("reboot", StringComparison.Ordinal) || u.Contains("halt", StringComparison.Ordinal))
                    ? "system.shutdown" : "unknown.command", at, "systemctl " + verb);
                return;
            case "edit" or "set-property" or "link" or "preset" or "revert" or "set-default" or "set-environment":
                Report("system.etc-edit", at, "systemctl " + verb);
                return;
            default:
                Report("unknown.command", at, "systemctl " + verb);
                return;
        }
    }

    /// <summary>service NAME ACTION, /etc/init.d/NAME ACTION, and systemctl stop NAME.</summary>
    public void RunServiceAction(string unit, string action, SourceSpan at, string? verb = null)
    {
        var name = unit.ToLowerInvariant();
        if (name.EndsWith(".service", StringComparison.Ordinal))
        {
            name = name[..^8];
        }
        if (name.EndsWith(".socket", StringComparison.Ordinal))
        {
            name = name[..^7];
        }
        switch (action)
        {
            case "status" or "configtest" or "check" or "test":
                return;
            case "restart" or "reload" or "start" or "force-reload" or "try-restart" or "condrestart" or "graceful" or "reload-or-restart":
                Report("routine.service-restart", at, $"{action} {unit}");
                return;
            case "stop" or "disable" or "mask" or "kill" or "force-stop" or "graceful-stop":
                if (action == "disable" && CommandSets.IsDataService(name) && !CommandSets.DefenceServices.ContainsKey(name))
                {
                    Report("service.disable-critical", at, $"{verb ?? action} {unit}");
                }
                if (CommandSets.DefenceServices.TryGetValue(name, out var rule))
                {
                    Report(rule, at, $"{verb ?? action} {unit}");
                }
                else if (CommandSets.AccessServices.Contains(name))
                {
                    Report("service.stop-access", at, $"{verb ?? action} {unit}");
                }
                else
                {
                    Report("service.stop", at, $"{verb ?? action} {unit}");
                }
                return;
            default:
                Report("unknown.command", at, $"service action '{action}'");
                return;
        }
    }

    private void RunDocker(IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at)
    {
        var i = 0;
        while (i < args.Count && args[i].IsOption)
        {
            i += args[i].Text is "-H" or "--host" or "--context" or "-c" or "--config" or "--log-level" ? 2 : 1;
        }
        if (i >= args.Count)
        {
            return;
        }
        var sub = args[i].Text.ToLowerInvariant();
        var rest = args.Skip(i + 1).ToList();
        var restOps = Operands(rest);
        var lower = Lower(rest);
        if (sub is "container" or "image" or "volume" or "network" or "system" or "builder" or "compose" && restOps.Count > 0)
        {
            var group = sub;
            sub = restOps[0].Text.ToLowerInvariant();
            var afterSub = rest.SkipWhile(a => a.Text != restOps[0].Text).Skip(1).ToList();
            if (group == "compose")
            {
                RunCompose(rest, restOps, at);
                return;
            }
            if (group == "volume" && sub is "rm" or "remove" or "prune")
            {
                Report("data.container-destroy", at, "docker volume " + sub);
                return;
            }
            if (group == "system" && sub == "prune")
            {
                Report(Has(afterSub, "--volumes") ? "data.container-destroy" : "routine.log-cleanup", at, "docker system prune");
                return;
            }
            if (sub == "prune")
            {
                Report("routine.log-cleanup", at, $"docker {group} prune");
                return;
            }
            if (sub is "ls" or "inspect" or "list" or "df" or "info" or "events" or "history")
            {
                return;
            }
            rest = afterSub;
            restOps = Operands(rest);
            lower = Lower(rest);
        }
        switch (sub)
        {
            case "ps" or "logs" or "inspect" or "stats" or "top" or "images" or "info" or "version" or "events" or "port" or "diff" or
                "history" or "df" or "search" or "login" when sub != "login":
                return;
            case "restart" or "start" or "unpause":
                Report("routine.service-restart", at, $"docker {sub} {Joined(restOps)}");
                return;
            case "stop" or "kill" or "pause":
                Report("service.stop", at, $"docker {sub} {Joined(restOps)}");
                return;
            case "rm" or "rmi":
                if (ShortFlag(rest, 'v') || Has(rest, "--volumes") || restOps.Any(o => o.Dynamic) || restOps.Count > 3)
                {
                    Report("data.container-destroy", at, $"docker {sub}");
                }
                else
                {
                    Report("service.stop", at, $"docker {sub} {Joined(restOps)}");
                }
                return;
            case "exec":
                var j = 0;
                while (j < rest.Count && rest[j].IsOption)
                {
                    j += rest[j].Text is "-u" or "--user" or "-e" or "--env" or "-w" or "--workdir" or "--env-file" ? 2 : 1;
                }
                if (j + 1 < rest.Count)
                {
                    _runner.RunArgv(rest.Skip(j + 1).ToList(), at);
                }
                return;
            case "run" or "create":
                if (Has(rest, "--privileged") || lower.Contains("-v /:/", StringComparison.Ordinal) || lower.Contains("--pid=host", StringComparison.Ordinal) || lower.Contains("--volume /:/", StringComparison.Ordinal))
                {
                    Report("privilege.system-permissions", at, "a privileged container or the host root mounted into a container");
                    return;
                }
                Report("unknown.command", at, "docker " + sub);
                return;
            case "pull" or "build" or "load" or "import":
                Report("packages.install", at, "docker " + sub);
                return;
            case "cp":
                return;
            default:
                Report("unknown.command", at, "docker " + sub);
                return;
        }
    }

    private void RunCompose(IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at)
    {
        var verb = ops.Select(o => o.Text.ToLowerInvariant()).FirstOrDefault(o => o is "up" or "down" or "restart" or "start" or "stop" or "ps" or "logs" or "config" or "rm" or "pull" or "top" or "exec" or "kill" or "images" or "ls") ?? "";
        Report(verb switch
        {
            "ps" or "logs" or "config" or "top" or "images" or "ls" => "",
            "restart" or "start" or "up" => "routine.service-restart",
            "down" or "rm" when ShortFlag(args, 'v') || Has(args, "--volumes") => "data.container-destroy",
            "down" or "stop" or "rm" or "kill" => "service.stop",
            "pull" => "packages.install",
            _ => "unknown.command",
        }, at, "compose " + verb);
    }

    private void RunKubectl(IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at)
    {
        var verb = ops.Count > 0 ? ops[0].Text.ToLowerInvariant() : "";
        var all = Has(args, "--all", "-A", "--all-namespaces") || args.Any(a => a.Text.StartsWith("-l", StringComparison.Ordinal) || a.Text.StartsWith("--selector", StringComparison.Ordinal));
        switch (verb)
        {
            case "get" or "describe" or "logs" or "top" or "explain" or "version" or "cluster-info" or "api-resources" or "api-versions" or "events" or "auth" or "diff" or "wait":
                return;
            case "config" when ops.Count > 1 && ops[1].Text is "view" or "get-contexts" or "current-context":
                return;
            case "rollout":
                Report(ops.Count > 1 && ops[1].Text is "restart" or "resume" or "undo" ? "routine.service-restart" : ops.Count > 1 && ops[1].Text is "status" or "history" ? "" : "unknown.command", at, "kubectl rollout");
                return;
            case "scale" or "uncordon" or "autoscale":
                Report("routine.service-restart", at, "kubectl " + verb);
                return;
            case "delete":
                var kind = ops.Count > 1 ? ops[1].Text.ToLowerInvariant().Split('/')[0] : "";
                if (all || kind is "ns" or "namespace" or "namespaces" or "pv" or "pvc" or "persistentvolume" or "persistentvolumeclaim" or "deployment" or "deploy" or "deployments" or "statefulset" or "sts" or "daemonset" or "ds" or "node" or "nodes" or "no" or "crd" or "customresourcedefinition" or "all" || Has(args, "-f", "--filename"))
                {
                    Report("data.cluster-destroy", at, $"kubectl delete {kind}");
                }
                else if (kind is "pod" or "pods" or "po")
                {
                    Report("routine.service-restart", at, "kubectl delete pod (the controller recreates it)");
                }
                else
                {
                    Report("service.stop", at, $"kubectl delete {kind}");
                }
                return;
            case "drain" or "cordon":
                Report("service.stop", at, "kubectl " + verb);
                return;
            case "exec":
                var dd = args.ToList().FindIndex(a => a.Text == "--");
                if (dd >= 0 && dd + 1 < args.Count)
                {
                    _runner.RunArgv(args.Skip(dd + 1).ToList(), at);
                }
                else
                {
                    Report("unknown.command", at, "kubectl exec");
                }
                return;
            case "port-forward" or "proxy":
                Report("network.tunnel", at, "kubectl " + verb);
                return;
            default:
                Report("unknown.command", at, "kubectl " + verb);
                return;
        }
    }

    private void RunAws(List<Arg> ops, string lower, SourceSpan at)
    {
        var service = ops.Count > 0 ? ops[0].Text.ToLowerInvariant() : "";
        var op = ops.Count > 1 ? ops[1].Text.ToLowerInvariant() : "";
        if (service == "s3" && (op == "rb" || (op == "rm" && lower.Contains("--recursive", StringComparison.Ordinal))))
        {
            Report("data.cloud-destroy", at, $"aws s3 {op}");
            return;
        }
        if (op.StartsWith("delete-", StringComparison.Ordinal) || op.StartsWith("terminate-", StringComparison.Ordinal) || op.StartsWith("remove-", StringComparison.Ordinal) || op.StartsWith("purge-", StringComparison.Ordinal) || op.StartsWith("deregister-", StringComparison.Ordinal))
        {
            Report("data.cloud-destroy", at, $"aws {service} {op}");
            return;
        }
        if (op.StartsWith("describe-", StringComparison.Ordinal) || op.StartsWith("list-", StringComparison.Ordinal) || op.StartsWith("get-", StringComparison.Ordinal) || op is "ls" or "wait" || service is "sts" or "--version")
        {
            return;
        }
        if (service == "ssm" && op is "send-command" or "start-session")
        {
            Report("lateral.remote-exec", at, "aws ssm " + op);
            return;
        }
        if (op.StartsWith("stop-", StringComparison.Ordinal) || op.StartsWith("reboot-", StringComparison.Ordinal))
        {
            Report("service.stop", at, $"aws {service} {op}");
            return;
        }
        Report("unknown.command", at, $"aws {service} {op}");
    }

    private void RunCloudCli(string name, List<Arg> ops, SourceSpan at)
    {
        var words = ops.Select(o => o.Text.ToLowerInvariant()).ToList();
        if (words.Any(w => w is "delete" or "purge" or "destroy" or "remove" or "terminate"))
        {
            Report("data.cloud-destroy", at, $"{name} {string.Join(' ', words.Take(4))}");
        }
        else if (!words.Any(w => w is "list" or "show" or "describe" or "get" or "get-iam-policy" or "version" or "info" or "account"))
        {
            Report("unknown.command", at, $"{name} {string.Join(' ', words.Take(3))}");
        }
    }

    private void RunSqlClient(string name, IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin)
    {
        var sql = ValueOf(args, "-e", "--execute", "-c", "--command", "-Q", "-q", "--eval", "--query");
        if (sql is null && name == "sqlite3")
        {
            var ops = Operands(args);
            sql = ops.Count > 1 ? Joined(ops.Skip(1)) : null;
        }
        if (sql is null && stdin is { Kind: FlowKind.Literal })
        {
            sql = stdin.Text;
        }
        CheckSql(sql, at, name);
    }

    public void CheckSql(string? sql, SourceSpan at, string client)
    {
        if (sql is null)
        {
            Report("unknown.command", at, $"{client} runs statements the validator cannot see");
            return;
        }
        if (SqlDestroy.IsMatch(sql))
        {
            Report("data.database-destroy", at, SqlDestroy.Match(sql).Value.Trim());
            return;
        }
        var statements = sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (statements.Length > 0 && statements.All(s => SqlReadOnly.IsMatch(s) || s.StartsWith("--", StringComparison.Ordinal)))
        {
            return;
        }
        Report("unknown.command", at, $"{client} changes data");
    }

    private void RunRedis(IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at, Flow? stdin)
    {
        var text = (Lower(ops) + " " + (stdin is { Kind: FlowKind.Literal } ? stdin.Text.ToLowerInvariant() : "")).Trim();
        var first = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('"', '\'')).ToList();
        var host = ValueOf(args, "-h") ?? "localhost";
        _ = host;
        if (first.Contains("flushall") || first.Contains("flushdb"))
        {
            Report("data.cache-flush", at);
            return;
        }
        var verb = ops.Count > 0 ? ops[0].Text.ToLowerInvariant() : "";
        if (verb is "" or "info" or "ping" or "dbsize" or "slowlog" or "memory" or "client" or "get" or "keys" or "scan" or "ttl" or "type" or "exists" or "llen" or "hlen" or "scard" or "config" && !(verb == "config" && ops.Count > 1 && ops[1].Text.Equals("set", StringComparison.OrdinalIgnoreCase)) || Has(args, "--stat", "--bigkeys", "--memkeys", "--latency", "--scan"))
        {
            return;
        }
        Report(verb == "shutdown" ? "service.stop" : "unknown.command", at, "redis " + verb);
    }

    private Flow? RunNetcat(string name, IReadOnlyList<Arg> args, List<Arg> ops, string lower, SourceSpan at, Flow? stdin)
    {
        if (name == "socat")
        {
            if (lower.Contains("exec:", StringComparison.Ordinal) || lower.Contains("system:", StringComparison.Ordinal))
            {
                Report("shell.reverse-shell", at, "socat exec");
            }
            else if (lower.Contains("listen", StringComparison.Ordinal))
            {
                Report("network.tunnel", at, "socat listener");
            }
            else
            {
                Report("unknown.command", at, "socat");
            }
            return Flow.Download;
        }
        if (Has(args, "-e", "-c", "--exec", "--sh-exec", "--lua-exec") || args.Any(a => a.IsOption && !a.Text.StartsWith("--", StringComparison.Ordinal) && a.Text.Contains('e', StringComparison.Ordinal) && args.Any(b => b.Text.Contains("/bin/", StringComparison.Ordinal) || b.Text is "sh" or "bash" or "cmd.exe" or "cmd" or "powershell")))
        {
            Report("shell.reverse-shell", at, name + " -e");
            return null;
        }
        if (stdin is { Kind: FlowKind.Literal } && stdin.Text.Contains("flush_all", StringComparison.OrdinalIgnoreCase))
        {
            Report("data.cache-flush", at, "memcached flush_all");
            return Flow.Unknown;
        }
        if (ShortFlag(args, 'z'))
        {
            return null;
        }
        var host = ops.FirstOrDefault().Text ?? "";
        if (ShortFlag(args, 'l'))
        {
            Report("network.tunnel", at, $"{name} listener");
            return Flow.Download;
        }
        if (host.Length > 0 && !PathRules.IsLocalHost(host.ToLowerInvariant()))
        {
            if (stdin is { Kind: FlowKind.Unknown } || stdin is { Kind: FlowKind.Literal })
            {
                Report("exfil.upload", at, $"sends data to {host}");
            }
            else
            {
                Report("network.download", at, host);
            }
        }
        return Flow.Download;
    }

    private Flow? RunCurl(string name, IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at, Flow? stdin)
    {
        var urls = new List<string>();
        string? outFile = null;
        var toStdout = true;
        var upload = false;
        var post = false;
        for (var i = 0; i < args.Count; i++)
        {
            var t = args[i].Text;
            var next = i + 1 < args.Count ? args[i + 1].Text : "";
            switch (t)
            {
                case "-o" or "--output" or "-O" or "--output-document" or "-P" or "--directory-prefix" when name != "curl" || t != "-O":
                    if (t is "-o" or "--output" || (name == "wget" && t is "-O" or "--output-document"))
                    {
                        outFile = next;
                        toStdout = next == "-";
                    }
                    i++;
                    continue;
                case "-O" or "--remote-name" or "--remote-name-all":
                    toStdout = false;
                    continue;
                case "-T" or "--upload-file" or "--post-file" or "--body-file":
                    upload = true;
                    i++;
                    continue;
                case "-F" or "--form" or "-d" or "--data" or "--data-binary" or "--data-raw" or "--data-urlencode" or "--post-data" or "--json":
                    if (next.Contains('@', StringComparison.Ordinal) || next.StartsWith('<'))
                    {
                        upload = true;
                    }
                    post = true;
                    i++;
                    continue;
                case "-X" or "--request" or "--method":
                    post |= next.ToUpperInvariant() is "POST" or "PUT" or "DELETE" or "PATCH";
                    i++;
                    continue;
                case "-H" or "--header" or "-u" or "--user" or "-A" or "--user-agent" or "-e" or "--referer" or "-m" or "--max-time" or
                    "--connect-timeout" or "-w" or "--write-out" or "-x" or "--proxy" or "--retry" or "-b" or "--cookie" or "-c" or
                    "--cookie-jar" or "--cacert" or "--cert" or "--key" or "-r" or "--range" or "-T" or "--resolve" or "--unix-socket" or
                    "--tries" or "-t" or "--timeout" or "-U" or "--header-file" or "-K" or "--config" or "-Y" or "-y" or "--limit-rate":
                    i++;
                    continue;
            }
            if (t.StartsWith("-qO", StringComparison.Ordinal) || t.StartsWith("-O", StringComparison.Ordinal) && name == "wget" && t.Length > 2)
            {
                var v = t[(t.IndexOf('O', StringComparison.Ordinal) + 1)..];
                if (v.Length == 0)
                {
                    v = next;
                    i++;
                }
                outFile = v;
                toStdout = v == "-";
                continue;
            }
            if (name == "curl" && t.Length > 2 && t[0] == '-' && t[1] != '-' && (t.EndsWith('o') || t.EndsWith('O')))
            {
                if (t.EndsWith('o'))
                {
                    outFile = next;
                    i++;
                }
                toStdout = false;
                continue;
            }
            if (t.StartsWith("-o", StringComparison.Ordinal) && name == "curl" && t.Length > 2)
            {
                outFile = t[2..];
                toStdout = false;
                continue;
            }
            if (t.StartsWith("--output=", StringComparison.Ordinal) || t.StartsWith("--output-document=", StringComparison.Ordinal))
            {
                outFile = t[(t.IndexOf('=', StringComparison.Ordinal) + 1)..];
                toStdout = outFile == "-";
                continue;
            }
            if (t.StartsWith("--post-file=", StringComparison.Ordinal) || t.StartsWith("--upload-file=", StringComparison.Ordinal) || t.StartsWith("--data-binary=@", StringComparison.Ordinal))
            {
                upload = true;
                continue;
            }
            if (!args[i].IsOption)
            {
                urls.Add(t);
            }
        }
        if (name == "wget" && outFile is null)
        {
            toStdout = false;
        }
        if (stdin is not null && args.Any(a => a.Text is "@-" or "-T-" || a.Text.EndsWith("@-", StringComparison.Ordinal)))
        {
            upload = true;
        }
        foreach (var url in urls)
        {
            if (upload && (url.Contains(Arg.Unknown, StringComparison.Ordinal) || IsRemote(url)))
            {
                Report("exfil.upload", at, PathRules.HostOf(url));
                continue;
            }
            if (post && IsRemote(url))
            {
                Report("network.download", at, $"sends data to {PathRules.HostOf(url)}");
                continue;
            }
            CheckFetch(url, at);
            if (!toStdout)
            {
                var file = outFile ?? Path.GetFileName(new Uri(NormalizeUrl(url), UriKind.Absolute).AbsolutePath);
                if (file.Length > 0 && file != "-")
                {
                    _state.RecordDownload(file);
                }
            }
        }
        if (outFile is not null && outFile != "-")
        {
            _state.RecordDownload(outFile);
            CheckWrite(Arg.Of(outFile), at, truncate: false);
        }
        return toStdout ? Flow.Download : null;
    }

    private static string NormalizeUrl(string url)
    {
        var clean = url.Replace(Arg.Unknown, 'x');
        return Uri.TryCreate(clean, UriKind.Absolute, out _) ? clean : "http://" + clean.TrimStart('/');
    }

    private void RunSsh(string name, IReadOnlyList<Arg> args, SourceSpan at)
    {
        var list = args.ToList();
        if (name == "sshpass")
        {
            var k = 0;
            while (k < list.Count && list[k].IsOption)
            {
                k += list[k].Text is "-p" or "-f" or "-d" ? 2 : 1;
            }
            _runner.RunArgv(list.Skip(k).ToList(), at);
            return;
        }
        string[] valueOptions = ["-i", "-p", "-l", "-o", "-F", "-J", "-b", "-c", "-e", "-m", "-O", "-Q", "-S", "-W", "-w", "-E", "-B", "-L", "-R", "-D", "-h", "-H", "-t", "-x"];
        if (list.Any(a => a.Text.StartsWith("-R", StringComparison.Ordinal) || a.Text.StartsWith("-D", StringComparison.Ordinal) || a.Text == "-w") ||
            list.Any(a => a.Text.StartsWith("-L", StringComparison.Ordinal)) && list.Any(a => a.Text is "-N" or "-f" or "-fN" or "-Nf"))
        {
            Report("network.tunnel", at, "ssh port forwarding");
        }
        var i = 0;
        while (i < list.Count && list[i].IsOption)
        {
            var t = list[i].Text;
            i += valueOptions.Contains(t, StringComparer.Ordinal) ? 2 : 1;
        }
        if (i >= list.Count)
        {
            return;
        }
        var host = list[i].Text;
        var hostName = host.Contains('@', StringComparison.Ordinal) ? host[(host.IndexOf('@', StringComparison.Ordinal) + 1)..] : host;
        if (!PathRules.IsLocalHost(hostName.ToLowerInvariant()) || name is "pssh" or "pdsh" or "parallel-ssh" or "clush")
        {
            Report("lateral.remote-exec", at, $"{name} to {hostName}");
        }
        var remote = list.Skip(i + 1).ToList();
        if (remote.Count > 0)
        {
            RunShellString(new Arg(Joined(remote), remote.Any(a => a.Dynamic), remote.Any(a => a.Decoded)), at);
        }
    }

    private void RunSysctl(IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at)
    {
        foreach (var op in ops.Where(o => o.Text.Contains('=', StringComparison.Ordinal)))
        {
            var key = op.Text[..op.Text.IndexOf('=', StringComparison.Ordinal)].Replace('/', '.');
            Report(key == "vm.drop_caches" ? "routine.cache-flush"
                : key == "kernel.sysrq" ? "system.sysrq"
                : "system.kernel-param", at, op.Text);
        }
        if (Has(args, "-p", "--load", "--system"))
        {
            Report("system.kernel-param", at, "sysctl reload");
        }
    }

    private void RunIp(List<Arg> ops, SourceSpan at)
    {
        var words = ops.Select(o => o.Text.ToLowerInvariant()).ToList();
        if (words.Count < 2 || words.Any(w => w is "show" or "list" or "ls" or "get" or "lst") || words[0] is "monitor" or "-s" or "maddr")
        {
            return;
        }
        if (words[0] is "link" or "l" && words.Contains("down"))
        {
            Report("service.stop-access", at, "takes an interface down");
            return;
        }
        Report("system.network-change", at, "ip " + string.Join(' ', words.Take(3)));
    }

    private void RunNetworkTool(string name, List<Arg> ops, string lower, SourceSpan at)
    {
        if (ops.Count == 0 || (name == "ifconfig" && ops.Count == 1) || (name == "nmcli" && ops.Any(o => o.Text is "show" or "status" or "list" or "monitor" or "general")) ||
            (name == "route" && ops.All(o => o.Text is "-n" or "print")) || (name == "ethtool" && !lower.Contains("-s", StringComparison.Ordinal) && !lower.Contains("-k", StringComparison.Ordinal)))
        {
            return;
        }
        if (name == "ifdown" || (name == "ifconfig" && lower.Contains("down", StringComparison.Ordinal)) || (name == "nmcli" && (lower.Contains("networking off", StringComparison.Ordinal) || lower.Contains("disconnect", StringComparison.Ordinal) || lower.Contains("down", StringComparison.Ordinal))))
        {
            Report("service.stop-access", at, name);
            return;
        }
        Report("system.network-change", at, name);
    }

    private void RunPackageManager(string name, IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at)
    {
        var verb = ops.Count > 0 ? ops[0].Text.ToLowerInvariant() : "";
        if (name == "pacman")
        {
            verb = args.Any(a => a.Text.StartsWith("-R", StringComparison.Ordinal)) ? "remove" : args.Any(a => a.Text.StartsWith("-S", StringComparison.Ordinal) && !a.Text.StartsWith("-Ss", StringComparison.Ordinal) && !a.Text.StartsWith("-Sc", StringComparison.Ordinal)) ? "install" : args.Any(a => a.Text.StartsWith("-Sc", StringComparison.Ordinal)) ? "clean" : "list";
        }
        if (name == "apk" && verb == "del")
        {
            verb = "remove";
        }
        var packages = ops.Skip(name == "pacman" ? 0 : 1).Select(o => o.Text.ToLowerInvariant()).ToList();
        switch (verb)
        {
            case "remove" or "purge" or "erase" or "uninstall" or "autoremove" or "rm" or "un" or "r":
                if (packages.Any(p => CommandSets.CriticalPackages.Contains(p) || p.StartsWith("linux-image", StringComparison.Ordinal) || p.StartsWith("kernel", StringComparison.Ordinal) || p.StartsWith("openssh", StringComparison.Ordinal) || p.StartsWith("grub", StringComparison.Ordinal) || p.StartsWith("systemd", StringComparison.Ordinal) || p.StartsWith("linux-", StringComparison.Ordinal) && name is "apt" or "apt-get") || packages.Any(p => p.Contains('*', StringComparison.Ordinal)))
                {
                    Report("packages.critical-removal", at, string.Join(' ', packages));
                }
                else
                {
                    Report("packages.remove", at, string.Join(' ', packages));
                }
                return;
            case "install" or "upgrade" or "dist-upgrade" or "full-upgrade" or "i" or "add" or "reinstall" or "update" when !(verb == "update" && name is "apt" or "apt-get" or "brew" or "apk" or "aptitude"):
                Report("packages.install", at, $"{name} {verb} {string.Join(' ', packages)}".TrimEnd());
                return;
            case "clean" or "autoclean" or "cache" when verb != "cache" || packages.Contains("clean") || packages.Contains("purge"):
                Report("routine.log-cleanup", at, $"{name} {verb}");
                return;
            case "update" or "list" or "show" or "search" or "policy" or "info" or "check" or "ls" or "freeze" or "outdated" or "view" or "madison" or
                "depends" or "rdepends" or "provides" or "whatprovides" or "history" or "repolist" or "check-update" or "audit" or "doctor" or "query" or "cache" or "config" or "-v" or "--version" or "version" or "":
                return;
            default:
                Report("unknown.command", at, $"{name} {verb}");
                return;
        }
    }

    private void RunDpkg(string name, IReadOnlyList<Arg> args, List<Arg> ops, SourceSpan at)
    {
        var remove = name == "dpkg" ? Has(args, "-r", "--remove", "-P", "--purge") : args.Any(a => a.Text is "-e" or "--erase" || a.Text.StartsWith("-e", StringComparison.Ordinal));
        var install = name == "dpkg" ? Has(args, "-i", "--install", "--unpack") : args.Any(a => a.Text.StartsWith("-i", StringComparison.Ordinal) || a.Text.StartsWith("-U", StringComparison.Ordinal) || a.Text.StartsWith("-F", StringComparison.Ordinal));
        if (remove)
        {
            var packages = ops.Select(o => o.Text.ToLowerInvariant()).ToList();
            Report(packages.Any(p => CommandSets.CriticalPackages.Contains(p) || p.StartsWith("linux-image", StringComparison.Ordinal) || p.StartsWith("kernel", StringComparison.Ordinal) || p.StartsWith("openssh", StringComparison.Ordinal)) || Has(args, "--nodeps") ? "packages.critical-removal" : "packages.remove", at, string.Join(' ', packages));
        }
        else if (install)
        {
            Report("packages.install", at, name);
        }
        else if (Has(args, "--configure"))
        {
            Report("unknown.command", at, "dpkg --configure");
        }
    }

    private static readonly FrozenSet<string> FindFilters = new[]
    {
        "-name", "-iname", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-size", "-newer", "-user", "-group", "-regex", "-iregex",
        "-path", "-ipath", "-empty", "-perm", "-wholename", "-inum", "-links", "-uid", "-gid", "-nouser", "-newermt",
    }.ToFrozenSet(StringComparer.Ordinal);

    private Flow? RunFind(IReadOnlyList<Arg> args, SourceSpan at)
    {
        var roots = new List<Arg>();
        var i = 0;
        while (i < args.Count && (args[i].Text is "-H" or "-L" or "-P" || args[i].Text.StartsWith("-O", StringComparison.Ordinal)))
        {
            i++;
        }
        while (i < args.Count && !args[i].Text.StartsWith('-') && args[i].Text is not ("(" or "!" or "\\(" or ","))
        {
            roots.Add(args[i]);
            i++;
        }
        if (roots.Count == 0)
        {
            roots.Add(Arg.Of("."));
        }
        var expression = args.Skip(i).ToList();
        var filtered = expression.Any(e => FindFilters.Contains(e.Text));
        var placeholders = roots.Select(r =>
        {
            var n = PathRules.Normalize(r.Text);
            var broad = r.Dynamic || PathRules.IsCriticalTarget(n) || PathRules.IsLogRoot(n) && !filtered;
            return new Arg(r.Text.TrimEnd('/') + (broad || !filtered ? "/*" : "/found-file"), r.Dynamic);
        }).ToList();
        var acted = false;
        for (var j = 0; j < expression.Count; j++)
        {
            var t = expression[j].Text;
            if (t == "-delete")
            {
                acted = true;
                foreach (var p in placeholders)
                {
                    CheckDelete(p, at);
                }
            }
            else if (t is "-exec" or "-execdir" or "-ok" or "-okdir")
            {
                acted = true;
                var command = new List<Arg>();
                j++;
                while (j < expression.Count && expression[j].Text is not (";" or "+" or "\\;"))
                {
                    command.Add(expression[j]);
                    j++;
                }
                foreach (var p in placeholders)
                {
                    var argv = command.Select(c => c.Text.Contains("{}", StringComparison.Ordinal) ? new Arg(c.Text.Replace("{}", p.Text, StringComparison.Ordinal), p.Dynamic || c.Dynamic) : c).ToList();
                    if (argv.Count > 0)
                    {
                        _runner.RunArgv(argv, at);
                    }
                }
            }
            else if (t is "-fprint" or "-fprintf" or "-fprint0" or "-fls")
            {
                acted = true;
                if (j + 1 < expression.Count)
                {
                    CheckWrite(expression[j + 1], at, truncate: true);
                }
            }
        }
        return acted || placeholders.Count != 1 ? Flow.Unknown : new Flow(FlowKind.Paths, placeholders[0].Text);
    }

    private void RunProcessManager(string name, List<Arg> ops, SourceSpan at)
    {
        var verb = ops.Count > 0 ? ops[0].Text.ToLowerInvariant() : "";
        if (name is "rc-service" or "sv" && ops.Count > 1)
        {
            verb = name == "sv" ? ops[0].Text.ToLowerInvariant() : ops[1].Text.ToLowerInvariant();
            RunServiceAction(name == "sv" ? ops[1].Text : ops[0].Text, verb, at);
            return;
        }
        Report(verb switch
        {
            "restart" or "reload" or "start" or "gracefulreload" or "update" => "routine.service-restart",
            "stop" or "delete" or "kill" or "unload" or "remove" => "service.stop",
            "status" or "list" or "ls" or "logs" or "show" or "describe" or "avail" or "summary" or "jlist" or "" => "",
            _ => "unknown.command",
        }, at, $"{name} {verb}");
    }

    private bool CheckGroupOption(IReadOnlyList<Arg> args, SourceSpan at)
    {
        var groups = ValueOf(args, "-G", "--groups", "-aG", "-g", "--gid");
        if (groups is null)
        {
            var i = args.ToList().FindIndex(a => a.Text.StartsWith("-a", StringComparison.Ordinal) && a.Text.Contains('G', StringComparison.Ordinal));
            groups = i >= 0 && i + 1 < args.Count ? args[i + 1].Text : null;
        }
        if (groups is null)
        {
            return false;
        }
        if (groups.Split(',').Any(g => CommandSets.AdminGroups.Contains(g.Trim()) || g.Trim() == "0"))
        {
            Report("accounts.admin-group", at, groups);
        }
        return true;
    }
}
