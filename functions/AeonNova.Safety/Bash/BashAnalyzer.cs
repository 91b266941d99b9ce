using System.Text;
using System.Text.RegularExpressions;
using AeonNova.Safety.Analysis;
using AeonNova.Safety.PowerShell;

namespace AeonNova.Safety.Bash;

/// <summary>
/// Walks a parsed bash script the way the shell would run it: folds assignments into later expansions,
/// removes quotes, evaluates what pipes feed into shells (echo | base64 -d | bash), follows wrappers and
/// eval, and hands each resolved command to the shared rules.
/// </summary>
internal sealed partial class BashAnalyzer : INestedRunner
{
    private const int MaxNesting = 8;
    private const int MaxAlternatives = 16;
    private const string DynamicPlaceholder = "${__AEON_DYNAMIC__}";

    private readonly FindingSink _sink;
    private readonly ScriptState _state;
    private readonly NativeCommandRules _rules;
    private readonly int _nesting;
    private readonly Dictionary<CommandSubstitutionPart, Flow> _substitutions = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _functions = new(StringComparer.Ordinal);
    private Dictionary<string, Variable> _vars = new(StringComparer.Ordinal);
    private LineMap _lines = new("");
    private SourceSpan? _override;
    private int _processSubstitutions;

    private sealed record Variable(List<string> Values, bool Decoded);

    public BashAnalyzer(FindingSink sink, ScriptState? state = null, int nesting = 0)
    {
        _sink = sink;
        _state = state ?? new ScriptState();
        _nesting = nesting;
        _rules = new NativeCommandRules(sink, _state, this);
        _vars["HOME"] = new Variable(["/root"], false);
        _vars["TMPDIR"] = new Variable(["/tmp"], false);
        _vars["IFS"] = new Variable([" \t\n"], false);
    }

    public void Analyze(string script)
    {
        BashList list;
        try
        {
            list = BashParser.Parse(script);
        }
        catch (BashSyntaxException ex)
        {
            var map = new LineMap(script);
            var at = map.Span(ex.Offset, Math.Min(script.Length, ex.Offset + 40));
            var text = FirstLine(at.Text);
            if (text.Trim().Length == 0)
            {
                // At the end of the script: point at the last line that has content.
                var lines = script.Split('\n');
                var last = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
                at = last < 0 ? at : new SourceSpan(last + 1, 1, lines[last]);
                text = at.Text;
            }
            _sink.Add("parse.error", at with { Text = text }, ex.Message);
            return;
        }
        _lines = new LineMap(script);
        Walk(list, null);
    }

    private static string FirstLine(string text)
    {
        var nl = text.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? text : text[..nl];
    }

    // ---------- INestedRunner ----------

    public void RunArgv(IReadOnlyList<Arg> argv, SourceSpan at, Flow? stdin = null)
    {
        if (argv.Count > 0)
        {
            AnalyzeArgv(argv.ToList(), at, stdin);
        }
    }

    public void RunScript(string text, NestedLanguage language, SourceSpan at)
    {
        if (_nesting >= MaxNesting)
        {
            _sink.Add("obfuscation.dynamic-eval", at, "commands nested too deeply to follow");
            return;
        }
        var source = text.Replace(Arg.Unknown.ToString(), DynamicPlaceholder, StringComparison.Ordinal);
        if (language == NestedLanguage.PowerShell)
        {
            new PowerShellAnalyzer(_sink, _state, _nesting + 1).AnalyzeNested(source, at);
            return;
        }
        BashList list;
        try
        {
            list = BashParser.Parse(source);
        }
        catch (BashSyntaxException ex)
        {
            _sink.Add("parse.error", at, $"nested command: {ex.Message}");
            return;
        }
        var savedLines = _lines;
        var savedOverride = _override;
        _lines = new LineMap(source);
        _override = at;
        var nested = new BashAnalyzer(_sink, _state, _nesting + 1) { _vars = _vars, _lines = _lines, _override = at };
        foreach (var f in _functions)
        {
            nested._functions.Add(f);
        }
        nested.Walk(list, null);
        _lines = savedLines;
        _override = savedOverride;
    }

    // ---------- walking ----------

    private SourceSpan Span(int start, int end)
    {
        var span = _lines.Span(start, end);
        return _override is { } o ? (span.TextLength > 0 ? o.WithTextOf(span) : o) : span;
    }

