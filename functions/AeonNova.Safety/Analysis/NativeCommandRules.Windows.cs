namespace AeonNova.Safety.Analysis;

internal sealed partial class NativeCommandRules
{
    private static bool Contains(string haystack, string needle) => haystack.Contains(needle, StringComparison.Ordinal);

    /// <summary>cmd.exe built-ins (only inside cmd /c strings).</summary>
    private bool RunWindowsBuiltin(string name, IReadOnlyList<Arg> args, SourceSpan at)
    {
        var lower = Lower(args);
        var paths = args.Where(a => !a.Text.StartsWith('/')).ToList();
        switch (name)
        {
            case "del" or "erase" or "rd" or "rmdir":
                foreach (var p in paths)
                {
                    CheckDelete(p, at);
                }
                return true;
            case "copy" or "move" or "xcopy" or "robocopy":
                if (paths.Count >= 2)
                {
                    if (name == "robocopy" && Contains(lower, "/mir") || Contains(lower, "/purge"))
                    {
                        CheckDelete(new Arg(paths[1].Text + "/*", paths[1].Dynamic), at);
                    }
                    CheckWrite(paths[^1], at, truncate: false);
                }
                return true;
            case "start":
                var rest = args.Where(a => !a.Text.StartsWith('/')).ToList();
                if (rest.Count > 0 && rest[0].Text.Length == 0)
                {
                    rest = rest.Skip(1).ToList();
                }
                if (rest.Count > 0)
                {
                    _runner.RunArgv(rest, at);
                }
                return true;
            case "find" or "echo" or "set" or "cd" or "chdir" or "dir" or "type" or "ver" or "cls" or "title" or "exit" or "call" or "goto" or "if" or "for" or "pushd" or "popd" or "mklink" or "ren" or "rename" or "md" or "mkdir" or "timeout" or "pause" or "rem":
                if (name == "mklink" && paths.Count >= 2)
                {
                    CheckWrite(paths[0], at, truncate: false);
                }
                return true;
            default:
                return false;
        }
    }

