namespace AeonNova.Safety.Analysis.Commands;

/// <summary>Encrypting the host's own files (system, home, data) is the ransomware step of ATT&amp;CK T1486.</summary>
internal static class EncryptionTargets
{
    /// <summary>A path whose encryption hurts the host: anything but temporary, cache and log files.</summary>
    public static bool Matters(Arg path)
    {
        if (path.Dynamic)
        {
            return true;
        }
        var n = PathRules.Normalize(path.Text);
        return !(PathRules.IsDisposable(n) && !PathRules.IsSecurityLog(n)) || PathRules.CredentialRule(n) is not null;
    }
}

/// <summary>ccrypt/ccencrypt encrypt files in place.</summary>
internal sealed class CcryptRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["ccencrypt", "ccrypt"];

    public string Summary => "Encrypting files in place → block (data.encrypt-for-impact) unless only `-d`/`--decrypt`.";

    public bool Check(CommandCall call)
    {
        if (!call.Has("-d", "--decrypt"))
        {
            call.Report("data.encrypt-for-impact", call.Name);
        }
        return true;
    }
}

/// <summary>gpg: symmetric or public-key encryption of host files.</summary>
internal sealed class GpgRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["gpg", "gpg2"];

    public string Summary => "`-c`/`--symmetric`/`-e`/`--encrypt` of a non-temporary file → block (data.encrypt-for-impact); `--list-keys`, `--verify`, `--decrypt`, `--fingerprint` → allow; else review.";

    public bool Check(CommandCall call)
    {
        var encrypts = call.Has("-c", "--symmetric", "-e", "--encrypt") || call.AnyArg(a => a.Length > 1 && a[0] == '-' && a[1] != '-' && (a.Contains('c', StringComparison.Ordinal) || a.Contains('e', StringComparison.Ordinal)) && a.Length <= 4);
        if (encrypts)
        {
            var output = call.ValueOf("-o", "--output");
            var inputs = call.Operands().Where(o => o.Text != output).ToList();
            if (inputs.Count == 0 || inputs.Any(EncryptionTargets.Matters))
            {
                call.Report("data.encrypt-for-impact", "gpg encrypts " + string.Join(' ', inputs.Select(i => i.Text)));
                return true;
            }
        }
        if (!call.Has("--list-keys", "-k", "--list-secret-keys", "-K", "--verify", "--decrypt", "-d", "--fingerprint", "--version", "--list-sigs") || encrypts)
        {
            call.Report("unknown.command", "gpg");
        }
        return true;
    }
}

/// <summary>7z/zip/rar with a password over host files: the archive-and-delete form of ATT&amp;CK T1486.</summary>
internal sealed class ArchiveEncryptRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["7z", "7za", "7zr", "zip", "rar"];

    public string Summary => "A password (`-p…`, `-P`, `-e`, `--encrypt`) with a non-temporary source → block (data.encrypt-for-impact); zip without a password → the shared rules; other 7z/rar use → review.";

    public bool Check(CommandCall call)
    {
        var name = call.Name;
        var password = call.AnyArg(a => (a.StartsWith("-p", StringComparison.Ordinal) && name != "zip") || a is "-p" or "--password" or "--encrypt" || (name == "zip" && a is "-e" or "-P"));
        if (password && call.Operands().Skip(1).Any(EncryptionTargets.Matters))
        {
            call.Report("data.encrypt-for-impact", $"{name} with a password");
            return true;
        }
        if (name == "zip")
        {
            return false;
        }
        var verb = call.Verb();
        if (verb is not ("l" or "t" or "x" or "e" or "i"))
        {
            call.Report("unknown.command", $"{name} {verb}");
        }
        return true;
    }
}

/// <summary>openssl enc / rsautl / pkeyutl / smime / cms encrypting host files.</summary>
internal sealed class OpensslEncryptRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["openssl"];

    public string Summary => "`enc` (without `-d`), `rsautl`/`pkeyutl -encrypt`, `smime`/`cms -encrypt` with `-in` a non-temporary file → block (data.encrypt-for-impact); other subcommands → the shared rules.";

    public bool Check(CommandCall call)
    {
        var sub = call.Verb();
        var encrypts = (sub.StartsWith("aes", StringComparison.Ordinal) || sub is "enc" or "des3" or "chacha20") && !call.Has("-d", "-base64", "-a", "-A")
            || (sub is "rsautl" or "pkeyutl" or "smime" or "cms" && call.Has("-encrypt"));
        var input = call.ValueOf("-in");
        if (encrypts && input is not null && EncryptionTargets.Matters(Arg.Of(input)))
        {
            call.Report("data.encrypt-for-impact", $"openssl {sub} -in {input}");
            return true;
        }
        return false;
    }
}

/// <summary>diskshadow: the Windows shadow copy tool; its scripts delete shadows (ATT&amp;CK T1490).</summary>
internal sealed class DiskshadowRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["diskshadow"];

    public string Summary => "Any use → block (data.shadow-copy-delete): interactive or `/s script` runs commands the validator cannot see, including `delete shadows`.";

    public bool Check(CommandCall call)
    {
        call.Report("data.shadow-copy-delete", "diskshadow runs shadow copy commands");
        return true;
    }
}

/// <summary>mkdir in a startup or persistence location prepares a launch item (ATT&amp;CK T1037.005, T1543).</summary>
internal sealed class MkdirRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["mkdir"];

    public string Summary => "Creating a directory in a persistence location (cron, systemd, LaunchAgents/Daemons, StartupItems) → that persistence rule; otherwise allow.";

    public bool Check(CommandCall call)
    {
        foreach (var target in call.Operands())
        {
            var rule = target.Dynamic ? null : PathRules.WriteRule(PathRules.Normalize(target.Text));
            if (rule is not null && rule.StartsWith("persistence.", StringComparison.Ordinal))
            {
                call.Report(rule, $"creates '{target.Text}'");
            }
        }
        return true;
    }
}

/// <summary>auditctl: turning auditing off or deleting its rules blinds defenders (ATT&amp;CK T1562.012).</summary>
internal sealed class AuditctlRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["auditctl"];

    public string Summary => "`-e 0`, `-D`, `-d …`, `-W …` → block (defense.audit); `-l`/`-s` → allow; adding rules → review (unknown.command).";

    public bool Check(CommandCall call)
    {
        if (call.ValueOf("-e") == "0" || call.Has("-D", "-d", "-W"))
        {
            call.Report("defense.audit", "auditctl removes or disables audit rules");
        }
        else if (!call.Has("-l", "-s", "-v", "--version"))
        {
            call.Report("unknown.command", "auditctl changes audit rules");
        }
        return true;
    }
}
