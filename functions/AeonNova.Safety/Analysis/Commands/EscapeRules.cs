using System.Text.RegularExpressions;

namespace AeonNova.Safety.Analysis.Commands;

/// <summary>awk programs: system("…") and pipes to commands run shell code; print &gt; "file" writes files (GTFOBins awk).</summary>
internal sealed class AwkRule : ICommandRule
{
    private static readonly Regex Redirect = new(@"(?:print|printf)[^>|]*>{1,2}\s*""([^""]+)""", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex PipeTo = new(@"\|\s*""([^""]+)""|""([^""]+)""\s*\|\s*getline", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public IReadOnlyList<string> Names { get; } = ["awk", "gawk", "mawk", "nawk", "busybox-awk"];

    public string Summary => "`system(\"…\")` and `| \"cmd\"`/`\"cmd\" | getline` are validated as bash (a bare shell → block, exec.shell-escape); `print > \"file\"` goes through the write rules; otherwise a read-only command.";

    public bool Check(CommandCall call)
    {
        var program = ProgramText(call.Args);
        if (program is null)
        {
            return false;
        }
        call.Rules.CheckEmbeddedCommands(program, call.At);
        foreach (Match m in PipeTo.Matches(program))
        {
            call.Rules.RunNestedShellString(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, call.At);
        }
        foreach (Match m in Redirect.Matches(program))
        {
            call.Rules.CheckWrite(Arg.Of(m.Groups[1].Value), call.At, truncate: false);
        }
        return false;
    }

    private static string? ProgramText(IReadOnlyList<Arg> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var t = args[i].Text;
            if (t is "-F" or "-v" or "-f" or "--field-separator" or "--assign")
            {
                i++;
                continue;
            }
            if (!args[i].IsOption)
            {
                return t;
            }
        }
        return null;
    }
}

/// <summary>sed: the e command and the s///e flag run shell code; w writes files (GTFOBins sed).</summary>
internal sealed class SedRule : ICommandRule
{
    // A command starts the script or follows ; { } or a newline, after an optional address (1, $, 1,5).
    private static readonly Regex ExecCommand = new(@"(?:^|[;{}\n])\s*[0-9$,]*\s*(?:e\s+(.+?)\s*(?:$|[;}\n])|s([^0-9a-zA-Z\s\\])(?:\\.|(?!\2).)*\2(?:\\.|(?!\2).)*\2[gpI0-9]*e)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex WriteCommand = new(@"(?:^|[;{}\n])\s*[0-9$,]*\s*(?:w\s+(\S+)|s([^0-9a-zA-Z\s\\])(?:\\.|(?!\2).)*\2(?:\\.|(?!\2).)*\2[gpI0-9]*w\s+(\S+))", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public IReadOnlyList<string> Names { get; } = ["sed", "gsed"];

    public string Summary => "`e cmd` or `s///e` → the command is validated as bash (a bare shell → block); `w file` → the write rules; `-i` edits go through the shared rules.";

    public bool Check(CommandCall call)
    {
        var script = call.ValueOf("-e", "--expression") ?? call.Operands().FirstOrDefault().Text;
        if (string.IsNullOrEmpty(script))
        {
            return false;
        }
        foreach (Match m in ExecCommand.Matches(script))
        {
            if (m.Groups[1].Success)
            {
                var command = m.Groups[1].Value;
                if (command.StartsWith("exec ", StringComparison.Ordinal))
                {
                    command = command[5..];
                }
                call.Rules.RunEmbeddedCommand(command, call.At);
            }
            else
            {
                call.Report("exec.shell-escape", "s///e runs the pattern space as a command");
            }
        }
        foreach (Match m in WriteCommand.Matches(script))
        {
            var path = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[3].Value;
            call.Rules.CheckWrite(Arg.Of(path), call.At, truncate: true);
        }
        return false;
    }
}

/// <summary>Editors and debuggers that run commands given on their command line (GTFOBins vim, gdb, expect, script).</summary>
internal sealed class CommandOptionRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["vim", "vi", "nvim", "view", "ex", "rvim", "gdb", "expect", "script", "less", "more", "man", "ftp", "emacs"];

    public string Summary => "Commands given to `vim -c`, `gdb -ex`, `expect -c`, `script -c`, `emacs --eval` are validated (`!cmd`, `:shell`, `spawn sh`, `(term …)` → block, exec.shell-escape); `script` with no command starts a shell → block; `less`/`more`/`man`/`ftp` with a `!`-command in their input → block; other use → review.";

