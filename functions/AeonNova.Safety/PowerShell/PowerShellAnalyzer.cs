using System.Management.Automation.Language;
using AeonNova.Safety.Analysis;
using AeonNova.Safety.Bash;

namespace AeonNova.Safety.PowerShell;

/// <summary>
/// Analyses PowerShell with the real PowerShell parser: resolves aliases, splatting, the call operator with
/// computed names and string-built values (constant folding of +, -f, -join, -replace, [char], base64
/// decoding), follows Invoke-Expression / [scriptblock]::Create / -EncodedCommand into the inner script,
/// and hands native tools to the shared rules.
/// </summary>
internal sealed partial class PowerShellAnalyzer : INestedRunner
{
    private const int MaxNesting = 8;

    private readonly FindingSink _sink;
    private readonly ScriptState _state;
    private readonly int _nesting;
    private readonly NativeCommandRules _rules;
    private readonly Dictionary<string, List<(int Offset, Value? Value)>> _assignments = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _functions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Variables that hold the content of a file (Get-Content, [IO.File]::ReadAll…): sending them is exfiltration.</summary>
    private readonly HashSet<string> _fileContent = new(StringComparer.OrdinalIgnoreCase);
    private SourceSpan? _override;
    private string _script = "";
    private bool _tcpClient;
    private bool _getStream;
    private SourceSpan _tcpClientAt;

    /// <summary>A folded value: text (null if unknown), whether it came from a decoder, or from a download.</summary>
    internal sealed record Value(string? Text, bool Decoded = false, bool Download = false, HashtableAst? Table = null, List<string>? Items = null);

    public PowerShellAnalyzer(FindingSink sink, ScriptState? state = null, int nesting = 0)
    {
        _sink = sink;
        _state = state ?? new ScriptState();
        _nesting = nesting;
        _rules = new NativeCommandRules(sink, _state, this);
    }

    public void Analyze(string script)
    {
        _script = script;
        var ast = Parser.ParseInput(script, out _, out var errors);
        if (errors.Length > 0)
        {
            var e = errors[0];
            var at = new SourceSpan(e.Extent.StartLineNumber, e.Extent.StartColumnNumber, e.Extent.Text.Length > 0 ? e.Extent.Text : LineOf(script, e.Extent.StartLineNumber));
            _sink.Add("parse.error", _override is { } o ? o : at, e.Message);
            return;
        }
        Walk(ast);
    }

    public void AnalyzeNested(string script, SourceSpan at)
    {
        _override = at;
        Analyze(script);
    }

    private static string LineOf(string script, int line)
    {
        var lines = script.Split('\n');
        return line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : "";
    }

    // ---------- INestedRunner ----------

    public void RunArgv(IReadOnlyList<Arg> argv, SourceSpan at, Flow? stdin = null)
    {
        if (argv.Count == 0)
        {
            return;
        }
        var name = argv[0].Text;
        if (argv[0].Dynamic)
        {
            _sink.Add("obfuscation.dynamic-command", at, "the command name is computed at run time");
            return;
        }
        _rules.Run(name, argv.Skip(1).ToList(), at, stdin, CommandDialect.Windows);
    }

    public void RunScript(string text, NestedLanguage language, SourceSpan at)
    {
        if (_nesting >= MaxNesting)
        {
            _sink.Add("obfuscation.dynamic-eval", at, "commands nested too deeply to follow");
            return;
        }
        var source = text.Replace(Arg.Unknown.ToString(), "$__aeon_dynamic", StringComparison.Ordinal);
        if (language == NestedLanguage.Bash)
        {
            var bash = new BashAnalyzer(_sink, _state, _nesting + 1);
            bash.RunScript(source, NestedLanguage.Bash, at);
            return;
        }
        var nested = new PowerShellAnalyzer(_sink, _state, _nesting + 1);
        foreach (var (k, v) in _assignments)
        {
            nested._assignments[k] = [.. v.Select(x => (int.MinValue, x.Value))];
        }
        nested.AnalyzeNested(source, at);
    }