    private Flow? Walk(BashNode node, Flow? stdin)
    {
        Flow? output = null;
        switch (node)
        {
            case BashList list:
                foreach (var item in list.Items)
                {
                    output = Walk(item, null);
                }
                return output;
            case AndOrNode andOr:
                foreach (var pipeline in andOr.Pipelines)
                {
                    output = Walk(pipeline, null);
                }
                return output;
            case PipelineNode pipeline:
                return WalkPipeline(pipeline);
            case SimpleCommand command:
                return AnalyzeSimple(command, stdin);
            case FunctionNode function:
                _functions.Add(function.Name);
                if (IsForkBomb(function))
                {
                    _sink.Add("system.fork-bomb", Span(function.Start, function.End));
                }
                Walk(function.Body, null);
                return null;
            case IfNode ifNode:
                WalkIf(ifNode);
                break;
            case LoopNode loop:
                WalkLoop(loop);
                break;
            case CaseNode caseNode:
                WalkCase(caseNode);
                break;
            case GroupNode group:
                if (group.Subshell)
                {
                    var saved = Clone(_vars);
                    output = Walk(group.Body, stdin);
                    _vars = saved;
                }
                else
                {
                    output = Walk(group.Body, stdin);
                }
                break;
            case ArithmeticCommand:
                return null;
        }
        if (node.Redirects.Count > 0)
        {
            var span = Span(node.Start, node.End);
            for (var i = 0; i < node.Redirects.Count; i++)
            {
                var r = node.Redirects[i];
                if (r.Target is not null)
                {
                    RunSubstitutions(r.Target);
                }
            }
            output = CheckRedirects(node.Redirects, span, output);
        }
        return output;
    }

    // Kept out of Walk so that its closures are only allocated for if/case nodes, not for every node walked.
    private void WalkIf(IfNode ifNode) =>
        WalkBranches(ifNode.Branches.Select(b => (Action)(() =>
        {
            Walk(b.Condition, null);
            Walk(b.Body, null);
        })).ToList(), ifNode.Else is null ? null : () => Walk(ifNode.Else, null));

    private void WalkCase(CaseNode caseNode)
    {
        RunSubstitutions(caseNode.Subject);
        WalkBranches(caseNode.Arms.Select(a => (Action)(() => Walk(a.Body, null))).ToList(), null);
    }

    private Flow? WalkPipeline(PipelineNode pipeline)
    {
        Flow? flow = null;
        for (var i = 0; i < pipeline.Commands.Count; i++)
        {
            flow = Walk(pipeline.Commands[i], i == 0 ? null : flow ?? Flow.Unknown);
        }
        if (pipeline.Commands.Count > 1)
        {
            var shell = false;
            var network = false;
            foreach (var command in pipeline.Commands)
            {
                if (command is SimpleCommand c)
                {
                    var name = c.Words.Count > 0 ? NativeCommandRules.CommandName(c.Words[0].LiteralText) : "";
                    shell |= CommandSets.Shells.Contains(name);
                    network |= name is "nc" or "ncat" or "netcat" or "telnet" or "socat";
                }
            }
            if (shell && network)
            {
                _sink.Add("shell.reverse-shell", Span(pipeline.Start, pipeline.End), "a shell wired to a network connection");
            }
        }
        return flow;
    }

    private void WalkBranches(List<Action> branches, Action? elseBranch)
    {
        // Every branch works on its own copy, so the variables before the branches stay untouched and need no copy;
        // without an else branch they are themselves the last outcome.
        var before = _vars;
        var results = new List<Dictionary<string, Variable>>(branches.Count + 1);
        foreach (var branch in branches)
        {
            _vars = Clone(before);
            branch();
            results.Add(_vars);
        }
        if (elseBranch is null)
        {
            results.Add(before);
        }
        else
        {
            _vars = Clone(before);
            elseBranch();
            results.Add(_vars);
        }
        _vars = Merge(results);
    }

    private void WalkLoop(LoopNode loop)
    {
        if (loop.Condition is not null)
        {
            Walk(loop.Condition, null);
        }
        if (loop.Variable is not null)
        {
            var values = new List<string>();
            var decoded = false;
            if (loop.Items is null)
            {
                values.Add(Arg.Unknown.ToString());
            }
            else
            {
                foreach (var item in loop.Items)
                {
                    RunSubstitutions(item);
                }
                foreach (var fields in ExpandWords(loop.Items))
                {
                    values.AddRange(fields.Select(f => f.Text));
                    decoded |= fields.Any(f => f.Decoded);
                }
            }
            _vars[loop.Variable] = new Variable(values.Distinct(StringComparer.Ordinal).Take(MaxAlternatives).ToList(), decoded);
        }
        Walk(loop.Body, null);
    }

    private static Dictionary<string, Variable> Clone(Dictionary<string, Variable> vars) => new(vars, StringComparer.Ordinal);