    private bool RunWindows(string name, IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin)
    {
        // The lower-cased command line and arguments are built only for the tools whose rules read them.
        string? lowered = null;
        List<string>? loweredArgs = null;
        string Lowered() => lowered ??= Lower(args).Replace('\\', '/');
        List<string> Ops() => loweredArgs ??= args.Select(a => a.Text.ToLowerInvariant()).ToList();
        string First() => Ops().Count > 0 ? Ops()[0] : "";
        switch (name)
        {
            case "cmd":
                var ci = Ops().FindIndex(o => o is "/c" or "/k" or "/r");
                if (ci >= 0)
                {
                    var tail = args.Skip(ci + 1).ToList();
                    RunCmdString(new Arg(Joined(tail), tail.Any(a => a.Dynamic), tail.Any(a => a.Decoded)), at);
                }
                else if (stdin is not null)
                {
                    RunShellFromStdin(stdin, at);
                }
                return true;
            case "netsh":
                if ((Contains(Lowered(), "advfirewall") && (Contains(Lowered(), "state off") || Contains(Lowered(), "reset") || Contains(Lowered(), "firewallpolicy allowinbound"))) ||
                    Contains(Lowered(), "opmode disable") || Contains(Lowered(), "opmode mode=disable") || Contains(Lowered(), "firewall set opmode disable"))
                {
                    Report("defense.firewall", at, "netsh");
                }
                else if (Contains(Lowered(), "portproxy") && (Contains(Lowered(), " add") || Contains(Lowered(), " set")))
                {
                    Report("network.tunnel", at, "netsh portproxy");
                }
                else if (Contains(Lowered(), "wlan") && Contains(Lowered(), "key=clear"))
                {
                    Report("credential.cloud", at, "Wi-Fi keys");
                }
                else if (!(Contains(Lowered(), " show") || First() == "show" || Contains(Lowered(), "dump") || Contains(Lowered(), "trace show")))
                {
                    Report("system.network-change", at, "netsh " + string.Join(' ', Ops().Take(3)));
                }
                return true;
            case "reg":
                RunReg(Ops(), Lowered(), at);
                return true;
            case "schtasks":
                Report(Ops().Any(o => o is "/create" or "/change" or "-create") ? "persistence.scheduled-task"
                    : Ops().Any(o => o is "/query" or "-query") ? ""
                    : Ops().Any(o => o is "/run" or "/end") ? "routine.service-restart"
                    : Ops().Any(o => o is "/delete") ? "service.stop" : "unknown.command", at, "schtasks");
                return true;
            case "at":
                Report("persistence.scheduled-task", at, "at");
                return true;
            case "certutil":
                if (Ops().Any(o => o is "-urlcache" or "/urlcache" or "-decode" or "/decode" or "-decodehex" or "/decodehex" or "-verifyctl" or "-encode") || Contains(Lowered(), "http"))
                {
                    Report("download.tool-abuse", at, "certutil");
                }
                else if (!Ops().Any(o => o is "-hashfile" or "-dump" or "-store" or "-viewstore" or "-verify" or "-?"))
                {
                    Report("unknown.command", at, "certutil");
                }
                return true;
            case "bitsadmin":
                Report(Ops().Any(o => o is "/transfer" or "/addfile" or "/setnotifycmdline" or "/create") ? "download.tool-abuse" : Ops().Any(o => o is "/list" or "/info" or "/monitor") ? "" : "unknown.command", at, "bitsadmin");
                return true;
            case "vssadmin":
                Report(Contains(Lowered(), "delete shadows") || Contains(Lowered(), "resize shadowstorage") ? "data.shadow-copy-delete"
                    : First() == "list" ? "" : First() == "create" ? "credential.system-secrets" : "unknown.command", at, "vssadmin " + First());
                return true;
            case "wmic":
                if (Contains(Lowered(), "shadowcopy") && Contains(Lowered(), "delete"))
                {
                    Report("data.shadow-copy-delete", at);
                }
                else if (Contains(Lowered(), "process") && Contains(Lowered(), "call create"))
                {
                    Report(Contains(Lowered(), "/node:") ? "lateral.psexec" : "exec.lolbin-proxy", at, "wmic process call create");
                }
                else if (Contains(Lowered(), "/node:"))
                {
                    Report("lateral.remote-exec", at, "wmic /node");
                }
                else if (Contains(Lowered(), "useraccount") && Contains(Lowered(), "set"))
                {
                    Report("accounts.password-change", at, "wmic useraccount");
                }
                else if (Contains(Lowered(), " delete") || Contains(Lowered(), "call terminate") || Contains(Lowered(), "call uninstall"))
                {
                    Report("service.stop", at, "wmic");
                }
                return true;
            case "wbadmin":
                Report(First() == "delete" ? "data.shadow-copy-delete" : First() is "get" or "" ? "" : "unknown.command", at, "wbadmin " + First());
                return true;
            case "bcdedit":
                Report(Contains(Lowered(), "recoveryenabled no") || Contains(Lowered(), "recoveryenabled off") || Contains(Lowered(), "ignoreallfailures") || Ops().Contains("/deletevalue") && Contains(Lowered(), "safeboot") && false
                    ? "data.shadow-copy-delete"
                    : Ops().Count == 0 || Ops().Any(o => o is "/enum" or "/v") ? ""
                    : Contains(Lowered(), "testsigning") || Contains(Lowered(), "nointegritychecks") ? "defense.antivirus"
                    : "system.kernel-param", at, "bcdedit");
                return true;
            case "wevtutil":
                Report(Ops().FirstOrDefault() is "cl" or "clear-log" || (First() is "sl" or "set-log" && (Contains(Lowered(), "/e:false") || Contains(Lowered(), "/enabled:false"))) ? "logs.tamper"
                    : First() is "qe" or "query-events" or "gl" or "get-log" or "el" or "enum-logs" or "gli" or "get-loginfo" or "epl" or "export-log" or "ep" or "gp" ? "" : "unknown.command", at, "wevtutil " + First());
                return true;
            case "net" or "net1":
                RunNet(args, Ops(), at);
                return true;
            case "sc":
                RunSc(args, Ops(), at);
                return true;
            case "rundll32":
                Report(Contains(Lowered(), "comsvcs") && Contains(Lowered(), "minidump") ? "credential.lsass" : Contains(Lowered(), "http") || Contains(Lowered(), "javascript:") ? "download.tool-abuse" : "exec.lolbin-proxy", at, "rundll32");
                return true;
            case "regsvr32":
                Report(Contains(Lowered(), "http") || Contains(Lowered(), "scrobj") ? "download.tool-abuse" : "exec.lolbin-proxy", at, "regsvr32");
                return true;
            case "mshta":
                Report(Contains(Lowered(), "http") ? "download.tool-abuse" : "exec.lolbin-proxy", at, "mshta");
                return true;
            case "msbuild" or "installutil" or "cmstp" or "regasm" or "regsvcs" or "odbcconf" or "msxsl" or "forfiles" or "pcalua" or "syncappvpublishingserver" or "control":
                Report("exec.lolbin-proxy", at, name);
                return true;
            case "msiexec":
                Report(Contains(Lowered(), "http") ? "download.tool-abuse" : Ops().Any(o => o is "/x" or "/uninstall") ? "packages.remove" : "packages.install", at, "msiexec");
                return true;
            case "procdump" or "procdump64":
                Report(Contains(Lowered(), "lsass") ? "credential.lsass" : "unknown.command", at, "procdump");
                return true;
            case "psexec" or "psexec64" or "paexec" or "remcom" or "csexec":
                Report("lateral.psexec", at, name);
                return true;
            case "winrs":
                Report("lateral.remote-exec", at, "winrs");
                return true;
            case "icacls" or "cacls":
                if (Contains(Lowered(), "/grant") && (Contains(Lowered(), "everyone") || Contains(Lowered(), "users:") || Contains(Lowered(), "*s-1-1-0") || Contains(Lowered(), "authenticated users")) && (Contains(Lowered(), ":f") || Contains(Lowered(), ":(f)") || Contains(Lowered(), ":m") || Contains(Lowered(), ":w") || Contains(Lowered(), "(oi)(ci)f")))
                {
                    var target = args.FirstOrDefault(a => !a.Text.StartsWith('/'));
                    var n = PathRules.Normalize(target.Text ?? "");
                    Report(PathRules.IsCriticalTarget(n) || PathRules.IsSystemBinaryPath(n) || n.StartsWith("c:/windows", StringComparison.Ordinal) || n.StartsWith("c:/program", StringComparison.Ordinal) ? "privilege.system-permissions" : "privilege.world-writable", at, "icacls");
                }
                else if (Ops().Any(o => o.StartsWith("/grant", StringComparison.Ordinal) || o is "/setowner" or "/reset" or "/remove" or "/deny" or "/inheritance:r"))
                {
                    Report("unknown.command", at, "icacls changes permissions");
                }
                return true;
            case "takeown":
                Report("unknown.command", at, "takeown");
                return true;
            case "format":
                if (Ops().Any(o => o.Length == 2 && o[1] == ':'))
                {
                    Report("disk.filesystem-tool", at, "format");
                }
                return true;
            case "diskpart":
                Report("disk.filesystem-tool", at, "diskpart");
                return true;
            case "cipher":
                if (Ops().Any(o => o.StartsWith("/w", StringComparison.Ordinal)))
                {
                    Report("disk.filesystem-tool", at, "cipher /w");
                }
                return true;
            case "fsutil":
                Report(Contains(Lowered(), "deletejournal") ? "logs.tamper" : Contains(Lowered(), "setzerodata") ? "destructive.delete-files" : Ops().Any(o => o is "query" or "queryvalue" or "fsinfo" or "volume" or "behavior") && !Contains(Lowered(), " set") ? "" : "unknown.command", at, "fsutil");
                return true;
            case "auditpol":
                Report(Ops().Any(o => o is "/clear" or "/remove") || Contains(Lowered(), "disable") ? "defense.audit" : "", at, "auditpol");
                return true;
            case "ipconfig":
                Report(Ops().Any(o => o is "/flushdns" or "/registerdns") ? "routine.cache-flush" : Ops().Any(o => o is "/release" or "/release6") ? "service.stop-access" : Ops().Any(o => o is "/renew" or "/renew6") ? "system.network-change" : "", at, "ipconfig");
                return true;
            case "iisreset":
                Report(Ops().Any(o => o is "/stop" or "/disable") ? "service.stop" : "routine.service-restart", at, "iisreset");
                return true;
            case "appcmd":
                Report(First() is "list" && (Contains(Lowered(), "/text:*") || Contains(Lowered(), "password")) ? "credential.sensitive-search" : First() is "list" ? "" : First() is "recycle" or "start" ? "routine.service-restart" : First() == "stop" ? "service.stop" : First() == "delete" ? "data.cluster-destroy" : "unknown.command", at, "appcmd " + First());
                return true;
            case "taskkill":
                if (Contains(Lowered(), "lsass") || Contains(Lowered(), "csrss") || Contains(Lowered(), "wininit") || Contains(Lowered(), "winlogon") || Contains(Lowered(), "smss") || Contains(Lowered(), "services.exe"))
                {
                    Report("system.kill-critical-process", at, "taskkill");
                }
                else if (CommandSets.IsSecurityProduct(Lowered()) || Contains(Lowered(), "msmpeng") || Contains(Lowered(), "mssense"))
                {
                    Report("defense.antivirus", at, "taskkill of a security tool");
                }
                else if (Ops().Contains("/im") && CommandSets.IsDataService(Lowered().Replace("sqlservr", "sqlserver", StringComparison.Ordinal)))
                {
                    Report("service.disable-critical", at, "taskkill of a database or backup process");
                }
                else if (Ops().Contains("/im") || Ops().Contains("/fi"))
                {
                    Report("process.kill-broad", at, "taskkill /IM");
                }
                else
                {
                    Report("routine.signal-process", at);
                }
                return true;
            case "cmdkey":
                Report(Ops().Any(o => o.StartsWith("/list", StringComparison.Ordinal)) ? "credential.cloud" : "unknown.command", at, "cmdkey");
                return true;
            case "vaultcmd":
                Report("credential.cloud", at, "vaultcmd");
                return true;
            case "ntdsutil" or "esentutl":
                Report(Contains(Lowered(), "ntds") || Contains(Lowered(), "ifm") || Contains(Lowered(), "sam") ? "credential.system-secrets" : "unknown.command", at, name);
                return true;
            case "attrib":
                Report(Contains(Lowered(), "+h") || Contains(Lowered(), "+s") ? "unknown.command" : "", at, "attrib hides files");
                return true;
            case "shutdown" when Ops().Any(o => o.StartsWith('/')):
                Report(Ops().Contains("/a") ? "" : "system.shutdown", at);
                return true;
            case "powercfg":
                return Ops().All(o => !o.StartsWith("/h", StringComparison.Ordinal)) || true;
            case "w32tm":
                Report(Ops().Any(o => o is "/resync" or "/query" or "/monitor" or "/tz" or "/stripchart") ? "" : "unknown.command", at, "w32tm");
                return true;
            case "cscript" or "wscript":
                var script = args.FirstOrDefault(a => !a.Text.StartsWith("//", StringComparison.Ordinal));
                Report(script.Text is not null && (Contains(script.Text.ToLowerInvariant(), "slmgr") || Contains(script.Text.ToLowerInvariant(), "prnmngr")) ? "" : "exec.external-script", at, name);
                return true;
            default:
                return false;
        }
    }