    private SourceSpan Span(Ast ast)
    {
        var extent = ast.Extent;
        // An extent of the parsed script is that range of it: refer to the range instead of copying the text out.
        var span = extent.StartOffset >= 0 && extent.StartOffset <= extent.EndOffset && extent.EndOffset <= _script.Length
            ? new SourceSpan(extent.StartLineNumber, extent.StartColumnNumber, _script, extent.StartOffset, extent.EndOffset - extent.StartOffset)
            : new SourceSpan(extent.StartLineNumber, extent.StartColumnNumber, extent.Text);
        return _override is { } o ? o.WithTextOf(span) : span;
    }

    // ---------- walking ----------

    private void Walk(ScriptBlockAst root)
    {
        foreach (FunctionDefinitionAst f in root.FindAll(a => a is FunctionDefinitionAst, true).Cast<FunctionDefinitionAst>())
        {
            _functions.Add(f.Name);
        }
        var nodes = root.FindAll(a => a is AssignmentStatementAst or CommandAst or InvokeMemberExpressionAst or StringConstantExpressionAst or ExpandableStringExpressionAst or BinaryExpressionAst or TypeExpressionAst or ConvertExpressionAst, true)
            .OrderBy(a => a.Extent.StartOffset).ToList();
        foreach (var node in nodes)
        {
            switch (node)
            {
                case AssignmentStatementAst assignment:
                    RecordAssignment(assignment);
                    RecordMemberAssignment(assignment);
                    break;
                case CommandAst command:
                    AnalyzeCommand(command);
                    break;
                case InvokeMemberExpressionAst member:
                    AnalyzeMember(member);
                    break;
                case TypeExpressionAst type:
                    CheckSuspiciousText(type.TypeName.FullName, type);
                    break;
                case ConvertExpressionAst convert:
                    CheckSuspiciousText(convert.Type.TypeName.FullName, convert);
                    break;
                case StringConstantExpressionAst s:
                    CheckSuspiciousText(s.Value, s);
                    break;
                case ExpandableStringExpressionAst or BinaryExpressionAst:
                    var folded = Fold((ExpressionAst)node);
                    if (folded?.Text is { } text)
                    {
                        CheckSuspiciousText(text, node);
                    }
                    break;
            }
        }
        if (_tcpClient && _getStream)
        {
            _sink.Add("shell.reverse-shell", _tcpClientAt, "a TCP client stream wired to the session");
        }
    }

    private void CheckSuspiciousText(string text, Ast at)
    {
        if (text.Length < 4 || text.Length > 4000)
        {
            return;
        }
        var t = text.ToLowerInvariant();
        if (t.Contains("amsiutils", StringComparison.Ordinal) || t.Contains("amsiinitfailed", StringComparison.Ordinal) ||
            t.Contains("amsiscanbuffer", StringComparison.Ordinal) || t.Contains("amsicontext", StringComparison.Ordinal) ||
            t.Contains("amsiopensession", StringComparison.Ordinal) || t.Contains("amsi.dll", StringComparison.Ordinal))
        {
            _sink.Add("defense.amsi-bypass", Span(at));
        }
        if (t.Contains("sekurlsa", StringComparison.Ordinal) || t.Contains("invoke-mimikatz", StringComparison.Ordinal) || t.Contains("lsadump::", StringComparison.Ordinal))
        {
            _sink.Add("credential.lsass", Span(at));
        }
        if (t.Contains("nonpublic", StringComparison.Ordinal) && at.Parent is not null && at.Parent.Extent.Text.Contains("GetField", StringComparison.OrdinalIgnoreCase))
        {
            _sink.Add("obfuscation.reflection", Span(at.Parent));
        }
    }