    private static Dictionary<string, Variable> Merge(List<Dictionary<string, Variable>> branches)
    {
        var merged = new Dictionary<string, Variable>(branches.Max(b => b.Count), StringComparer.Ordinal);
        foreach (var name in branches.SelectMany(b => b.Keys).Distinct(StringComparer.Ordinal))
        {
            if (SameInEveryBranch(branches, name) is { } unchanged)
            {
                merged[name] = unchanged;
                continue;
            }
            var values = new List<string>();
            var decoded = false;
            foreach (var branch in branches)
            {
                if (branch.TryGetValue(name, out var v))
                {
                    values.AddRange(v.Values);
                    decoded |= v.Decoded;
                }
                else
                {
                    values.Add(Arg.Unknown.ToString());
                }
            }
            merged[name] = new Variable(values.Distinct(StringComparer.Ordinal).Take(MaxAlternatives).ToList(), decoded);
        }
        return merged;
    }

    /// <summary>
    /// The variable when every branch holds the very same one with at most one value: merging would rebuild an
    /// identical variable (the distinct values of one value are that value), so it is reused as it is.
    /// </summary>
    private static Variable? SameInEveryBranch(List<Dictionary<string, Variable>> branches, string name)
    {
        Variable? same = null;
        foreach (var branch in branches)
        {
            if (!branch.TryGetValue(name, out var v) || v.Values.Count > 1 || (same is not null && !ReferenceEquals(v, same)))
            {
                return null;
            }
            same = v;
        }
        return same;
    }

    private static bool IsForkBomb(FunctionNode function)
    {
        var name = function.Name;
        bool CallsSelf(BashNode node) => node switch
        {
            SimpleCommand c => c.Words.Count > 0 && c.Words[0].LiteralText == name,
            _ => false,
        };
        bool Search(BashNode node) => node switch
        {
            BashList l => l.Items.Any(Search),
            AndOrNode a => (a.Background && a.Pipelines.Any(p => p.Commands.Any(CallsSelf))) || a.Pipelines.Any(Search),
            PipelineNode p => (p.Commands.Count > 1 && p.Commands.Count(CallsSelf) >= 1 && p.Commands.All(c => CallsSelf(c) || c is not SimpleCommand)) || p.Commands.Any(Search),
            GroupNode g => Search(g.Body),
            LoopNode lp => Search(lp.Body),
            IfNode i => i.Branches.Any(b => Search(b.Body)) || (i.Else is not null && Search(i.Else)),
            _ => false,
        };
        return Search(function.Body);
    }

    // ---------- simple commands ----------

    private void RunSubstitutions(Word word)
    {
        foreach (var part in word.Parts)
        {
            switch (part)
            {
                case CommandSubstitutionPart sub:
                    var saved = Clone(_vars);
                    var flow = Walk(sub.Body, null) ?? Flow.Unknown;
                    _vars = saved;
                    _substitutions[sub] = flow;
                    break;
                case ProcessSubstitutionPart proc:
                    var output = Walk(proc.Body, proc.Output ? Flow.Unknown : null) ?? Flow.Unknown;
                    _state.ProcessSubstitutions[$"/dev/fd/{63 - _processSubstitutions}"] = output;
                    _processSubstitutions++;
                    break;
                case ParameterPart { Argument: { } argument }:
                    RunSubstitutions(argument);
                    break;
            }
        }
    }

    private Flow? AnalyzeSimple(SimpleCommand command, Flow? stdin)
    {
        var span = Span(command.Start, command.End);
        foreach (var word in command.Words)
        {
            RunSubstitutions(word);
        }
        for (var i = 0; i < command.Assignments.Count; i++)
        {
            var assignment = command.Assignments[i];
            RunSubstitutions(assignment.Value);
        }
        for (var i = 0; i < command.Redirects.Count; i++)
        {
            var r = command.Redirects[i];
            if (r.Target is not null)
            {
                RunSubstitutions(r.Target);
            }
            if (r.Body is not null)
            {
                RunSubstitutions(r.Body);
            }
        }
        for (var i = 0; i < command.Assignments.Count; i++)
        {
            var assignment = command.Assignments[i];
            var value = ExpandJoined(assignment.Value);
            _rules.CheckHistoryAssignment($"{assignment.Name}={value.Text}", span);
            if (command.Words.Count == 0)
            {
                var values = assignment.Array ? [Arg.Unknown.ToString()] : ExpandAlternatives(assignment.Value);
                if (assignment.Append && _vars.TryGetValue(assignment.Name, out var old))
                {
                    values = old.Values.SelectMany(o => values.Select(v => o + v)).Take(MaxAlternatives).ToList();
                }
                _vars[assignment.Name] = new Variable(values, value.Decoded);
            }
        }
        var input = stdin;
        for (var i = 0; i < command.Redirects.Count; i++)
        {
            var r = command.Redirects[i];
            if (r.Kind == RedirectKind.HereDoc)
            {
                input = new Flow(FlowKind.Literal, r.Body is null ? r.RawBody : ExpandJoined(r.Body).Text);
            }
            else if (r.Kind == RedirectKind.HereString && r.Target is not null)
            {
                var text = ExpandJoined(r.Target);
                input = new Flow(FlowKind.Literal, text.Text + "\n", text.Decoded);
            }
            else if (r.Kind == RedirectKind.Input && r.Target is not null)
            {
                input = InputFrom(ExpandJoined(r.Target), span);
            }
        }
        if (command.Words.Count == 0)
        {
            return CheckRedirects(command.Redirects, span, null);
        }
        CheckCommandNameObfuscation(command.Words[0], span);
        Flow? output = null;
        foreach (var argv in ExpandWords(command.Words))
        {
            if (argv.Count > 0)
            {
                output = AnalyzeArgv(argv, span, input);
            }
        }
        return CheckRedirects(command.Redirects, span, output);
    }