    private void RunReg(List<string> ops, string lower, SourceSpan at)
    {
        var verb = ops.Count > 0 ? ops[0] : "";
        var key = ops.Count > 1 ? ops[1].Replace('\\', '/') : "";
        switch (verb)
        {
            case "query":
                if (Contains(lower, "/f pass") || Contains(lower, "/f cred") || Contains(lower, "/f secret"))
                {
                    Report("credential.sensitive-search", at, "reg query searches for passwords");
                }
                return;
            case "save" or "export" when Contains(key, "sam") || Contains(key, "/security") || key.EndsWith("/system", StringComparison.Ordinal) || key is "hklm/system" or "hklm/security" or "hklm/sam":
                Report("credential.system-secrets", at, "reg " + verb + " " + key);
                return;
            case "save" or "export":
                return;
            case "add" or "import" or "copy" or "restore" or "load":
                CheckRegistryWrite(key, lower, at);
                return;
            case "delete":
                Report(Contains(key, "eventlog") ? "logs.tamper" : "system.registry-edit", at, "reg delete " + key);
                return;
            default:
                Report("unknown.command", at, "reg " + verb);
                return;
        }
    }

    /// <summary>A registry write (reg add, Set-ItemProperty, New-ItemProperty) to key with the given value text.</summary>
    public void CheckRegistryWrite(string key, string lower, SourceSpan at)
    {
        key = key.ToLowerInvariant().Replace('\\', '/');
        lower = lower.ToLowerInvariant();
        if (Contains(key, "cor_profiler") || Contains(lower, "cor_profiler") || Contains(lower, "cor_enable_profiling"))
        {
            Report("persistence.shell-profile", at, "COR_PROFILER loads a library into every .NET process");
        }
        else if (Contains(key, "/amsi/providers") || Contains(key, "/amsi"))
        {
            Report("defense.amsi-bypass", at, key);
        }
        else if (Contains(key, "systemrestore") || Contains(lower, "disablesr") || Contains(lower, "disableconfig"))
        {
            Report("data.shadow-copy-delete", at, "system restore turned off");
        }
        else if (Contains(key, "firewallpolicy") && (Contains(lower, "enablefirewall") || Contains(lower, "donotallowexceptions")))
        {
            Report("defense.firewall", at, key);
        }
        else if ((Contains(key, "scriptblocklogging") || Contains(key, "modulelogging") || Contains(key, "/transcription") || Contains(lower, "etwenabled") ||
            Contains(key, "/wmi/autologger") || Contains(key, "/policies/microsoft/windows/eventlog")) && DisablesValue(lower))
        {
            Report("defense.audit", at, key);
        }
        else if ((Contains(key, "policies/system") && (Contains(lower, "enablelua") || Contains(lower, "consentpromptbehavioradmin") || Contains(lower, "localaccounttokenfilterpolicy"))) ||
            Contains(key, "classes/ms-settings/shell") || Contains(key, "classes/mscfile/shell") || Contains(key, "classes/exefile/shell") || Contains(key, "classes/folder/shell"))
        {
            Report("privilege.system-permissions", at, "UAC bypass or UAC turned off");
        }
        else if (Contains(key, "classes/clsid") && (Contains(key, "inprocserver32") || Contains(key, "localserver32") || Contains(lower, "inprocserver32")))
        {
            Report("persistence.run-key", at, "COM object hijack");
        }
        else if (Contains(key, "/services/") && (Contains(lower, "imagepath") || Contains(lower, "servicedll")))
        {
            Report("persistence.service-unit", at, key);
        }
        else if (Contains(key, "currentversion/run") || Contains(key, "winlogon") || Contains(key, "image file execution options") || Contains(key, "shell folders") || Contains(key, "explorer/run") || Contains(key, "silentprocessexit") || Contains(lower, "appinit_dlls"))
        {
            Report("persistence.run-key", at, key);
        }
        else if (Contains(key, "windows defender") || Contains(lower, "disableantispyware") || Contains(lower, "disablerealtimemonitoring"))
        {
            Report("defense.antivirus", at, key);
        }
        else if (Contains(key, "control/lsa") && (Contains(lower, "runasppl") || Contains(lower, "disablerestrictedadmin") || Contains(lower, "notificationpackages")) || Contains(key, "wdigest") || Contains(lower, "uselogoncredential"))
        {
            Report("credential.lsass", at, key);
        }
        else if (Contains(key, "eventlog"))
        {
            Report("logs.tamper", at, key);
        }
        else if (Contains(key, "terminal server") && Contains(lower, "fdenytsconnections") || Contains(key, "/services/") && Contains(lower, "start") && (Contains(lower, "/d 4") || Contains(lower, " 4")))
        {
            Report("service.stop", at, key);
        }
        else
        {
            Report("system.registry-edit", at, key);
        }
    }

