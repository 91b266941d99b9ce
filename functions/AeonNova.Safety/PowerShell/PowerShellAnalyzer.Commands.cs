using System.Management.Automation.Language;
using AeonNova.Safety.Analysis;

namespace AeonNova.Safety.PowerShell;

internal sealed partial class PowerShellAnalyzer
{
    /// <summary>Bound parameters of one command: named (lower case, possibly abbreviated) and positional.</summary>
    private sealed class Bound
    {
        public Dictionary<string, Ast?> Named { get; } = new(StringComparer.OrdinalIgnoreCase);
        public List<Ast> Positional { get; } = [];

        public Ast? Get(params string[] names)
        {
            foreach (var (key, value) in Named)
            {
                if (names.Any(n => n.Equals(key, StringComparison.OrdinalIgnoreCase) || (key.Length >= 2 && n.StartsWith(key, StringComparison.OrdinalIgnoreCase))))
                {
                    return value ?? (Ast?)new StringConstantExpressionAst(EmptyExtent.Instance, "True", StringConstantType.BareWord);
                }
            }
            return null;
        }

        public bool Has(params string[] names) => Get(names) is not null;
    }

    private sealed class EmptyExtent : IScriptExtent
    {
        public static EmptyExtent Instance { get; } = new();
        public string File => "";
        public IScriptPosition StartScriptPosition => null!;
        public IScriptPosition EndScriptPosition => null!;
        public int StartLineNumber => 1;
        public int StartColumnNumber => 1;
        public int EndLineNumber => 1;
        public int EndColumnNumber => 1;
        public string Text => "";
        public int StartOffset => 0;
        public int EndOffset => 0;
    }

