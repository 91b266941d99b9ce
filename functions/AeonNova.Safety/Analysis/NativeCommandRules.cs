namespace AeonNova.Safety.Analysis;

internal enum CommandDialect
{
    Posix,
    Windows,
}

/// <summary>
/// Rules for native commands, shared by the bash and PowerShell analysers: the command name is already
/// resolved and its arguments expanded. Wrappers (sudo, timeout, ssh, docker exec, cmd /c …) hand the command
/// they run back to the analyser through <see cref="INestedRunner"/> so it is validated like any other.
/// </summary>
internal sealed partial class NativeCommandRules
{
    private readonly FindingSink _sink;
    private readonly ScriptState _state;
    private readonly INestedRunner _runner;

    public NativeCommandRules(FindingSink sink, ScriptState state, INestedRunner runner)
    {
        _sink = sink;
        _state = state;
        _runner = runner;
    }

    public FindingSink Sink => _sink;

    /// <summary>Lets table rules hand a command line to the analyser (gdb -ex '!cmd', tar --checkpoint-action=exec=cmd).</summary>
    public void RunNestedShellString(string text, SourceSpan at) => RunShellString(new Arg(text, text.Contains(Arg.Unknown, StringComparison.Ordinal)), at);

    /// <summary>Records a file fetched from another host (tftp get, ftp get): running it later is running a download.</summary>
    public void NoteDownload(string path) => _state.RecordDownload(path);