    /// <summary>The written value turns a protection off (0, false).</summary>
    private static bool DisablesValue(string lower) =>
        Contains(lower, "/d 0") || Contains(lower, "-value 0") || Contains(lower, "value 0") || Contains(lower, " 0 ") || lower.EndsWith(" 0", StringComparison.Ordinal) ||
        Contains(lower, "$false") || Contains(lower, "/d false");

    private void RunNet(IReadOnlyList<Arg> args, List<string> ops, SourceSpan at)
    {
        var verb = ops.Count > 0 ? ops[0] : "";
        var positional = ops.Skip(1).Where(o => !o.StartsWith('/')).ToList();
        switch (verb)
        {
            case "user" or "users":
                if (ops.Contains("/add"))
                {
                    Report("accounts.new-user", at);
                }
                else if (ops.Contains("/delete") || ops.Contains("/del") || ops.Any(o => o.StartsWith("/active:no", StringComparison.Ordinal)))
                {
                    Report("accounts.delete-user", at);
                }
                else if (positional.Count >= 2 || ops.Any(o => o.StartsWith("/passwordreq", StringComparison.Ordinal)))
                {
                    Report("accounts.password-change", at);
                }
                else if (ops.Any(o => o.StartsWith("/active:yes", StringComparison.Ordinal)))
                {
                    Report("accounts.admin-group", at, "enables an account");
                }
                return;
            case "localgroup" or "group":
                if (ops.Contains("/add") && positional.Count >= 2)
                {
                    var group = string.Join(' ', args.Skip(1).Where(a => !a.Text.StartsWith('/')).Select(a => a.Text).Take(positional.Count - 1));
                    Report(CommandSets.AdminGroups.Contains(group) || CommandSets.AdminGroups.Contains(positional[0]) ? "accounts.admin-group" : "unknown.command", at, group);
                }
                else if (ops.Contains("/add") || ops.Contains("/delete"))
                {
                    Report("unknown.command", at, "net " + verb);
                }
                return;
            case "stop":
                if (positional.Count > 0)
                {
                    RunServiceAction(string.Join(' ', positional).Trim('"'), "stop", at, "net stop");
                }
                return;
            case "start":
                if (positional.Count > 0)
                {
                    Report("routine.service-restart", at, "net start " + positional[0]);
                }
                return;
            case "use":
                if (positional.Any(p => p.StartsWith(@"\\", StringComparison.Ordinal) || p.StartsWith("//", StringComparison.Ordinal)))
                {
                    Report("lateral.remote-copy", at, "net use");
                }
                return;
            case "share" when ops.Contains("/delete"):
                Report("logs.tamper", at, "net share /delete removes a share (ATT&CK T1070.005)");
                return;
            case "share" when ops.Any(o => o.Contains('=', StringComparison.Ordinal) || o is "/grant"):
                Report("system.registry-edit", at, "net share");
                return;
            case "accounts" when ops.Count > 1:
                Report("unknown.command", at, "net accounts");
                return;
            default:
                return;
        }
    }