    private Bound Bind(CommandAst command)
    {
        var bound = new Bound();
        var elements = command.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            var element = elements[i];
            if (element is CommandParameterAst p)
            {
                if (p.Argument is not null)
                {
                    bound.Named[p.ParameterName] = p.Argument;
                }
                else if (i + 1 < elements.Count && elements[i + 1] is not CommandParameterAst && !IsSwitch(p.ParameterName))
                {
                    bound.Named[p.ParameterName] = elements[i + 1];
                    i++;
                }
                else
                {
                    bound.Named[p.ParameterName] = null;
                }
                continue;
            }
            if (element is VariableExpressionAst { Splatted: true } splat && FoldVariable(splat) is { Table: { } table })
            {
                foreach (var pair in table.KeyValuePairs)
                {
                    var key = (pair.Item1 as StringConstantExpressionAst)?.Value ?? pair.Item1.Extent.Text.Trim('\'', '"');
                    bound.Named[key] = pair.Item2 is PipelineAst { PipelineElements: [CommandExpressionAst ce] } ? ce.Expression : pair.Item2;
                }
                continue;
            }
            bound.Positional.Add(element);
        }
        return bound;
    }

    private static readonly string[] ValueParameters =
    [
        "path", "literalpath", "name", "filepath", "argumentlist", "computername", "destination", "value", "uri", "outfile",
        "include", "exclude", "filter", "processname", "id", "typename", "command", "scriptblock", "session", "method", "body",
    ];

    private static bool IsSwitch(string parameter) =>
        PowerShellAliases.Switches.Contains(parameter) ||
        (PowerShellAliases.Switches.Any(s => s.StartsWith(parameter, StringComparison.OrdinalIgnoreCase)) &&
         !ValueParameters.Any(v => v.StartsWith(parameter, StringComparison.OrdinalIgnoreCase)));

    private Value? ValueOf(Ast? ast) => ast switch
    {
        null => null,
        ExpressionAst e => Fold(e),
        PipelineAst p => PipelineValue(p),
        StatementAst s when s is CommandExpressionAst ce => Fold(ce.Expression),
        _ => null,
    };

    private Arg ArgOf(Ast? ast)
    {
        var v = ValueOf(ast);
        return v?.Text is null ? new Arg(Arg.Unknown.ToString(), true, v?.Decoded ?? false) : new Arg(v.Text, v.Text.Contains(Arg.Unknown, StringComparison.Ordinal), v.Decoded);
    }

    private List<Arg> ArgsOf(Ast? ast)
    {
        var v = ValueOf(ast);
        if (v?.Items is { } items)
        {
            return items.Select(i => new Arg(i, false, v.Decoded)).ToList();
        }
        return ast is null ? [] : [ArgOf(ast)];
    }

    private Flow? StdinOf(CommandAst command)
    {
        if (command.Parent is not PipelineAst pipeline)
        {
            return null;
        }
        var index = pipeline.PipelineElements.IndexOf(command);
        if (index <= 0)
        {
            return null;
        }
        var previous = pipeline.PipelineElements[index - 1];
        if (previous is CommandAst c && IsDownloadCommand(c))
        {
            return Flow.Download;
        }
        if (previous is CommandExpressionAst ce)
        {
            var v = Fold(ce.Expression);
            if (v is { Download: true })
            {
                return Flow.Download;
            }
            return v?.Text is null ? new Flow(FlowKind.Unknown, Decoded: v?.Decoded ?? false) : new Flow(FlowKind.Literal, v.Text, v.Decoded);
        }
        return Flow.Unknown;
    }

    private void AnalyzeCommand(CommandAst command)
    {
        var at = Span(command);
        var first = command.CommandElements[0];
        var name = command.GetCommandName();
        if (name is null)
        {
            if (first is ScriptBlockExpressionAst)
            {
                return;
            }
            var folded = first is ExpressionAst e ? Fold(e) : null;
            if (folded is { Download: true })
            {
                _sink.Add("download.execute-file", at);
                return;
            }
            if (folded?.Text is null || folded.Text.Contains(Arg.Unknown, StringComparison.Ordinal))
            {
                _sink.Add("obfuscation.dynamic-command", at, "the command name is computed at run time");
                return;
            }
            name = folded.Text;
            if (first is not VariableExpressionAst || folded.Decoded)
            {
                _sink.Add("obfuscation.computed-command-name", at, $"resolves to '{name}'");
            }
            if (folded.Decoded)
            {
                _sink.Add("obfuscation.encoded-payload", at);
            }
        }
        else if (first is StringConstantExpressionAst { StringConstantType: StringConstantType.BareWord } bare && bare.Extent.Text.Contains('`', StringComparison.Ordinal))
        {
            _sink.Add("obfuscation.computed-command-name", at, $"escapes hide '{name}'");
        }
        if (_functions.Contains(name))
        {
            return;
        }
        var canonical = Canonical(name);
        var bound = Bind(command);
        var stdin = StdinOf(command);
        if (command.InvocationOperator == TokenKind.Dot && (canonical.Contains('/', StringComparison.Ordinal) || canonical.Contains('\\', StringComparison.Ordinal) || canonical.EndsWith(".ps1", StringComparison.Ordinal)))
        {
            _rules.RunPathCommand(name, at);
            return;
        }
        if (!canonical.Contains('-', StringComparison.Ordinal) || canonical.Contains('.', StringComparison.Ordinal) || canonical.Contains('/', StringComparison.Ordinal) || canonical.Contains('\\', StringComparison.Ordinal))
        {
            RunNative(name, command, at, stdin);
            return;
        }
        var argTexts = command.CommandElements.Skip(1).Where(e => e is not CommandParameterAst).SelectMany(ArgsOf).ToList();
        if (canonical is "get-content" or "select-string" or "copy-item" or "get-item" && command.Extent.Text.Contains("HistorySavePath", StringComparison.OrdinalIgnoreCase))
        {
            _sink.Add(canonical == "copy-item" ? "credential.private-keys" : "credential.sensitive-search", at, "PowerShell history");
        }
        _rules.CheckCredentialReads(canonical, argTexts, at);
        AnalyzeCmdlet(canonical, command, bound, at, stdin);
    }

    private void RunNative(string name, CommandAst command, SourceSpan at, Flow? stdin)
    {
        var path = name.Replace('\\', '/');
        if (_state.WasDownloaded(name) || NativeCommandRules.IsUrl(name))
        {
            _sink.Add("download.execute-file", at, name);
            return;
        }
        var args = new List<Arg>();
        foreach (var element in command.CommandElements.Skip(1))
        {
            if (element is CommandParameterAst p)
            {
                args.Add(Arg.Of("-" + p.ParameterName));
                if (p.Argument is not null)
                {
                    args.Add(ArgOf(p.Argument));
                }
                continue;
            }
            args.AddRange(ArgsOf(element));
        }
        var baseName = NativeCommandRules.CommandName(path);
        if (path.Contains('/', StringComparison.Ordinal) && CommandSets.IsSecurityProduct(path) &&
            args.Any(a => a.Text.ToLowerInvariant() is "stop" or "-stop" or "/stop" or "disable" or "-disable" or "unload" or "uninstall" or "-u" or "-removedefinitions" or "/uninstall"))
        {
            _sink.Add("defense.antivirus", at, $"'{name}' stops or removes a security tool");
            return;
        }
        if ((path.Contains('/', StringComparison.Ordinal) || path.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".bat", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".cmd", StringComparison.OrdinalIgnoreCase)) &&
            !CommandSets.ReadOnly.Contains(baseName) && !KnownNative.Contains(baseName) && Analysis.Commands.CommandRuleTable.Find(baseName).Count == 0)
        {
            _rules.RunPathCommand(name, at);
            return;
        }
        _rules.Run(name, args, at, stdin, CommandDialect.Posix);
    }

    private static readonly HashSet<string> KnownNative = new(StringComparer.OrdinalIgnoreCase)
    {
        "cmd", "powershell", "pwsh", "netsh", "reg", "schtasks", "certutil", "bitsadmin", "vssadmin", "bcdedit", "wevtutil", "net",
        "net1", "rundll32", "regsvr32", "mshta", "sc", "wmic", "wbadmin", "icacls", "takeown", "shutdown", "taskkill", "iisreset",
        "appcmd", "psexec", "psexec64", "procdump", "procdump64", "msiexec", "ipconfig", "fsutil", "auditpol", "bash", "sh", "curl", "wget",
    };

    private bool IsLocalComputer(Ast? ast)
    {
        foreach (var arg in ArgsOf(ast))
        {
            if (arg.Dynamic || !PathRules.IsLocalHost(arg.Text.ToLowerInvariant()))
            {
                return false;
            }
        }
        return true;
    }

    private void Eval(Ast? argument, Flow? stdin, SourceSpan at)
    {
        if (argument is null)
        {
            if (stdin is { Kind: FlowKind.Download })
            {
                _sink.Add("download.pipe-to-shell", at);
            }
            else if (stdin is { Kind: FlowKind.Literal })
            {
                _rules.RunPowerShellString(new Arg(stdin.Text, false, stdin.Decoded), at);
            }
            else
            {
                _sink.Add("obfuscation.dynamic-eval", at, "evaluates pipeline input");
            }
            return;
        }
        var value = ValueOf(argument);
        if (value is { Download: true } || argument.FindAll(a => a is CommandAst c && IsDownloadCommand(c), true).Any() ||
            argument.FindAll(a => a is InvokeMemberExpressionAst m && (m.Member as StringConstantExpressionAst)?.Value.StartsWith("Download", StringComparison.OrdinalIgnoreCase) == true, true).Any())
        {
            _sink.Add("download.pipe-to-shell", at);
            return;
        }
        if (value?.Text is null)
        {
            if (value?.Decoded == true)
            {
                _sink.Add("obfuscation.encoded-payload", at);
            }
            _sink.Add("obfuscation.dynamic-eval", at, "the evaluated text is computed at run time");
            return;
        }
        _rules.RunPowerShellString(new Arg(value.Text, value.Text.Contains(Arg.Unknown, StringComparison.Ordinal), value.Decoded), at);
    }

    private void AnalyzeMember(InvokeMemberExpressionAst member)
    {
        var at = Span(member);
        var name = (member.Member as StringConstantExpressionAst)?.Value.ToLowerInvariant() ?? "";
        var typeName = member.Expression is TypeExpressionAst t ? t.TypeName.FullName.ToLowerInvariant() : "";
        var args = member.Arguments ?? [];
        switch (name)
        {
            case "create" when typeName.EndsWith("scriptblock", StringComparison.Ordinal):
                Eval(args.Count > 0 ? args[0] : null, null, at);
                return;
            case "load" or "loadfrom" or "loadfile" or "unsafeloadfrom" when typeName.Contains("assembly", StringComparison.Ordinal) || member.Expression.Extent.Text.Contains("Assembly", StringComparison.OrdinalIgnoreCase):
                _sink.Add("obfuscation.reflection", at, "loads an assembly at run time");
                return;
            case "getdelegateforfunctionpointer" or "virtualalloc" or "virtualprotect" or "createthread" or "writeprocessmemory" or "getprocaddress" or "loadlibrary" or "createremotethread":
                _sink.Add("exec.native-interop", at, name);
                return;
            case "invokemember" or "getmethod" or "getfield" or "getproperty" when member.Extent.Text.Contains("NonPublic", StringComparison.OrdinalIgnoreCase):
                _sink.Add("obfuscation.reflection", at, "non-public member access");
                return;
            case "downloadstring" or "downloaddata" or "downloadfile" or "openread" or "getstringasync" or "getbytearrayasync" or "getasync":
                var url = args.Count > 0 ? ArgOf(args[0]) : Arg.DynamicValue;
                _rules.CheckFetch(url.Text, at);
                if (name == "downloadfile" && args.Count > 1 && ArgOf(args[1]) is { Dynamic: false } file)
                {
                    _state.RecordDownload(file.Text);
                }
                return;
            case "uploadfile" or "uploadstring" or "uploaddata" or "postasync" or "putasync":
                var target = args.Count > 0 ? ArgOf(args[0]) : Arg.DynamicValue;
                if (target.Dynamic || NativeCommandRules.IsRemote(target.Text))
                {
                    _sink.Add("exfil.upload", at, PathRules.HostOf(target.Text));
                }
                return;
            case "start" when typeName.Contains("process", StringComparison.Ordinal):
                StartProcess(args.Count > 0 ? args[0] : null, args.Count > 1 ? args[1] : null, at);
                return;
            case "getstream":
                _getStream = true;
                return;
            case "setvalue" when member.Expression.Extent.Text.Contains("amsi", StringComparison.OrdinalIgnoreCase):
                _sink.Add("defense.amsi-bypass", at);
                return;
        }
        AnalyzeObjectMember(member, name, typeName, args, at);
    }

    /// <summary>
    /// .NET, WMI/CIM and COM members the switch above does not know: file and directory statics go through the path
    /// rules, destructive or defense-impairing members block, every other member of a type outside the allow table is
    /// reviewed (ATT&amp;CK T1106, T1047, T1559.001).
    /// </summary>
    private void AnalyzeObjectMember(InvokeMemberExpressionAst member, string name, string typeName, IReadOnlyList<ExpressionAst> args, SourceSpan at)
    {
        Arg A(int i) => i < args.Count ? ArgOf(args[i]) : Arg.DynamicValue;
        var script = _script;
        var receiver = member.Expression.Extent.Text.ToLowerInvariant();
        var isStatic = member.Static || member.Expression is TypeExpressionAst;
        var type = typeName.StartsWith("system.", StringComparison.Ordinal) ? typeName[7..] : typeName;
        if (isStatic && type is "io.file" or "io.directory")
        {
            switch (name)
            {
                case "copy" or "move" or "replace":
                    _rules.CheckCredentialReads("cp", [A(0)], at);
                    if (PathRules.IsSecretDirectory(PathRules.Normalize(A(0).Text)))
                    {
                        _sink.Add("credential.private-keys", at, A(0).Text);
                    }
                    if (name == "move")
                    {
                        var n = PathRules.Normalize(A(0).Text);
                        if (!A(0).Dynamic && (PathRules.IsCriticalTarget(n) || PathRules.IsSystemBinaryPath(n)))
                        {
                            _sink.Add("destructive.move-critical-path", at, A(0).Text);
                        }
                    }
                    _rules.CheckWrite(A(1), at, truncate: true);
                    return;
                case "delete":
                    _rules.CheckDelete(A(0), at);
                    return;
                case "writeallbytes" or "writealltext" or "writealllines" or "appendalltext" or "appendalllines" or "create" or "createtext" or "openwrite":
                    _rules.CheckWrite(A(0), at, truncate: !name.StartsWith("append", StringComparison.Ordinal));
                    if (args.Count > 1 && (ValueOf(args[1]) is { Download: true } || args[1].Extent.Text.Contains("Download", StringComparison.OrdinalIgnoreCase)) && !A(0).Dynamic)
                    {
                        _state.RecordDownload(A(0).Text);
                    }
                    return;
                case "readallbytes" or "readalltext" or "readalllines" or "openread" or "readlines" or "open":
                    _rules.CheckCredentialReads("cat", [A(0)], at);
                    return;
                default:
                    if (!name.StartsWith("exists", StringComparison.Ordinal) && !name.StartsWith("get", StringComparison.Ordinal))
                    {
                        _sink.Add("exec.dotnet-member", at, $"[{type}]::{name}");
                    }
                    return;
            }
        }
        if (name == "clearlog" || (name == "clear" && receiver.Contains("eventlog", StringComparison.Ordinal)))
        {
            _sink.Add("logs.tamper", at, "clears an event log through .NET");
            return;
        }
        if (name == "delete" && (receiver.Contains("shadow", StringComparison.Ordinal) || script.Contains("win32_shadowcopy", StringComparison.OrdinalIgnoreCase)))
        {
            _sink.Add("data.shadow-copy-delete", at, "deletes shadow copies through WMI");
            return;
        }
        if (name is "setpassword" or "changepassword")
        {
            _sink.Add("accounts.password-change", at, name);
            return;
        }
        if ((name == "create" && args.Count > 0 && A(0).Text.Equals("user", StringComparison.OrdinalIgnoreCase)) ||
            (name is "save" or "setinfo" or "commitchanges" && (script.Contains("UserPrincipal", StringComparison.OrdinalIgnoreCase) || script.Contains("[ADSI]", StringComparison.OrdinalIgnoreCase) || script.Contains("DirectoryEntry", StringComparison.OrdinalIgnoreCase))))
        {
            _sink.Add("accounts.new-user", at, "creates an account through DirectoryServices/ADSI");
            return;
        }
        if (name == "create" && (receiver.Contains("win32_process", StringComparison.Ordinal) || script.Contains("Win32_Process", StringComparison.OrdinalIgnoreCase)))
        {
            _sink.Add("exec.lolbin-proxy", at, "starts a process through WMI Win32_Process.Create");
            return;
        }
        if (name is "executeshellcommand" or "shellexecute" or "run" or "exec" or "navigate" && (receiver.Contains("com", StringComparison.Ordinal) || receiver.Contains("shell", StringComparison.Ordinal) || receiver.Contains("activeview", StringComparison.Ordinal) || receiver.Contains("document", StringComparison.Ordinal)))
        {
            _sink.Add("exec.lolbin-proxy", at, "runs a command through a COM object");
            return;
        }
        if (name == "setenvironmentvariable" && args.Count > 0 && A(0).Text.StartsWith("cor_", StringComparison.OrdinalIgnoreCase))
        {
            _sink.Add("persistence.shell-profile", at, "COR_PROFILER loads a library into every .NET process");
            return;
        }
        if (name is "kill" or "terminate" or "uninstall" or "format" or "deletesubkey" or "deletesubkeytree" or "deletevalue" or "setvalue" or "invokemethod" or "put" or "put_" or "createinstance" or "gettypefromprogid" or "gettypefromclsid")
        {
            _sink.Add("exec.dotnet-member", at, $"{member.Expression.Extent.Text}.{name}()");
            return;
        }
        if (name == "loadwithpartialname" && A(0) is { Dynamic: false } assembly &&
            (assembly.Text.StartsWith("System.", StringComparison.OrdinalIgnoreCase) || assembly.Text.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase)))
        {
            // Loads a framework assembly from the GAC by name: the old idiom for Add-Type -AssemblyName.
            return;
        }
        if (isStatic && typeName.Length > 0 && !DotNetTypes.IsKnownSafe(typeName))
        {
            _sink.Add("exec.dotnet-member", at, $"[{typeName}]::{name}");
        }
    }

    private void StartProcess(Ast? fileAst, Ast? argumentsAst, SourceSpan at)
    {
        var file = ArgOf(fileAst);
        if (file.Dynamic)
        {
            _sink.Add("obfuscation.dynamic-command", at, "Start-Process of a computed path");
            return;
        }
        if (_state.WasDownloaded(file.Text) || NativeCommandRules.IsUrl(file.Text))
        {
            _sink.Add("download.execute-file", at, file.Text);
            return;
        }
        var args = new List<Arg>();
        foreach (var a in ArgsOf(argumentsAst))
        {
            if (a.Dynamic)
            {
                args.Add(a);
                continue;
            }
            args.AddRange(CmdLine.Tokenize(a.Text).Select(w => new Arg(w, false, a.Decoded)));
        }
        var baseName = NativeCommandRules.CommandName(file.Text);
        if (file.Text.Contains('\\', StringComparison.Ordinal) || file.Text.Contains('/', StringComparison.Ordinal))
        {
            if (!KnownNative.Contains(baseName) && !CommandSets.ReadOnly.Contains(baseName))
            {
                _rules.RunPathCommand(file.Text, at);
                return;
            }
        }
        if (file.Text.Contains('-', StringComparison.Ordinal) && !file.Text.Contains('.', StringComparison.Ordinal))
        {
            _sink.Add("unknown.command", at, file.Text);
            return;
        }
        _rules.Run(file.Text, args, at, null, CommandDialect.Windows);
    }
}