    public static string CommandName(string raw)
    {
        var name = raw.Replace('\\', '/');
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }
        name = name.ToLowerInvariant();
        if (name.EndsWith(".exe", StringComparison.Ordinal))
        {
            name = name[..^4];
        }
        if (name.EndsWith(".com", StringComparison.Ordinal))
        {
            name = name[..^4];
        }
        return name;
    }

    /// <summary>Analyses one command; returns what it writes to stdout as far as known.</summary>
    public Flow? Run(string rawName, IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin, CommandDialect dialect)
    {
        var name = CommandName(rawName);
        if (name.StartsWith("mkfs.", StringComparison.Ordinal) || name.StartsWith("mke2fs", StringComparison.Ordinal) || name.StartsWith("mkdosfs", StringComparison.Ordinal))
        {
            name = "mkfs";
        }
        CheckCredentialReads(name, args, at);
        if (Commands.CommandRuleTable.Check(new Commands.CommandCall(name, args, at, this)))
        {
            return null;
        }
        if (dialect == CommandDialect.Windows && RunWindowsBuiltin(name, args, at))
        {
            return null;
        }
        if (RunWrapper(name, args, at, stdin))
        {
            return null;
        }
        if (RunPosix(name, args, at, stdin, out var output) || RunWindows(name, args, at, stdin))
        {
            return output;
        }
        if (CommandSets.ReadOnly.Contains(name))
        {
            return null;
        }
        Report("unknown.command", at, $"'{name}' is not in the catalogue");
        return null;
    }

    public void Report(string ruleId, SourceSpan at, string? detail = null)
    {
        // An empty id means "known and harmless" in the rule switches.
        if (ruleId.Length > 0)
        {
            _sink.Add(ruleId, at, detail);
        }
    }

    // ---------- argument helpers ----------

    internal static List<Arg> Operands(IReadOnlyList<Arg> args)
    {
        var list = new List<Arg>();
        var endOfOptions = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!endOfOptions && a.Text == "--")
            {
                endOfOptions = true;
                continue;
            }
            if (endOfOptions || !a.IsOption)
            {
                list.Add(a);
            }
        }
        return list;
    }

    // Loops rather than LINQ with capturing lambdas: these helpers run for most commands.
    internal static bool ShortFlag(IReadOnlyList<Arg> args, char flag)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.IsOption && !a.Text.StartsWith("--", StringComparison.Ordinal) && a.Text.AsSpan(1).Contains(flag))
            {
                return true;
            }
        }
        return false;
    }

    internal static bool Has(IReadOnlyList<Arg> args, params ReadOnlySpan<string> options)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var text = args[i].Text;
            foreach (var o in options)
            {
                if (string.Equals(text, o, StringComparison.OrdinalIgnoreCase) ||
                    (o.StartsWith("--", StringComparison.Ordinal) && StartsWithAssignment(text, o)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    internal static string? ValueOf(IReadOnlyList<Arg> args, params ReadOnlySpan<string> options)
    {
        for (var i = 0; i < args.Count; i++)
        {
            foreach (var o in options)
            {
                if (string.Equals(args[i].Text, o, StringComparison.OrdinalIgnoreCase) && i + 1 < args.Count)
                {
                    return args[i + 1].Text;
                }
                if (StartsWithAssignment(args[i].Text, o) ||
                    (o.Length == 2 && o[0] == '-' && o[1] != '-' && args[i].Text.Length > 2 && args[i].Text.StartsWith(o, StringComparison.Ordinal) && !o.Equals("-o", StringComparison.Ordinal)))
                {
                    var eq = args[i].Text.IndexOf('=', StringComparison.Ordinal);
                    return eq > 0 && o.StartsWith("--", StringComparison.Ordinal) ? args[i].Text[(eq + 1)..] : args[i].Text[o.Length..];
                }
            }
        }
        return null;
    }

    /// <summary>text starts with "option=" (case-insensitive), without building that string.</summary>
    private static bool StartsWithAssignment(string text, string option) =>
        text.Length > option.Length && text[option.Length] == '=' && text.StartsWith(option, StringComparison.OrdinalIgnoreCase);

    internal static string Joined(IEnumerable<Arg> args) => string.Join(' ', args.Select(a => a.Text));

    internal static string Lower(IReadOnlyList<Arg> args) => Joined(args).ToLowerInvariant();

    private static bool IsLiteral(Arg a) => !a.Dynamic;

    private static string LiteralPrefix(Arg a)
    {
        var i = a.Text.IndexOf(Arg.Unknown, StringComparison.Ordinal);
        return i < 0 ? a.Text : a.Text[..i];
    }

    // ---------- path checks ----------

    private static readonly HashSet<string> NoReadCheck = new(StringComparer.Ordinal)
    {
        "ls", "stat", "test", "[", "[[", "file", "chmod", "chown", "chgrp", "getfacl", "setfacl", "namei", "rm", "unlink",
        "shred", "truncate", "touch", "lsattr", "chattr", "icacls", "mkdir", "find", "dir", "echo", "printf",
    };

    /// <summary>Commands that send, copy or pack what they read: a secret directory handed to them leaves its place.</summary>
    private static readonly HashSet<string> Carriers = new(StringComparer.Ordinal)
    {
        "cp", "mv", "rsync", "scp", "sftp", "tar", "zip", "7z", "7za", "rar", "cpio", "curl", "wget", "nc", "ncat", "netcat", "socat",
        "rclone", "aws", "gsutil", "az", "ftp", "tftp", "smbclient", "base64", "xxd", "gpg", "openssl", "ditto", "dd", "install",
    };

    /// <summary>Commands that list, search or print files: pointed at secrets they are credential.sensitive-search.</summary>
    private static readonly HashSet<string> Lookups = new(StringComparer.Ordinal)
    {
        "ls", "dir", "find", "stat", "file", "tree", "namei", "grep", "egrep", "fgrep", "zgrep", "rg", "ag", "locate", "mlocate", "head",
        "tail", "cat", "tac", "less", "more", "awk", "gawk", "strings", "findstr", "type", "get-content", "get-childitem", "select-string",
        "get-item", "gc", "gci",
    };

    public void CheckCredentialReads(string name, IReadOnlyList<Arg> args, SourceSpan at)
    {
        if (Lookups.Contains(name))
        {
            CheckSensitiveLookups(name, args, at);
        }
        if (NoReadCheck.Contains(name))
        {
            return;
        }
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            var text = a.Text.StartsWith('@') ? a.Text[1..] : a.Text;
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && text.StartsWith("if=", StringComparison.Ordinal))
            {
                text = text[(eq + 1)..];
            }
            if (IsUrl(text) && PathRules.IsMetadataCredentialUrl(text))
            {
                Report("credential.instance-metadata", at);
                continue;
            }
            var normalized = PathRules.Normalize(text);
            var rule = PathRules.CredentialRule(normalized);
            if (rule is not null)
            {
                Report(rule, at, text);
            }
            else if (Carriers.Contains(name) && PathRules.IsSecretDirectory(normalized))
            {
                Report("credential.private-keys", at, $"{name} takes '{text}'");
            }
        }
    }

    /// <summary>
    /// Read-only commands pointed at secrets: listing key directories, reading shell history, searching for key
    /// files or for passwords. They change nothing, so they are not blocked, but a human must see them (ATT&amp;CK T1552).
    /// </summary>
    private void CheckSensitiveLookups(string name, IReadOnlyList<Arg> args, SourceSpan at)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var text = args[i].Text;
            if (args[i].Dynamic || text.Length == 0)
            {
                continue;
            }
            var n = PathRules.Normalize(text);
            var previous = i > 0 ? args[i - 1].Text : "";
            var listing = name is "get-childitem" or "gci" or "dir" or "ls";
            if (PathRules.IsSecretDirectory(n) || PathRules.IsHistoryFile(n) || PathRules.IsSensitiveFile(n) || (listing && text.Contains('*', StringComparison.Ordinal) && PathRules.IsSecretName(text)) ||
                (NoReadCheck.Contains(name) && PathRules.CredentialRule(n) is not null) ||
                (previous is "-name" or "-iname" or "-path" or "-ipath" or "-wholename" or "-regex" && PathRules.IsSecretName(text)))
            {
                Report("credential.sensitive-search", at, $"{name} '{text}'");
                return;
            }
        }
        if (name is "grep" or "egrep" or "fgrep" or "rg" or "ag" or "findstr" or "select-string")
        {
            var operands = name == "findstr" ? args.Where(a => !a.Text.StartsWith('/')).ToList() : Operands(args);
            var pattern = ValueOf(args, "-e", "--regexp") ?? (operands.Count > 0 ? operands[0].Text : "");
            var recursive = ShortFlag(args, 'r') || ShortFlag(args, 'R') || Has(args, "--recursive", "-s", "/s", "/si", "/is") || name is "rg" or "ag" or "select-string";
            var p = pattern.ToLowerInvariant();
            if (recursive && (p.Contains("pass", StringComparison.Ordinal) || p.Contains("secret", StringComparison.Ordinal) || p.Contains("token", StringComparison.Ordinal) ||
                p.Contains("api_key", StringComparison.Ordinal) || p.Contains("apikey", StringComparison.Ordinal) || p.Contains("private key", StringComparison.Ordinal) ||
                p.Contains("aws_secret", StringComparison.Ordinal) || p.Contains("credential", StringComparison.Ordinal)))
            {
                Report("credential.sensitive-search", at, $"{name} searches for '{pattern}'");
            }
        }
    }

    /// <summary>A file overwritten with nothing (cp /dev/null, : &gt;, truncate -s 0).</summary>
    public void CheckEmptied(Arg target, SourceSpan at)
    {
        if (!target.Dynamic && PathRules.IsDataStore(PathRules.Normalize(target.Text)))
        {
            Report("destructive.move-critical-path", at, $"empties '{target.Text}'");
            return;
        }
        CheckWrite(target, at, truncate: true);
    }

    public void CheckDelete(Arg target, SourceSpan at)
    {
        if (target.Dynamic)
        {
            var prefix = LiteralPrefix(target);
            if (prefix.Contains('/', StringComparison.Ordinal) && prefix.Length > 1 && PathRules.IsDisposable(PathRules.Normalize(prefix + "x")))
            {
                Report("routine.log-cleanup", at);
                return;
            }
            Report("destructive.rm-unresolved-target", at, $"target '{target}'");
            return;
        }
        var n = PathRules.Normalize(target.Text);
        if (PathRules.IsCriticalTarget(n) || PathRules.IsBlockDevice(n))
        {
            Report("destructive.rm-critical-path", at, $"target '{target.Text}'");
        }
        else if (PathRules.IsLogRoot(n) || PathRules.IsSecurityLog(n))
        {
            Report("logs.tamper", at, $"target '{target.Text}'");
        }
        else if (PathRules.IsHistoryFile(n))
        {
            Report("defense.shell-history", at);
        }
        else if (PathRules.WriteRule(n) is "privilege.account-files" or "privilege.sudoers")
        {
            Report("destructive.rm-critical-path", at, $"target '{target.Text}'");
        }
        else if (PathRules.DefenseConfigRule(n) is { } defense)
        {
            Report(defense, at, $"deletes '{target.Text}'");
        }
        else if (PathRules.IsDataStore(n))
        {
            Report("destructive.rm-critical-path", at, $"deletes data or backups in '{target.Text}'");
        }
        else if (PathRules.IsEtc(n))
        {
            Report("system.etc-edit", at, $"deletes '{target.Text}'");
        }
        else if (PathRules.IsDisposable(n))
        {
            Report("routine.log-cleanup", at);
        }
        else
        {
            Report("destructive.delete-files", at, $"target '{target.Text}'");
        }
    }

    /// <summary>A write to a path; truncate marks '>'-style overwrites (log truncation is routine).</summary>
    public void CheckWrite(Arg target, SourceSpan at, bool truncate)
    {
        if (target.Dynamic)
        {
            return;
        }
        var n = PathRules.Normalize(target.Text);
        if (n is "/dev/null" or "/dev/stdout" or "/dev/stderr" or "/dev/tty" or "nul" or "$null" or "/dev/zero")
        {
            return;
        }
        var rule = PathRules.WriteRule(n);
        if (rule is not null)
        {
            Report(rule, at, $"writes '{target.Text}'");
            return;
        }
        if (truncate && PathRules.IsDataStore(n))
        {
            Report("destructive.move-critical-path", at, $"overwrites '{target.Text}'");
            return;
        }
        if (truncate && (n.EndsWith(".log", StringComparison.Ordinal) || n.StartsWith("/var/log/", StringComparison.Ordinal) ||
            n.Contains("/logs/", StringComparison.Ordinal)))
        {
            Report("routine.log-cleanup", at);
        }
    }

    /// <summary>Starts with a URL scheme and "://" (the pattern ^[a-zA-Z][a-zA-Z0-9+.-]*://, scanned without a regex).</summary>
    internal static bool IsUrl(string text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }
        var i = 1;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '+' or '.' or '-'))
        {
            i++;
        }
        return text.AsSpan(i).StartsWith("://", StringComparison.Ordinal);
    }

    /// <summary>Network target check: metadata credentials block, non-local review, local allowed.</summary>
    public void CheckFetch(string url, SourceSpan at)
    {
        if (url.Contains(Arg.Unknown, StringComparison.Ordinal))
        {
            Report("network.download", at, "address cannot be resolved");
            return;
        }
        if (PathRules.IsMetadataCredentialUrl(url))
        {
            Report("credential.instance-metadata", at);
            return;
        }
        var host = PathRules.HostOf(url);
        if (!PathRules.IsLocalHost(host) && !PathRules.IsMetadataHost(host))
        {
            Report("network.download", at, host);
        }
    }

    internal static bool IsRemote(string url)
    {
        var host = PathRules.HostOf(url);
        return host.Length > 0 && !PathRules.IsLocalHost(host);
    }
}