    private void RunSc(IReadOnlyList<Arg> args, List<string> ops, SourceSpan at)
    {
        var remote = ops.Count > 0 && ops[0].StartsWith(@"\\", StringComparison.Ordinal);
        var rest = remote ? ops.Skip(1).ToList() : ops;
        var verb = rest.Count > 0 ? rest[0] : "";
        var service = rest.Count > 1 ? rest[1] : "";
        if (remote && verb is "create" or "config" or "start")
        {
            Report("lateral.psexec", at, "sc on a remote host");
            return;
        }
        switch (verb)
        {
            case "query" or "queryex" or "qc" or "qdescription" or "qfailure" or "getdisplayname" or "getkeyname" or "enumdepend" or "sdshow":
                return;
            case "create":
                Report("persistence.service-unit", at, "sc create " + service);
                return;
            case "config" when rest.Any(o => o.Contains("disabled", StringComparison.Ordinal)) || rest.Contains("start=") && rest.Contains("disabled"):
                RunServiceAction(service, "disable", at, "sc config start= disabled");
                return;
            case "config" when rest.Any(o => o.StartsWith("binpath", StringComparison.Ordinal)):
                Report("persistence.service-unit", at, "sc config binPath");
                return;
            case "stop" or "delete" or "pause":
                RunServiceAction(service, "stop", at, "sc " + verb);
                return;
            case "start" or "continue":
                Report("routine.service-restart", at, "sc start " + service);
                return;
            case "sdset" or "failure" or "config":
                Report("system.registry-edit", at, "sc " + verb);
                return;
            default:
                Report("unknown.command", at, "sc " + verb);
                return;
        }
    }
}