    private void RecordAssignment(AssignmentStatementAst assignment)
    {
        var left = assignment.Left is ConvertExpressionAst c ? c.Child : assignment.Left;
        if (left is not VariableExpressionAst variable)
        {
            return;
        }
        var name = variable.VariablePath.UserPath;
        Value? value = assignment.Right switch
        {
            CommandExpressionAst { Expression: HashtableAst table } => new Value(null, Table: table),
            CommandExpressionAst expr => Fold(expr.Expression),
            PipelineAst pipeline => PipelineValue(pipeline),
            _ => null,
        };
        if (assignment.Operator == TokenKind.PlusEquals && Lookup(name, assignment.Extent.StartOffset) is { Text: { } old } && value?.Text is { } add)
        {
            value = value with { Text = old + add };
        }
        if (!_assignments.TryGetValue(name, out var list))
        {
            _assignments[name] = list = [];
        }
        list.Add((assignment.Extent.StartOffset, value));
        if (assignment.Right.FindAll(a => (a is CommandAst c && Canonical(c.GetCommandName() ?? "") is "get-content" or "import-clixml" or "import-csv") ||
            (a is InvokeMemberExpressionAst m && m.Member.Extent.Text.StartsWith("ReadAll", StringComparison.OrdinalIgnoreCase)), true).Any())
        {
            _fileContent.Add(name);
        }
        if (name.Equals("env:HISTFILE", StringComparison.OrdinalIgnoreCase))
        {
            _rules.CheckHistoryAssignment("HISTFILE=" + value?.Text, Span(assignment));
        }
        if (name.StartsWith("env:COR_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("env:CORECLR_", StringComparison.OrdinalIgnoreCase))
        {
            _sink.Add("persistence.shell-profile", Span(assignment), "COR_PROFILER loads a library into every .NET process");
        }
    }

    /// <summary>
    /// Property writes on objects: Disable* = true on a Defender preference object, and timestamps set by hand
    /// (timestomping, ATT&amp;CK T1070.006).
    /// </summary>
    private void RecordMemberAssignment(AssignmentStatementAst assignment)
    {
        if (assignment.Left is not MemberExpressionAst { Member: StringConstantExpressionAst property })
        {
            return;
        }
        var name = property.Value;
        var value = assignment.Right.Extent.Text.Trim().ToLowerInvariant();
        if (name.StartsWith("Disable", StringComparison.OrdinalIgnoreCase) && value is "$true" or "1" or "true")
        {
            _sink.Add("defense.antivirus", Span(assignment), $"sets {name}");
        }
        else if (name.StartsWith("LastWriteTime", StringComparison.OrdinalIgnoreCase) || name.StartsWith("CreationTime", StringComparison.OrdinalIgnoreCase) || name.StartsWith("LastAccessTime", StringComparison.OrdinalIgnoreCase))
        {
            _sink.Add("logs.tamper", Span(assignment), $"sets {name} by hand");
        }
    }

    private Value? Lookup(string name, int offset)
    {
        if (!_assignments.TryGetValue(name, out var list))
        {
            return null;
        }
        Value? found = null;
        var any = false;
        foreach (var (at, value) in list)
        {
            if (at < offset)
            {
                found = value;
                any = true;
            }
        }
        return any ? found : null;
    }

    /// <summary>A pipeline used as a value: downloads stay marked, single expressions fold.</summary>
    private Value? PipelineValue(PipelineAst pipeline)
    {
        if (pipeline.PipelineElements.Count == 1 && pipeline.PipelineElements[0] is CommandExpressionAst ce)
        {
            return Fold(ce.Expression);
        }
        if (pipeline.PipelineElements.Any(e => e is CommandAst c && IsDownloadCommand(c)))
        {
            return new Value(null, Download: true);
        }
        return null;
    }

    private bool IsDownloadCommand(CommandAst command)
    {
        var name = Canonical(CommandNameOf(command) ?? "");
        return name is "invoke-webrequest" or "invoke-restmethod" or "start-bitstransfer" or "curl.exe" or "wget.exe";
    }

    private string? CommandNameOf(CommandAst command)
    {
        var name = command.GetCommandName();
        if (name is not null)
        {
            return name;
        }
        return command.CommandElements.Count > 0 && command.CommandElements[0] is ExpressionAst first ? Fold(first)?.Text : null;
    }

    private string Canonical(string name)
    {
        var n = name.Trim();
        var slash = n.LastIndexOf('\\');
        if (slash >= 0 && n.Contains('-', StringComparison.Ordinal) && !n.Contains('.', StringComparison.Ordinal))
        {
            n = n[(slash + 1)..];
        }
        for (var i = 0; i < 4 && _aliases.TryGetValue(n, out var target); i++)
        {
            n = target;
        }
        if (PowerShellAliases.BuiltIn.TryGetValue(n, out var builtIn))
        {
            n = builtIn;
        }
        return n.ToLowerInvariant();
    }
}
