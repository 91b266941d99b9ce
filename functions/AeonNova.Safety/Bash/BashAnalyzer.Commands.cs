using System.Text;
using AeonNova.Safety.Analysis;

namespace AeonNova.Safety.Bash;

internal sealed partial class BashAnalyzer
{
    private static readonly string[] CommandDirectories = ["/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/", "/usr/local/sbin/", "/usr/libexec/"];

    /// <summary>Runs one resolved command line: shell built-ins here, everything else through the shared rules.</summary>
    private Flow? AnalyzeArgv(List<Arg> argv, SourceSpan at, Flow? stdin)
    {
        // The caller hands over argv: dropping the name in place leaves the arguments without copying them.
        var nameArg = argv[0];
        argv.RemoveAt(0);
        var args = argv;
        if (nameArg.Decoded)
        {
            _sink.Add("obfuscation.encoded-payload", at, "the command name comes from decoded text");
        }
        if (nameArg.Dynamic)
        {
            if (Arg.HasDownload(nameArg.Text))
            {
                _sink.Add("download.pipe-to-shell", at, "downloaded text is run as a command");
                return Flow.Unknown;
            }
            if (nameArg.Text.Trim(Arg.Unknown).Length == 0 || nameArg.Text.StartsWith(Arg.Unknown))
            {
                _sink.Add("obfuscation.dynamic-command", at, "the command name is computed at run time");
                return Flow.Unknown;
            }
        }
        var raw = nameArg.Text;
        var name = NativeCommandRules.CommandName(raw);
        switch (name)
        {
            case "eval":
                _rules.RunShellString(new Arg(NativeCommandRules.Joined(args), args.Any(a => a.Dynamic), args.Any(a => a.Decoded)), at);
                return Flow.Unknown;
            case "source" or ".":
                if (args.Count > 0)
                {
                    _rules.RunPathCommand(args[0].Text, at);
                }
                return null;
            case "export" or "local" or "declare" or "typeset" or "readonly":
                foreach (var a in args.Where(a => !a.IsOption))
                {
                    var eq = a.Text.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        _rules.CheckHistoryAssignment(a.Text, at);
                        _vars[a.Text[..eq]] = new Variable([a.Text[(eq + 1)..]], a.Decoded);
                    }
                }
                return null;
            case "unset":
                foreach (var a in args.Where(a => !a.IsOption))
                {
                    if (a.Text is "HISTFILE")
                    {
                        _sink.Add("defense.shell-history", at, "unset HISTFILE");
                    }
                    _vars[a.Text] = new Variable([""], false);
                }
                return null;
            case "set":
                if (NativeCommandRules.Joined(args).Contains("+o history", StringComparison.Ordinal))
                {
                    _sink.Add("defense.shell-history", at, "set +o history");
                }
                return null;
            case "read" or "mapfile" or "readarray":
                var skip = false;
                foreach (var a in args)
                {
                    if (skip)
                    {
                        skip = false;
                        continue;
                    }
                    if (a.Text is "-p" or "-t" or "-n" or "-N" or "-d" or "-u" or "-a" or "-i")
                    {
                        skip = a.Text != "-a";
                        continue;
                    }
                    if (!a.IsOption)
                    {
                        _vars[a.Text] = new Variable([Arg.Unknown.ToString()], false);
                    }
                }
                return null;
            case "trap":
                if (args.Count > 1 && !args[0].IsOption)
                {
                    _rules.RunShellString(args[0], at);
                }
                return null;
        }
        if (_functions.Contains(raw))
        {
            return Flow.Unknown;
        }
        if (raw.StartsWith("/etc/init.d/", StringComparison.Ordinal) || raw.StartsWith("/etc/rc.d/init.d/", StringComparison.Ordinal))
        {
            if (args.Count > 0)
            {
                _rules.RunServiceAction(name, args[0].Text.ToLowerInvariant(), at);
            }
            return null;
        }
        if (raw.Contains('/', StringComparison.Ordinal) && CommandSets.IsSecurityProduct(raw) &&
            args.Any(a => a.Text.ToLowerInvariant() is "stop" or "disable" or "unload" or "uninstall" or "kill" or "--stop" or "-stop" or "remove"))
        {
            _sink.Add("defense.antivirus", at, $"'{raw}' stops a security tool");
            return null;
        }
        if (raw.Contains('/', StringComparison.Ordinal) && !InCommandDirectory(raw))
        {
            _rules.RunPathCommand(raw, at);
            return Flow.Unknown;
        }
        var output = _rules.Run(raw, args, at, stdin, CommandDialect.Posix);
        return Produce(name, args, stdin) ?? output;
    }

    private static bool InCommandDirectory(string raw)
    {
        foreach (var directory in CommandDirectories)
        {
            if (raw.StartsWith(directory, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>What text-producing commands write to stdout, so a pipe into a shell can be followed.</summary>
    private static Flow? Produce(string name, List<Arg> args, Flow? stdin)
    {
        var literalIn = stdin is { Kind: FlowKind.Literal } ? stdin : null;
        var decodedIn = stdin?.Decoded ?? false;
        switch (name)
        {
            case "echo":
                var escapes = false;
                var i = 0;
                while (i < args.Count && args[i].Text.Length > 1 && args[i].Text[0] == '-' && args[i].Text[1..].All(c => c is 'n' or 'e' or 'E'))
                {
                    escapes |= args[i].Text.Contains('e', StringComparison.Ordinal);
                    i++;
                }
                var text = string.Join(' ', args.Skip(i).Select(a => a.Text));
                var codes = false;
                if (escapes)
                {
                    text = Decoders.UnescapeEcho(text, out codes);
                }
                return new Flow(FlowKind.Literal, text + "\n", codes || args.Any(a => a.Decoded));
            case "printf":
                if (args.Count == 0)
                {
                    return Flow.Unknown;
                }
                var format = args[0].Text;
                var values = new Queue<string>(args.Skip(1).Select(a => a.Text));
                var sb = new StringBuilder();
                for (var k = 0; k < format.Length; k++)
                {
                    if (format[k] == '%' && k + 1 < format.Length)
                    {
                        var spec = format[k + 1];
                        if (spec == '%')
                        {
                            sb.Append('%');
                        }
                        else
                        {
                            var v = values.Count > 0 ? values.Dequeue() : "";
                            sb.Append(spec == 'b' ? Decoders.UnescapeEcho(v, out _) : v);
                        }
                        k++;
                        continue;
                    }
                    sb.Append(format[k]);
                }
                var printed = Decoders.UnescapeEcho(sb.ToString(), out var hadCodes);
                return new Flow(FlowKind.Literal, printed, hadCodes || args.Any(a => a.Decoded));
            case "ls" when args.Count(a => !a.IsOption) == 1 && PathRules.IsCriticalTarget(PathRules.Normalize(args.First(a => !a.IsOption).Text)):
                // ls / prints bin, etc, usr…: piped into xargs rm they name the system directories (relative to a
                // working directory that is often /). Other listings stay unresolved names.
                return new Flow(FlowKind.Paths, args.First(a => !a.IsOption).Text.TrimEnd('/') + "/*");
            case "cat" when args.All(a => a.IsOption || a.Text == "-"):
                return stdin;
            case "base64" or "openssl" when args.Any(a => a.Text is "-d" or "--decode" or "-D" or "-di" or "-A"):
                if (name == "openssl" && !args.Any(a => a.Text is "base64" or "-base64" or "enc"))
                {
                    return null;
                }
                if (literalIn is null)
                {
                    return new Flow(FlowKind.Unknown, Decoded: true);
                }
                var decoded = Decoders.TryBase64(literalIn.Text);
                return decoded is null ? new Flow(FlowKind.Unknown, Decoded: true) : new Flow(FlowKind.Literal, decoded, true);
            case "rev":
                return literalIn is null ? new Flow(FlowKind.Unknown, Decoded: true) : new Flow(FlowKind.Literal, Decoders.Reverse(literalIn.Text.TrimEnd('\n')) + "\n", true);
            case "xxd" when args.Any(a => a.Text.StartsWith("-r", StringComparison.Ordinal)):
                var hex = literalIn is null ? null : Decoders.TryHex(literalIn.Text);
                return hex is null ? new Flow(FlowKind.Unknown, Decoded: true) : new Flow(FlowKind.Literal, hex, true);
            case "tr" when args.Count >= 2 && !args[0].IsOption:
                return literalIn is null ? new Flow(FlowKind.Unknown, Decoded: decodedIn) : new Flow(FlowKind.Literal, Translate(literalIn.Text, args[0].Text, args[1].Text), true);
            case "gunzip" or "zcat" or "bunzip2" or "unxz" or "uncompress" or "gzip" or "xz" or "bzip2" or "zstd" when stdin is not null && (name is "gunzip" or "zcat" or "bunzip2" or "unxz" or "uncompress" || args.Any(a => a.Text is "-d" or "-dc" or "-cd" or "--decompress")):
                return new Flow(FlowKind.Unknown, Decoded: true);
            case "tee":
                return stdin;
            case "sed" or "awk" or "tr" or "cut" or "head" or "tail" or "grep" or "sort" or "uniq":
                return stdin is { Kind: FlowKind.Download } ? Flow.Download : new Flow(FlowKind.Unknown, Decoded: decodedIn);
            default:
                return null;
        }
    }

    /// <summary>tr SET1 SET2 with ranges (enough for rot13 and similar substitutions).</summary>
    private static string Translate(string text, string from, string to)
    {
        static string ExpandSet(string set)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < set.Length; i++)
            {
                if (i + 2 < set.Length && set[i + 1] == '-')
                {
                    for (var c = set[i]; c <= set[i + 2]; c++)
                    {
                        sb.Append(c);
                    }
                    i += 2;
                    continue;
                }
                sb.Append(set[i]);
            }
            return sb.ToString();
        }
        var a = ExpandSet(from.Trim('[', ']'));
        var b = ExpandSet(to.Trim('[', ']'));
        if (b.Length == 0)
        {
            return text;
        }
        var map = new Dictionary<char, char>();
        for (var i = 0; i < a.Length; i++)
        {
            map.TryAdd(a[i], b[Math.Min(i, b.Length - 1)]);
        }
        return new string(text.Select(c => map.TryGetValue(c, out var m) ? m : c).ToArray());
    }
}
