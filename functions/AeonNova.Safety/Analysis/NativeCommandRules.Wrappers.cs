using System.Text;

namespace AeonNova.Safety.Analysis;

internal sealed partial class NativeCommandRules
{
    /// <summary>Options that take a value, per wrapper, so the wrapped command is found after them.</summary>
    private static readonly Dictionary<string, string[]> WrapperValueOptions = new(StringComparer.Ordinal)
    {
        ["sudo"] = ["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "--user", "--group"],
        ["doas"] = ["-u", "-C"],
        ["nice"] = ["-n", "--adjustment"],
        ["ionice"] = ["-c", "-n", "-p", "--class", "--classdata"],
        ["timeout"] = ["-s", "-k", "--signal", "--kill-after"],
        ["stdbuf"] = ["-i", "-o", "-e"],
        ["chrt"] = [],
        ["taskset"] = [],
        ["env"] = ["-u", "-C", "--unset", "--chdir", "-S"],
        ["runuser"] = ["-u", "-g", "-G", "--user", "--group"],
        ["flock"] = ["-w", "-E", "--timeout", "--conflict-exit-code"],
        ["watch"] = ["-n", "--interval", "-d", "-q"],
        ["xargs"] = ["-I", "-i", "-n", "-P", "-L", "-l", "-d", "-E", "-s", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file"],
        ["nohup"] = [],
        ["setsid"] = [],
        ["time"] = ["-f", "-o"],
        ["command"] = [],
        ["builtin"] = [],
        ["exec"] = ["-a"],
        ["unbuffer"] = [],
        ["chroot"] = [],
        ["strace"] = ["-o", "-e", "-p", "-s"],
        ["ltrace"] = ["-o", "-e", "-p"],
        ["caffeinate"] = [],
        ["sg"] = [],
    };

    // Lambdas that capture locals live in the helpers below, not in RunWrapper: there they would allocate a
    // closure for every command analysed.
    private static Arg ArgHolding(IReadOnlyList<Arg> args, string command) =>
        args.First(a => a.Text == command || a.Text.EndsWith(command, StringComparison.Ordinal));

    private void RunXargs(string name, IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin)
    {
        var inner = AfterOptions(name, args, 0);
        if (inner.Count == 0)
        {
            return;
        }
        if (CommandSets.Shells.Contains(CommandName(inner[0].Text)) && !inner.Skip(1).Any(a => a.IsOption && a.Text.Contains('c', StringComparison.Ordinal)))
        {
            Report("exec.shell-escape", at, "xargs feeds its input to a shell");
            return;
        }
        var placeholder = stdin switch
        {
            { Kind: FlowKind.Paths } => Arg.Of(stdin.Text),
            { Kind: FlowKind.Literal } when stdin.Text.Trim().Length > 0 && !stdin.Text.Trim().Contains(' ', StringComparison.Ordinal) => new Arg(stdin.Text.Trim(), stdin.Text.Contains(Arg.Unknown, StringComparison.Ordinal)),
            _ => Arg.DynamicValue,
        };
        var replace = ValueOf(args, "-I", "-i", "--replace");
        var argv = replace is null
            ? inner.Append(placeholder).ToList()
            : inner.Select(a => a.Text.Contains(replace, StringComparison.Ordinal)
                ? new Arg(a.Text.Replace(replace, placeholder.Text, StringComparison.Ordinal), placeholder.Dynamic)
                : a).ToList();
        _runner.RunArgv(argv, at);
    }

    private bool RunWrapper(string name, IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin)
    {
        switch (name)
        {
            case "sudo" or "doas":
                if (args.Count > 0 && (Has(args, "-l", "--list", "-v", "-k", "-K") && Operands(args).Count == 0))
                {
                    return true;
                }
                if (Has(args, "-s", "-i") && Operands(args).Count == 0)
                {
                    if (stdin is not null)
                    {
                        RunShellFromStdin(stdin, at);
                    }
                    return true;
                }
                RunAfterOptions(name, args, at, stdin, 0);
                return true;
            case "nice" or "ionice" or "timeout" or "stdbuf" or "nohup" or "setsid" or "time" or "unbuffer" or "builtin" or
                "exec" or "strace" or "ltrace" or "caffeinate":
                if (name == "exec" && args.Count == 0)
                {
                    return true;
                }
                if (name == "nice" && args.Count > 0 && args[0].Text.Length > 1 && args[0].Text[0] == '-' && char.IsDigit(args[0].Text[1]))
                {
                    RunAfterOptions(name, args.Skip(1).ToList(), at, stdin, 0);
                    return true;
                }
                RunAfterOptions(name, args, at, stdin, name == "timeout" ? 1 : 0);
                return true;
            case "command":
                if (Has(args, "-v", "-V"))
                {
                    return true;
                }
                RunAfterOptions(name, args, at, stdin, 0);
                return true;
            case "chrt" or "taskset" or "chroot" or "sg" or "setarch" or "linux32" or "linux64":
                RunAfterOptions(name, args, at, stdin, name is "linux32" or "linux64" ? 0 : 1);
                return true;
            case "unshare" or "nsenter" or "capsh" or "prlimit" or "systemd-run" or "cgexec":
                // They run the rest of the line (or, with nothing left, a shell).
                var wrapped = AfterOptions(name, args, 0);
                if (wrapped.Count == 0 || name == "capsh" && args.Any(a => a.Text == "--"))
                {
                    Report("exec.shell-escape", at, $"'{name}' starts a shell");
                }
                else
                {
                    _runner.RunArgv(wrapped, at, stdin);
                }
                return true;
            case "env":
                if (Operands(args).All(a => a.Text.Contains('=', StringComparison.Ordinal)))
                {
                    return true;
                }
                RunEnv(args, at, stdin);
                return true;
            case "runuser" or "su":
                var command = ValueOf(args, "-c", "--command");
                if (command is not null)
                {
                    RunShellString(ArgHolding(args, command), at);
                    return true;
                }
                var dashdash = args.ToList().FindIndex(a => a.Text == "--");
                if (name == "runuser" && dashdash >= 0 && dashdash + 1 < args.Count)
                {
                    _runner.RunArgv(args.Skip(dashdash + 1).ToList(), at, stdin);
                }
                else if (name == "su" && stdin is not null)
                {
                    RunShellFromStdin(stdin, at);
                }
                return true;
            case "flock":
                var flockCommand = ValueOf(args, "-c", "--command");
                if (flockCommand is not null)
                {
                    RunShellString(new Arg(flockCommand, flockCommand.Contains(Arg.Unknown, StringComparison.Ordinal)), at);
                    return true;
                }
                RunAfterOptions(name, args, at, stdin, 1);
                return true;
            case "watch":
                var rest = AfterOptions(name, args, 0);
                if (rest.Count > 0)
                {
                    RunShellString(new Arg(Joined(rest), rest.Any(a => a.Dynamic), rest.Any(a => a.Decoded)), at);
                }
                return true;
            case "xargs":
                RunXargs(name, args, at, stdin);
                return true;
            default:
                if (CommandSets.Shells.Contains(name) || name is "pwsh" or "powershell" or "powershell_ise")
                {
                    if (name is "pwsh" or "powershell" or "powershell_ise")
                    {
                        RunPowerShellExe(args, at, stdin, name == "pwsh");
                    }
                    else
                    {
                        RunShell(name, args, at, stdin);
                    }
                    return true;
                }
                if (CommandSets.Interpreters.Contains(name) && name is not ("awk" or "gawk"))
                {
                    RunInterpreter(args, at, stdin);
                    return true;
                }
                return false;
        }
    }

    private List<Arg> AfterOptions(string wrapper, IReadOnlyList<Arg> args, int positionalToSkip)
    {
        var valueOptions = WrapperValueOptions.GetValueOrDefault(wrapper, []);
        var i = 0;
        while (i < args.Count)
        {
            var a = args[i];
            if (a.Text == "--")
            {
                i++;
                break;
            }
            if (!a.IsOption)
            {
                break;
            }
            i += valueOptions.Contains(a.Text, StringComparer.Ordinal) ? 2 : 1;
        }
        i += positionalToSkip;
        return i < args.Count ? args.Skip(i).ToList() : [];
    }

    private void RunAfterOptions(string wrapper, IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin, int positionalToSkip)
    {
        var rest = AfterOptions(wrapper, args, positionalToSkip);
        if (rest.Count > 0)
        {
            _runner.RunArgv(rest, at, stdin);
        }
    }

    private void RunEnv(IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin)
    {
        var rest = AfterOptions("env", args, 0);
        var i = 0;
        while (i < rest.Count && rest[i].Text.Contains('=', StringComparison.Ordinal) && !rest[i].Text.StartsWith('='))
        {
            CheckHistoryAssignment(rest[i].Text, at);
            i++;
        }
        if (i < rest.Count)
        {
            _runner.RunArgv(rest.Skip(i).ToList(), at, stdin);
        }
    }

    /// <summary>HISTFILE=/dev/null, HISTSIZE=0 and friends hide what was run.</summary>
    public void CheckHistoryAssignment(string assignment, SourceSpan at)
    {
        var eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return;
        }
        // Spans, not substrings: this runs for every assignment in a script.
        var name = assignment.AsSpan(0, eq);
        var value = assignment.AsSpan(eq + 1).Trim("\"'");
        var hides = name switch
        {
            "HISTFILE" => value is "" or "/dev/null",
            "HISTSIZE" or "HISTFILESIZE" or "SAVEHIST" => value is "0" or "",
            // ignorespace/ignoreboth: any command typed with a leading space is never recorded (ATT&CK T1562.003).
            "HISTCONTROL" => value.Contains("ignorespace", StringComparison.Ordinal) || value.Contains("ignoreboth", StringComparison.Ordinal),
            "HISTIGNORE" => value is "*" or "*:*",
            _ => false,
        };
        if (hides)
        {
            Report("defense.shell-history", at, assignment);
        }
        if (name is "LD_PRELOAD" && value.Length > 0)
        {
            Report("persistence.shell-profile", at, "LD_PRELOAD injects a library into the command");
        }
    }

    private void RunShell(string name, IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin)
    {
        var list = args.ToList();
        if (name == "busybox" && list.Count > 0)
        {
            var applet = list[0].Text;
            if (!CommandSets.Shells.Contains(applet))
            {
                _runner.RunArgv(list, at, stdin);
                return;
            }
            list = list.Skip(1).ToList();
        }
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a.Text is "-o" or "+o" or "-O" or "+O" or "--rcfile" or "--init-file")
            {
                i++;
                continue;
            }
            if (a.IsOption && !a.Text.StartsWith("--", StringComparison.Ordinal) && a.Text.Contains('c', StringComparison.Ordinal))
            {
                if (i + 1 < list.Count)
                {
                    RunShellString(list[i + 1], at);
                }
                return;
            }
            if (a.Text == "-s" || a.Text == "-")
            {
                break;
            }
            if (a.IsOption || a.Text.StartsWith('+'))
            {
                continue;
            }
            RunScriptFile(a, at);
            return;
        }
        if (stdin is not null)
        {
            RunShellFromStdin(stdin, at);
        }
        else
        {
            // No command string, no script, no piped input: the shell reads whatever the terminal or the rest of the
            // session gives it, the shell escape of GTFOBins (env /bin/sh, find -exec /bin/sh, awk system("/bin/sh")).
            Report("exec.shell-escape", at, $"'{name}' starts an interactive shell");
        }
    }

    /// <summary>A string a shell will parse and run (sh -c, su -c, watch, ssh remote command).</summary>
    public void RunShellString(Arg text, SourceSpan at)
    {
        if (text.Decoded)
        {
            Report("obfuscation.encoded-payload", at);
        }
        if (Arg.HasDownload(text.Text))
        {
            Report("download.pipe-to-shell", at, "a shell runs downloaded text");
            return;
        }
        if (text.Dynamic && text.Text.Trim(Arg.Unknown, ' ').Length == 0)
        {
            Report("obfuscation.dynamic-eval", at, "the command string is computed at run time");
            return;
        }
        _runner.RunScript(text.Text, NestedLanguage.Bash, at);
    }

    public void RunShellFromStdin(Flow stdin, SourceSpan at)
    {
        switch (stdin.Kind)
        {
            case FlowKind.Download:
                Report("download.pipe-to-shell", at);
                break;
            case FlowKind.Literal:
                if (stdin.Decoded)
                {
                    Report("obfuscation.encoded-payload", at);
                }
                _runner.RunScript(stdin.Text, NestedLanguage.Bash, at);
                break;
            default:
                if (stdin.Decoded)
                {
                    Report("obfuscation.encoded-payload", at);
                }
                Report("obfuscation.dynamic-eval", at, "a shell reads commands produced at run time");
                break;
        }
    }

    private void RunScriptFile(Arg file, SourceSpan at)
    {
        if (file.Dynamic)
        {
            Report("exec.external-script", at, $"script '{file}'");
            return;
        }
        if (_state.ProcessSubstitutions.TryGetValue(file.Text, out var substituted))
        {
            RunShellFromStdin(substituted, at);
            return;
        }
        if (IsUrl(file.Text) || _state.WasDownloaded(file.Text))
        {
            Report("download.execute-file", at, file.Text);
            return;
        }
        var content = _state.WrittenContent(file.Text);
        if (content is not null)
        {
            _runner.RunScript(content, file.Text.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase) ? NestedLanguage.PowerShell : NestedLanguage.Bash, at);
            return;
        }
        Report("exec.external-script", at, $"script '{file.Text}'");
    }

    /// <summary>Runs a path as a program (./fix.sh, /tmp/payload): a downloaded or unseen file.</summary>
    public void RunPathCommand(string path, SourceSpan at)
    {
        RunScriptFile(Arg.Of(path), at);
    }

    private void RunInterpreter(IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin)
    {
        var code = ValueOf(args, "-c", "-e", "-E", "-r", "--eval", "-p", "--print");
        if (args.Count > 0 && args.All(a => a.Text is "-V" or "--version" or "-v" or "-version"))
        {
            return;
        }
        if (code is not null)
        {
            CheckInlineCode(code, at);
            return;
        }
        var module = ValueOf(args, "-m");
        if (module is not null)
        {
            Report(module.StartsWith("http.server", StringComparison.Ordinal) || module.StartsWith("SimpleHTTPServer", StringComparison.Ordinal)
                ? "network.tunnel" : "exec.inline-interpreter", at, $"module '{module}'");
            return;
        }
        var script = Operands(args).FirstOrDefault();
        if (script.Text is not null && script.Text != "-")
        {
            RunScriptFile(script, at);
            return;
        }
        if (stdin is { Kind: FlowKind.Download })
        {
            Report("download.pipe-to-shell", at);
        }
        else if (stdin is { Kind: FlowKind.Literal })
        {
            CheckInlineCode(stdin.Text, at);
        }
        else if (stdin is not null)
        {
            Report("obfuscation.dynamic-eval", at, "an interpreter reads code produced at run time");
        }
    }

    private static readonly System.Text.RegularExpressions.Regex EmbeddedCommand = new(
        @"(?:\bsystem|\bos\.system|\bos\.popen|\bpopen|\bexec(?:l|lp|v|vp)?|\bos\.execute|\bspawn|\bexecSync|\bshell_exec|\bpassthru|\bproc_open|\bsubprocess\.(?:call|run|Popen|check_output))\s*\(?\s*(?:\[\s*)?[""']([^""']+)[""']",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly System.Text.RegularExpressions.Regex OpenForWrite = new(
        @"open\s*\(\s*[""']([^""']+)[""']\s*,\s*[""'][wa]|open\s*\(\s*[A-Z]+\s*,\s*[""']>{1,2}\s*([^""']+)[""']|File\.(?:write|open)\s*\(\s*[""']([^""']+)[""']|writeFileSync\s*\(\s*[""']([^""']+)[""']|file_put_contents\s*\(\s*[""']([^""']+)[""']",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// Commands a program hands to a shell (system("…"), os.system, exec, popen, spawn) are validated as bash;
    /// a bare shell is a shell escape. Files the code opens for writing go through the write rules.
    /// </summary>
    public bool CheckEmbeddedCommands(string code, SourceSpan at)
    {
        var found = false;
        foreach (System.Text.RegularExpressions.Match m in EmbeddedCommand.Matches(code))
        {
            found = true;
            RunEmbeddedCommand(m.Groups[1].Value, at);
        }
        foreach (System.Text.RegularExpressions.Match m in OpenForWrite.Matches(code))
        {
            var path = m.Groups.Values.Skip(1).First(g => g.Success).Value;
            found = true;
            CheckWrite(Arg.Of(path), at, truncate: false);
        }
        return found;
    }

    /// <summary>A command line another program runs through a shell: a bare shell is an escape, anything else is validated as bash.</summary>
    public void RunEmbeddedCommand(string command, SourceSpan at)
    {
        var c = command.Trim();
        var words = c.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return;
        }
        if (CommandSets.Shells.Contains(CommandName(words[0])) && words.Skip(1).All(w => w.StartsWith('-') && !w.Contains('c', StringComparison.Ordinal) || w.StartsWith('#')))
        {
            Report("exec.shell-escape", at, $"runs '{c}'");
            return;
        }
        _runner.RunScript(c, NestedLanguage.Bash, at);
    }

    private void CheckInlineCode(string code, SourceSpan at)
    {
        var c = code.ToLowerInvariant();
        if (Arg.HasDownload(code) || (ContainsAny(c, InlineFetchers) && ContainsAny(c, InlineRunners)))
        {
            Report("download.pipe-to-shell", at, "an interpreter runs downloaded code");
            return;
        }
        var socket = c.Contains("socket", StringComparison.Ordinal) || c.Contains("net.createconnection", StringComparison.Ordinal) ||
            c.Contains("tcpsocket", StringComparison.Ordinal) || c.Contains("fsockopen", StringComparison.Ordinal) || c.Contains("io::socket", StringComparison.Ordinal);
        var shell = c.Contains("/bin/sh", StringComparison.Ordinal) || c.Contains("/bin/bash", StringComparison.Ordinal) ||
            c.Contains("pty.spawn", StringComparison.Ordinal) || c.Contains("subprocess", StringComparison.Ordinal) ||
            c.Contains("exec(", StringComparison.Ordinal) || c.Contains("dup2", StringComparison.Ordinal) || c.Contains("child_process", StringComparison.Ordinal) ||
            c.Contains("system(", StringComparison.Ordinal) || c.Contains("popen", StringComparison.Ordinal) || c.Contains("spawn(", StringComparison.Ordinal);
        if (socket && shell)
        {
            Report("shell.reverse-shell", at);
            return;
        }
        if (c.Contains("base64", StringComparison.Ordinal) && (c.Contains("exec(", StringComparison.Ordinal) || c.Contains("eval(", StringComparison.Ordinal)))
        {
            Report("obfuscation.encoded-payload", at);
            return;
        }
        if (c.Contains("pty.spawn", StringComparison.Ordinal) || c.Contains("os.execl", StringComparison.Ordinal))
        {
            Report("exec.shell-escape", at, "the code replaces itself with a shell");
        }
        CheckEmbeddedCommands(code, at);
        Report("exec.inline-interpreter", at);
    }

    private static readonly string[] InlineFetchers = ["urlopen", "urllib", "requests.get", "http.get", "net::http", "lwp::", "file_get_contents(\"http", "file_get_contents('http", "open-uri"];

    private static readonly string[] InlineRunners = ["exec(", "eval(", "system(", "popen", "subprocess", "`"];

    private static bool ContainsAny(string text, string[] parts)
    {
        foreach (var p in parts)
        {
            if (text.Contains(p, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private void RunPowerShellExe(IReadOnlyList<Arg> args, SourceSpan at, Flow? stdin, bool pwsh)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var raw = args[i].Text;
            if (raw.Length < 2 || (raw[0] != '-' && raw[0] != '/'))
            {
                var rest = Joined(args.Skip(i));
                if (pwsh && !rest.Contains(' ', StringComparison.Ordinal))
                {
                    RunScriptFile(args[i], at);
                }
                else
                {
                    RunPowerShellString(new Arg(rest, args.Skip(i).Any(a => a.Dynamic), args.Skip(i).Any(a => a.Decoded)), at);
                }
                return;
            }
            var p = raw.TrimStart('-', '/').ToLowerInvariant();
            var value = i + 1 < args.Count ? args[i + 1] : Arg.DynamicValue;
            if (p.Length > 0 && "encodedcommand".StartsWith(p, StringComparison.Ordinal) && !p.StartsWith("ex", StringComparison.Ordinal) || p is "ec" or "enc")
            {
                RunEncodedCommand(value, at);
                return;
            }
            if (p.Length > 0 && "command".StartsWith(p, StringComparison.Ordinal))
            {
                if (value.Text == "-" && stdin is not null)
                {
                    RunPowerShellStdin(stdin, at);
                    return;
                }
                RunPowerShellString(new Arg(Joined(args.Skip(i + 1)), args.Skip(i + 1).Any(a => a.Dynamic), args.Skip(i + 1).Any(a => a.Decoded)), at);
                return;
            }
            if (p.Length > 0 && "file".StartsWith(p, StringComparison.Ordinal))
            {
                RunScriptFile(value, at);
                return;
            }
            if (p is "ep" || (p.StartsWith("ex", StringComparison.Ordinal) && "executionpolicy".StartsWith(p, StringComparison.Ordinal)))
            {
                if (value.Text.ToLowerInvariant() is "bypass" or "unrestricted")
                {
                    Report("defense.execution-policy", at, $"-ExecutionPolicy {value.Text}");
                }
                i++;
                continue;
            }
            if (p is "version" or "v" && value.Text.StartsWith('2'))
            {
                // PowerShell 2 has no AMSI, script block logging or constrained language: the downgrade attack (ATT&CK T1562.010).
                Report("defense.amsi-bypass", at, "-Version 2 downgrade");
            }
            if (p is "windowstyle" or "w" or "win" or "configurationname" or "workingdirectory" or "wd" or "outputformat" or "of" or "inputformat" or "if" or "settingsfile" or "custompipename" or "psconsolefile" or "version" or "v")
            {
                i++;
            }
        }
        if (stdin is not null)
        {
            RunPowerShellStdin(stdin, at);
        }
    }

    private void RunPowerShellStdin(Flow stdin, SourceSpan at)
    {
        if (stdin.Kind == FlowKind.Download)
        {
            Report("download.pipe-to-shell", at);
        }
        else if (stdin.Kind == FlowKind.Literal)
        {
            RunPowerShellString(new Arg(stdin.Text, false, stdin.Decoded), at);
        }
        else
        {
            Report("obfuscation.dynamic-eval", at, "PowerShell reads commands produced at run time");
        }
    }

    public void RunPowerShellString(Arg text, SourceSpan at)
    {
        if (text.Decoded)
        {
            Report("obfuscation.encoded-payload", at);
        }
        if (text.Dynamic && text.Text.Trim(Arg.Unknown, ' ').Length == 0)
        {
            Report("obfuscation.dynamic-eval", at, "the PowerShell command is computed at run time");
            return;
        }
        _runner.RunScript(text.Text, NestedLanguage.PowerShell, at);
    }

    public void RunEncodedCommand(Arg value, SourceSpan at)
    {
        Report("obfuscation.encoded-payload", at, "-EncodedCommand");
        if (value.Dynamic)
        {
            Report("obfuscation.dynamic-eval", at, "the encoded command is computed at run time");
            return;
        }
        var decoded = Decoders.TryBase64Utf16(value.Text);
        if (decoded is null)
        {
            Report("obfuscation.dynamic-eval", at, "the encoded command is not valid UTF-16LE base64");
            return;
        }
        _runner.RunScript(decoded, NestedLanguage.PowerShell, at);
    }

    /// <summary>cmd.exe /c "a &amp;&amp; b | c": split into commands and run each with Windows semantics.</summary>
    public void RunCmdString(Arg text, SourceSpan at)
    {
        if (text.Decoded)
        {
            Report("obfuscation.encoded-payload", at);
        }
        if (text.Dynamic && text.Text.Trim(Arg.Unknown, ' ', '"').Length == 0)
        {
            Report("obfuscation.dynamic-eval", at, "the cmd.exe command is computed at run time");
            return;
        }
        var segments = CmdLine.SplitCommands(text.Text);
        Flow? previous = null;
        foreach (var (segment, piped) in segments)
        {
            var words = CmdLine.Tokenize(segment);
            if (words.Count == 0)
            {
                continue;
            }
            var argv = words.Select(w => new Arg(w, w.Contains(Arg.Unknown, StringComparison.Ordinal) || w.Contains('%', StringComparison.Ordinal) && w.Count(c => c == '%') >= 2 && !KnownCmdVariable(w))).ToList();
            var inner = at with { Text = segment };
            previous = Run(argv[0].Text, argv.Skip(1).ToList(), inner, piped ? previous : null, CommandDialect.Windows);
        }
    }

    private static bool KnownCmdVariable(string word)
    {
        var w = word.ToLowerInvariant();
        return w.Contains("%systemroot%", StringComparison.Ordinal) || w.Contains("%windir%", StringComparison.Ordinal) ||
            w.Contains("%temp%", StringComparison.Ordinal) || w.Contains("%programfiles%", StringComparison.Ordinal) ||
            w.Contains("%systemdrive%", StringComparison.Ordinal) || w.Contains("%userprofile%", StringComparison.Ordinal) ||
            w.Contains("%programdata%", StringComparison.Ordinal) || w.Contains("%appdata%", StringComparison.Ordinal);
    }
}

/// <summary>Minimal cmd.exe command-line handling: split on &amp;, &amp;&amp;, ||, | outside quotes; tokenize words.</summary>
internal static class CmdLine
{
    public static List<(string Segment, bool Piped)> SplitCommands(string text)
    {
        var result = new List<(string, bool)>();
        var sb = new StringBuilder();
        var quoted = false;
        var piped = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
                sb.Append(c);
                continue;
            }
            if (c == '^' && !quoted && i + 1 < text.Length)
            {
                sb.Append(text[++i]);
                continue;
            }
            if (!quoted && (c == '&' || c == '|'))
            {
                result.Add((sb.ToString().Trim(), piped));
                sb.Clear();
                piped = c == '|' && !(i + 1 < text.Length && text[i + 1] == '|');
                if (i + 1 < text.Length && text[i + 1] == c)
                {
                    i++;
                    piped = false;
                }
                continue;
            }
            sb.Append(c);
        }
        result.Add((sb.ToString().Trim(), piped));
        return result.Where(r => r.Item1.Length > 0).ToList();
    }

    public static List<string> Tokenize(string segment)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in segment.Trim().TrimStart('@'))
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
                continue;
            }
            if (!quoted && char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 || any)
                {
                    words.Add(sb.ToString());
                    sb.Clear();
                    any = false;
                }
                continue;
            }
            sb.Append(c);
        }
        if (sb.Length > 0 || any)
        {
            words.Add(sb.ToString());
        }
        return words;
    }
}