    private Flow InputFrom(Arg file, SourceSpan span)
    {
        if (file.Dynamic)
        {
            return Flow.Unknown;
        }
        var n = PathRules.Normalize(file.Text);
        if (PathRules.IsNetworkDevice(n))
        {
            return IsLocalDevTcp(n) ? Flow.Unknown : Flow.Download;
        }
        var credential = PathRules.CredentialRule(n);
        if (credential is not null)
        {
            _sink.Add(credential, span, file.Text);
        }
        if (_state.WasDownloaded(file.Text))
        {
            return Flow.Download;
        }
        var content = _state.WrittenContent(file.Text);
        return content is null ? Flow.Unknown : new Flow(FlowKind.Literal, content);
    }

    private static bool IsLocalDevTcp(string normalized)
    {
        var parts = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && PathRules.IsLocalHost(parts[2]);
    }

    private Flow? CheckRedirects(IReadOnlyList<Redirect> redirects, SourceSpan span, Flow? output)
    {
        var result = output;
        for (var i = 0; i < redirects.Count; i++)
        {
            var r = redirects[i];
            if (r.Kind == RedirectKind.Input && r.Target is not null && output is null)
            {
                // done < /etc/shadow: a loop or group reading a secret file.
                var source = ExpandJoined(r.Target);
                var credential = source.Dynamic ? null : PathRules.CredentialRule(PathRules.Normalize(source.Text));
                if (credential is not null)
                {
                    _sink.Add(credential, span, source.Text);
                }
            }
            if (r.Target is null || r.Kind is RedirectKind.HereDoc or RedirectKind.HereString or RedirectKind.Input)
            {
                continue;
            }
            var target = ExpandJoined(r.Target);
            if (r.Kind is RedirectKind.DuplicateOutput or RedirectKind.DuplicateInput && (target.Text == "-" || target.Text.All(char.IsAsciiDigit)))
            {
                continue;
            }
            var n = PathRules.Normalize(target.Text);
            if (PathRules.IsNetworkDevice(n))
            {
                if (!IsLocalDevTcp(n))
                {
                    _sink.Add("shell.reverse-shell", span, "redirection to " + target.Text);
                }
                continue;
            }
            if (r.Kind == RedirectKind.DuplicateInput)
            {
                continue;
            }
            var stdoutRedirect = r.Fd is -1 or 1;
            if (stdoutRedirect && !target.Dynamic)
            {
                if (output is { Kind: FlowKind.Literal })
                {
                    _state.RecordWrite(target.Text, output.Text, r.Kind == RedirectKind.Append);
                }
                else if (output is { Kind: FlowKind.Download })
                {
                    _state.RecordDownload(target.Text);
                }
                result = null;
            }
            _rules.CheckWrite(target, span, truncate: r.Kind == RedirectKind.Output);
        }
        return result;
    }

    private void CheckCommandNameObfuscation(Word word, SourceSpan span)
    {
        var literalOnly = word.Parts.TrueForAll(p => p is LiteralPart);
        var pieces = word.QuotedSegments + (word.HasUnquotedLiteral ? 1 : 0);
        var parameterParts = word.Parts.Count(p => p is ParameterPart or CommandSubstitutionPart);
        var split = literalOnly && (pieces >= 2 || word.InnerEscapes > 0 || word.AnsiCEscapes);
        var assembled = parameterParts >= 2 || (parameterParts >= 1 && word.Parts.Any(p => p is LiteralPart { Text.Length: > 0 } l && !l.Text.StartsWith('/') && !l.Text.EndsWith('/')));
        if (split || assembled)
        {
            var resolved = ExpandJoined(word);
            _sink.Add("obfuscation.computed-command-name", span, resolved.Dynamic ? "built at run time" : $"resolves to '{resolved.Text}'");
        }
    }
}
