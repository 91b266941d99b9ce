namespace AeonNova.Safety.Analysis.Commands;

/// <summary>tmutil: disabling Time Machine or deleting its snapshots removes recovery (ATT&amp;CK T1490).</summary>
internal sealed class TmutilRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["tmutil"];

    public string Summary => "`disable`, `delete`, `deletelocalsnapshots`, `thinlocalsnapshots`, `disablelocal` → block (data.shadow-copy-delete); status and list verbs → allow; other verbs → review.";

    public bool Check(CommandCall call)
    {
        switch (call.Verb())
        {
            case "disable" or "delete" or "deletelocalsnapshots" or "thinlocalsnapshots" or "disablelocal" or "removedestination" or "deleteinprogress":
                call.Report("data.shadow-copy-delete", $"tmutil {call.Verb()}");
                break;
            case "status" or "listbackups" or "latestbackup" or "listlocalsnapshots" or "listlocalsnapshotdates" or "destinationinfo" or "version" or "isexcluded" or "machinedirectory":
                break;
            default:
                call.Report("unknown.command", $"tmutil {call.Verb()}");
                break;
        }
        return true;
    }
}

/// <summary>dscl: the macOS directory service edits local accounts (ATT&amp;CK T1136.001, T1531, T1098).</summary>
internal sealed class DsclRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["dscl"];

    public string Summary => "`-delete` → block (accounts.delete-user); `-create /Users|/Groups` → block (accounts.new-user); `-append …admin` → block (accounts.admin-group); `-passwd` → block; `-read`/`-list`/`-search` → allow; else review.";

    public bool Check(CommandCall call)
    {
        if (call.Has("-delete"))
        {
            call.Report("accounts.delete-user", "dscl -delete");
        }
        else if (call.Has("-passwd", "-changei"))
        {
            call.Report("accounts.password-change", "dscl -passwd");
        }
        else if (call.Has("-append", "-merge") && call.AnyArg(a => a.Contains("admin", StringComparison.Ordinal) || a.Contains("wheel", StringComparison.Ordinal)))
        {
            call.Report("accounts.admin-group", "dscl -append to an admin group");
        }
        else if (call.Has("-create", "-append", "-merge"))
        {
            call.Report("accounts.new-user", "dscl -create");
        }
        else if (!call.Has("-read", "-list", "-search", "-readall", "-readpl"))
        {
            call.Report("unknown.command", "dscl");
        }
        return true;
    }
}

/// <summary>sysadminctl: macOS account administration (ATT&amp;CK T1136.001, T1531).</summary>
internal sealed class SysadminctlRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["sysadminctl"];

    public string Summary => "`-deleteUser` → block (accounts.delete-user); `-addUser` → block (accounts.new-user); `-resetPasswordFor` → block; `-guestAccount off`/status → allow; else review.";

    public bool Check(CommandCall call)
    {
        if (call.Has("-deleteUser"))
        {
            call.Report("accounts.delete-user", "sysadminctl -deleteUser");
        }
        else if (call.Has("-addUser"))
        {
            call.Report("accounts.new-user", "sysadminctl -addUser");
        }
        else if (call.Has("-resetPasswordFor"))
        {
            call.Report("accounts.password-change", "sysadminctl -resetPasswordFor");
        }
        else if (!call.AnyArg(a => a is "status" or "-screenlock" or "-filevault") || call.AnyArg(a => a == "off"))
        {
            call.Report("unknown.command", "sysadminctl");
        }
        return true;
    }
}

/// <summary>spctl: Gatekeeper; turning assessments off lets unsigned code run (ATT&amp;CK T1562.001).</summary>
internal sealed class SpctlRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["spctl"];

    public string Summary => "`--master-disable`, `--global-disable`, `--disable`, `--add` → block (defense.antivirus); `--status`/`--assess` → allow; else review.";

    public bool Check(CommandCall call)
    {
        if (call.Has("--master-disable", "--global-disable", "--disable", "--add"))
        {
            call.Report("defense.antivirus", "Gatekeeper turned off or bypassed");
        }
        else if (!call.Has("--status", "--assess", "-a", "--list"))
        {
            call.Report("unknown.command", "spctl");
        }
        return true;
    }
}

/// <summary>macOS log: erasing the unified log or turning it off hides activity (ATT&amp;CK T1070.002, T1562.002).</summary>
internal sealed class MacLogRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["log"];

    public string Summary => "`erase` → block (logs.tamper); `config` with level off → block (defense.audit); `show`/`stream`/`stats`/`collect` → allow; else review.";

    public bool Check(CommandCall call)
    {
        switch (call.Verb())
        {
            case "erase":
                call.Report("logs.tamper", "log erase");
                break;
            case "config" when call.AnyArg(a => a.Contains("off", StringComparison.Ordinal)):
                call.Report("defense.audit", "log config turns logging off");
                break;
            case "show" or "stream" or "stats" or "collect" or "help":
                break;
            default:
                call.Report("unknown.command", $"log {call.Verb()}");
                break;
        }
        return true;
    }
}

/// <summary>launchctl: unloading a security agent impairs defenses; loading a job is persistence (ATT&amp;CK T1543.001/.004).</summary>
internal sealed class LaunchctlRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["launchctl"];

    public string Summary => "`unload`/`remove`/`bootout`/`disable`/`stop` of a security product → block (defense.antivirus); `load`/`bootstrap`/`submit` of a job → block (persistence.service-unit); `list`/`print` → allow; other verbs → the service rules.";

    public bool Check(CommandCall call)
    {
        var verb = call.Verb();
        var target = string.Join(' ', call.Operands().Skip(1).Select(o => o.Text));
        switch (verb)
        {
            case "unload" or "remove" or "bootout" or "disable" or "stop" or "kill" when CommandSets.IsSecurityProduct(target):
                call.Report("defense.antivirus", $"launchctl {verb} {target}");
                return true;
            case "load" or "bootstrap" or "submit" or "enable":
                call.Report("persistence.service-unit", $"launchctl {verb} {target}");
                return true;
            case "list" or "print" or "print-disabled" or "blame" or "help" or "version":
                return true;
            default:
                return false;
        }
    }
}