    public bool Check(CommandCall call)
    {
        var name = call.Name;
        var commands = new List<string>();
        for (var i = 0; i < call.Args.Count; i++)
        {
            var t = call.Args[i].Text;
            if (t is "-c" or "-ex" or "--eval" or "-eval" or "--command" or "-cmd" or "+c" && i + 1 < call.Args.Count)
            {
                commands.Add(call.Args[i + 1].Text);
                i++;
            }
            else if (t.StartsWith('+') && name is "vim" or "vi" or "nvim" or "view" or "ex")
            {
                commands.Add(t[1..]);
            }
        }
        if (name == "script" && commands.Count == 0)
        {
            call.Report("exec.shell-escape", "script starts a shell");
            return true;
        }
        foreach (var command in commands)
        {
            var c = command.Trim().TrimStart(':').Trim();
            var lower = c.ToLowerInvariant();
            if (lower.StartsWith('!') || lower.StartsWith("shell", StringComparison.Ordinal) || lower.StartsWith("sh", StringComparison.Ordinal) && lower.Length <= 3 ||
                lower.Contains("spawn", StringComparison.Ordinal) || lower.Contains("(term", StringComparison.Ordinal) || lower.Contains("set shell", StringComparison.Ordinal) ||
                lower.StartsWith("py", StringComparison.Ordinal) || lower.StartsWith("lua", StringComparison.Ordinal) || lower.StartsWith("call system", StringComparison.Ordinal))
            {
                var inner = c.TrimStart('!').Trim();
                if (name == "script" || (lower.StartsWith('!') && inner.Length > 0 && !CommandSets.Shells.Contains(NativeCommandRules.CommandName(inner.Split(' ')[0]))))
                {
                    call.Rules.RunNestedShellString(inner, call.At);
                }
                else
                {
                    call.Report("exec.shell-escape", $"{name} runs '{c}'");
                }
            }
            else if (name == "script")
            {
                call.Rules.RunNestedShellString(c, call.At);
            }
        }
        if (commands.Count == 0 && name is "less" or "more" or "man")
        {
            return false;
        }
        if (commands.Count == 0)
        {
            call.Report("unknown.command", name);
        }
        return true;
    }
}

/// <summary>Options that make archivers, copiers and ssh run a command (GTFOBins tar, zip, rsync, ssh).</summary>
internal sealed class CommandHookRule : ICommandRule
{
    public IReadOnlyList<string> Names { get; } = ["tar", "zip", "rsync", "ssh", "scp", "start-stop-daemon", "run-parts", "tftp", "git"];

    public string Summary => "`tar --checkpoint-action=exec=`/`--to-command`/`--use-compress-program`, `zip -TT`/`--unzip-command`, `rsync -e`/`--rsh`, `ssh -o ProxyCommand=`/`LocalCommand=`, `start-stop-daemon -x`, `git -c core.pager=`/`core.sshCommand=` → the command is validated (a bare shell → block); `run-parts` of a system binary directory → block; `tftp get` marks the file as downloaded.";

    public bool Check(CommandCall call)
    {
        var hooks = new List<string>();
        for (var i = 0; i < call.Args.Count; i++)
        {
            var t = call.Args[i].Text;
            var next = i + 1 < call.Args.Count ? call.Args[i + 1].Text : "";
            switch (call.Name)
            {
                case "tar":
                    if (t.StartsWith("--checkpoint-action=exec=", StringComparison.Ordinal))
                    {
                        hooks.Add(t["--checkpoint-action=exec=".Length..]);
                    }
                    else if (t.StartsWith("--to-command=", StringComparison.Ordinal) || t.StartsWith("--use-compress-program=", StringComparison.Ordinal) || t.StartsWith("--info-script=", StringComparison.Ordinal) || t.StartsWith("--new-volume-script=", StringComparison.Ordinal))
                    {
                        hooks.Add(t[(t.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                    }
                    else if (t is "-I" or "--to-command" or "--use-compress-program" or "-F")
                    {
                        hooks.Add(next);
                    }
                    break;
                case "zip":
                    if (t is "-TT" or "--unzip-command")
                    {
                        hooks.Add(next);
                    }
                    break;
                case "rsync":
                    if (t is "-e" or "--rsh")
                    {
                        hooks.Add(next);
                    }
                    else if (t.StartsWith("--rsh=", StringComparison.Ordinal) || t.StartsWith("--rsync-path=", StringComparison.Ordinal))
                    {
                        hooks.Add(t[(t.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                    }
                    break;
                case "ssh" or "scp":
                    var option = t == "-o" ? next : t.StartsWith("-o", StringComparison.Ordinal) ? t[2..] : "";
                    var eq = option.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0 && option[..eq].ToLowerInvariant() is "proxycommand" or "localcommand" or "permitlocalcommand" or "knownhostscommand")
                    {
                        hooks.Add(option[(eq + 1)..]);
                    }
                    break;
                case "start-stop-daemon":
                    if (t is "-x" or "--exec" or "-a" or "--startas")
                    {
                        hooks.Add(next);
                    }
                    break;
                case "git":
                    if (t == "-c" && (next.StartsWith("core.pager=", StringComparison.OrdinalIgnoreCase) || next.StartsWith("core.sshcommand=", StringComparison.OrdinalIgnoreCase) || next.StartsWith("core.editor=", StringComparison.OrdinalIgnoreCase)))
                    {
                        hooks.Add(next[(next.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                    }
                    break;
                case "tftp":
                    if (t == "-c" && next == "get" && i + 3 < call.Args.Count)
                    {
                        call.Rules.NoteDownload(call.Args[i + 3].Text);
                    }
                    break;
            }
        }
        if (call.Name == "run-parts")
        {
            var dir = call.Operands().LastOrDefault().Text ?? "";
            if (PathRules.IsSystemBinaryPath(PathRules.Normalize(dir).TrimEnd('/') + "/"))
            {
                call.Report("exec.shell-escape", $"run-parts over '{dir}' runs system binaries");
                return true;
            }
            call.Report("exec.external-script", $"run-parts {dir}");
            return true;
        }
        foreach (var hook in hooks)
        {
            call.Rules.RunEmbeddedCommand(hook, call.At);
        }
        if (call.Name == "tftp")
        {
            call.Report("network.download", "tftp");
            return true;
        }
        return call.Name == "start-stop-daemon" && hooks.Count > 0;
    }
}
