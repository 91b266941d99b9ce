namespace AeonNova.Safety.Analysis.Commands;

/// <summary>sdelete overwrites files so they cannot be recovered (ATT&amp;CK T1485).</summary>
internal sealed class SdeleteRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["sdelete", "sdelete64"];

    public string Summary => "Secure deletion of anything but temporary files, or `-z`/`-c` over a drive → block (destructive.move-critical-path); temporary files → review.";

    public bool Check(CommandCall call)
    {
        var targets = call.Operands().Where(o => !o.Text.StartsWith('/')).ToList();
        if (targets.Count == 0 || call.Has("-z", "-c") || targets.Any(t => t.Dynamic || !PathRules.IsDisposable(PathRules.Normalize(t.Text))))
        {
            call.Report("destructive.move-critical-path", "sdelete " + string.Join(' ', targets.Select(t => t.Text)));
        }
        else
        {
            call.Report("destructive.delete-files", "sdelete");
        }
        return true;
    }
}

/// <summary>Sysmon's own binary: -u uninstalls it, -c with a new configuration can blind it (ATT&amp;CK T1562.001).</summary>
internal sealed class SysmonRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["sysmon", "sysmon64"];

    public string Summary => "`-u` (uninstall) or `-c` (new configuration) → block (defense.audit); `-s` (schema) → allow; else review.";

    public bool Check(CommandCall call)
    {
        if (call.AnyArg(a => a is "-u" or "/u" or "-c" or "/c"))
        {
            call.Report("defense.audit", "sysmon uninstalled or reconfigured");
        }
        else if (!call.AnyArg(a => a is "-s" or "/s" or "-?"))
        {
            call.Report("unknown.command", "sysmon");
        }
        return true;
    }
}

/// <summary>fltmc: unloading a minifilter removes security and monitoring drivers (ATT&amp;CK T1562.001).</summary>
internal sealed class FltmcRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["fltmc"];

    public string Summary => "`unload`/`detach` → block (defense.audit); `filters`/`instances`/`volumes` → allow; else review.";

    public bool Check(CommandCall call)
    {
        switch (call.Verb())
        {
            case "unload" or "detach":
                call.Report("defense.audit", $"fltmc {call.Verb()}");
                break;
            case "" or "filters" or "instances" or "volumes":
                break;
            default:
                call.Report("unknown.command", $"fltmc {call.Verb()}");
                break;
        }
        return true;
    }
}

/// <summary>Defender's command line: removing definitions or turning protection off (ATT&amp;CK T1562.001).</summary>
internal sealed class MpCmdRunRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["mpcmdrun"];

    public string Summary => "`-RemoveDefinitions`, `-DisableService`, `-RestoreDefaults` → block (defense.antivirus); `-Scan`, `-SignatureUpdate`, `-GetFiles` → allow; else review.";

    public bool Check(CommandCall call)
    {
        if (call.AnyArg(a => a is "-removedefinitions" or "-disableservice" or "-restoredefaults" or "-removedynamicsignature"))
        {
            call.Report("defense.antivirus", "MpCmdRun removes protection");
        }
        else if (!call.AnyArg(a => a is "-scan" or "-signatureupdate" or "-getfiles" or "-h" or "-?"))
        {
            call.Report("unknown.command", "MpCmdRun");
        }
        return true;
    }
}

/// <summary>logoff/tsdiscon/rwinsta end user sessions (ATT&amp;CK T1529/T1531).</summary>
internal sealed class LogoffRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["logoff", "rwinsta", "reset"];

    public string Summary => "Ends a user session → block (system.shutdown).";

    public bool Check(CommandCall call)
    {
        if (call.Name == "reset" && call.Verb() is not ("session" or "ses"))
        {
            return false;
        }
        call.Report("system.shutdown", call.Name + " ends a user session");
        return true;
    }
}
