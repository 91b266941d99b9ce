using System.Globalization;
using System.Management.Automation.Language;
using System.Text;
using System.Text.RegularExpressions;
using AeonNova.Safety.Analysis;

namespace AeonNova.Safety.PowerShell;

internal sealed partial class PowerShellAnalyzer
{
    /// <summary>Constant-folds an expression the way PowerShell would evaluate it, where that is knowable.</summary>
    private Value? Fold(ExpressionAst expression, int depth = 0)
    {
        if (depth > 32)
        {
            return null;
        }
        switch (expression)
        {
            case StringConstantExpressionAst s:
                return new Value(s.Value);
            case ConstantExpressionAst c:
                return new Value(Convert.ToString(c.Value, CultureInfo.InvariantCulture) ?? "");
            case ExpandableStringExpressionAst x:
                return FoldExpandable(x, depth);
            case VariableExpressionAst v:
                return FoldVariable(v);
            case ParenExpressionAst p when p.Pipeline is PipelineAst pipeline:
                return PipelineValue(pipeline);
            case SubExpressionAst sub when sub.SubExpression.Statements.Count == 1 && sub.SubExpression.Statements[0] is PipelineAst pipeline:
                return PipelineValue(pipeline);
            case ArrayExpressionAst arr when arr.SubExpression.Statements.Count == 1 && arr.SubExpression.Statements[0] is PipelineAst { PipelineElements: [CommandExpressionAst inner] }:
                return Fold(inner.Expression, depth + 1);
            case ArrayLiteralAst list:
                var items = list.Elements.Select(e => Fold(e, depth + 1)).ToList();
                return items.Any(i => i?.Text is null) ? null : new Value(string.Join(' ', items.Select(i => i!.Text)), items.Any(i => i!.Decoded), Items: items.Select(i => i!.Text!).ToList());
            case BinaryExpressionAst b:
                return FoldBinary(b, depth);
            case UnaryExpressionAst u when u.TokenKind is TokenKind.Join:
                var joined = Fold(u.Child, depth + 1);
                return joined is null ? null : new Value(string.Concat(joined.Items ?? [joined.Text ?? ""]), joined.Decoded);
            case ConvertExpressionAst convert:
                return FoldConvert(convert, depth);
            case InvokeMemberExpressionAst member:
                return FoldMember(member, depth);
            case MemberExpressionAst m when m.Expression is VariableExpressionAst mv && FoldVariable(mv) is { Download: true }:
                return new Value(null, Download: true);
            case MemberExpressionAst { Expression: TypeExpressionAst type, Member: StringConstantExpressionAst name }:
                return new Value($"[{type.TypeName.FullName}]::{name.Value}");
            default:
                return null;
        }
    }

    private Value? FoldVariable(VariableExpressionAst v)
    {
        var path = v.VariablePath.UserPath;
        if (path.StartsWith("env:", StringComparison.OrdinalIgnoreCase))
        {
            var assigned = Lookup(path, v.Extent.StartOffset);
            var known = path[4..].ToLowerInvariant() is "systemroot" or "windir" or "temp" or "tmp" or "programfiles" or "programdata" or
                "userprofile" or "appdata" or "localappdata" or "systemdrive" or "computername" or "public" or "home";
            return assigned ?? (known ? new Value("$" + path.ToLowerInvariant()) : null);
        }
        if (path.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return new Value("True");
        }
        if (path.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return new Value("False");
        }
        if (path.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return new Value("");
        }
        if (path.Equals("home", StringComparison.OrdinalIgnoreCase) || path.Equals("pshome", StringComparison.OrdinalIgnoreCase))
        {
            return new Value("$" + path.ToLowerInvariant());
        }
        return Lookup(path, v.Extent.StartOffset);
    }

    private Value? FoldExpandable(ExpandableStringExpressionAst x, int depth)
    {
        var raw = x.Extent.Text;
        var quote = raw.Length > 0 && raw[0] is '"' or '\u201C' or '\u201D' ? 1 : raw.StartsWith("@\"", StringComparison.Ordinal) ? 2 : 0;
        var sb = new StringBuilder();
        var decoded = false;
        var cursor = x.Extent.StartOffset + quote;
        var end = x.Extent.EndOffset - (quote == 2 ? 2 : quote);
        foreach (var nested in x.NestedExpressions.OrderBy(n => n.Extent.StartOffset))
        {
            sb.Append(Unescape(Slice(x, cursor, nested.Extent.StartOffset)));
            var value = Fold(nested, depth + 1);
            if (value?.Text is null)
            {
                sb.Append(Arg.Unknown);
            }
            else
            {
                sb.Append(value.Text);
                decoded |= value.Decoded;
            }
            cursor = nested.Extent.EndOffset;
        }
        sb.Append(Unescape(Slice(x, cursor, end)));
        var text = sb.ToString();
        return text.Contains(Arg.Unknown, StringComparison.Ordinal) && text.Trim(Arg.Unknown).Length == 0 ? null : new Value(text, decoded);
    }

    private static string Slice(Ast owner, int from, int to)
    {
        var text = owner.Extent.Text;
        var start = from - owner.Extent.StartOffset;
        var stop = to - owner.Extent.StartOffset;
        return start >= 0 && stop <= text.Length && stop > start ? text[start..stop] : "";
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('`', StringComparison.Ordinal))
        {
            return text;
        }
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '`' && i + 1 < text.Length)
            {
                i++;
                sb.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', 'a' => '\a', _ => text[i] });
                continue;
            }
            sb.Append(text[i]);
        }
        return sb.ToString();
    }

    private Value? FoldBinary(BinaryExpressionAst b, int depth)
    {
        var left = Fold(b.Left, depth + 1);
        var right = Fold(b.Right, depth + 1);
        var decoded = (left?.Decoded ?? false) || (right?.Decoded ?? false);
        switch (b.Operator)
        {
            case TokenKind.Plus when left?.Text is not null && right?.Text is not null:
                if (left.Items is not null)
                {
                    return new Value(left.Text + " " + right.Text, decoded, Items: [.. left.Items, .. right.Items ?? [right.Text]]);
                }
                return new Value(left.Text + right.Text, decoded);
            case TokenKind.Format when left?.Text is not null && right is not null:
                var args = right.Items ?? [right.Text ?? ""];
                var formatted = Regex.Replace(left.Text, @"\{(\d+)(?:[,:][^}]*)?\}", m =>
                {
                    var i = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                    return i < args.Count ? args[i] : m.Value;
                }, RegexOptions.None, TimeSpan.FromSeconds(1));
                return new Value(formatted, decoded);
            case TokenKind.Join when left is not null:
                return new Value(string.Join(right?.Text ?? "", left.Items ?? [left.Text ?? ""]), decoded);
            case TokenKind.Ireplace or TokenKind.Creplace when left?.Text is not null && right is not null:
                var pair = right.Items ?? [right.Text ?? ""];
                if (pair.Count == 0)
                {
                    return null;
                }
                try
                {
                    var options = b.Operator == TokenKind.Creplace ? RegexOptions.None : RegexOptions.IgnoreCase;
                    return new Value(Regex.Replace(left.Text, pair[0], pair.Count > 1 ? pair[1] : "", options, TimeSpan.FromSeconds(1)), decoded);
                }
                catch (ArgumentException)
                {
                    return null;
                }
            default:
                return null;
        }
    }

    private Value? FoldConvert(ConvertExpressionAst convert, int depth)
    {
        var type = convert.Type.TypeName.FullName.ToLowerInvariant();
        var inner = Fold(convert.Child, depth + 1);
        if (inner is null)
        {
            return null;
        }
        if (type is "char" or "system.char" && int.TryParse(inner.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            return new Value(((char)code).ToString(), true);
        }
        if (type is "char[]" or "system.char[]")
        {
            var items = inner.Items ?? [inner.Text ?? ""];
            var chars = items.Select(i => int.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? ((char)n).ToString() : i).ToList();
            return new Value(string.Concat(chars), true, Items: chars);
        }
        if (type is "string" or "system.string" or "scriptblock" or "system.management.automation.scriptblock")
        {
            return inner with { Items = null, Text = inner.Items is null ? inner.Text : string.Join(' ', inner.Items) };
        }
        return inner;
    }

    private Value? FoldMember(InvokeMemberExpressionAst member, int depth)
    {
        var name = (member.Member as StringConstantExpressionAst)?.Value.ToLowerInvariant() ?? "";
        var args = member.Arguments?.Select(a => Fold(a, depth + 1)).ToList() ?? [];
        if (name is "downloadstring" or "downloaddata" or "getstringasync" or "getbytearrayasync" or "openread")
        {
            return new Value(null, Download: true);
        }
        if (member.Static && member.Expression is TypeExpressionAst type)
        {
            var typeName = type.TypeName.FullName.ToLowerInvariant();
            if (name == "frombase64string" && args.Count == 1 && args[0]?.Text is { } b64)
            {
                return new Value(b64, Decoded: true, Items: ["base64"]);
            }
            if (name is "join" && typeName.EndsWith("string", StringComparison.Ordinal) && args.Count == 2 && args[0]?.Text is { } sep && args[1] is { } list)
            {
                return new Value(string.Join(sep, list.Items ?? [list.Text ?? ""]), list.Decoded);
            }
            if (name is "join" && typeName.EndsWith("string", StringComparison.Ordinal) && args.Count > 2 && args.All(a => a?.Text is not null))
            {
                return new Value(string.Join(args[0]!.Text, args.Skip(1).Select(a => a!.Text)), args.Any(a => a!.Decoded));
            }
            if (name is "concat" && typeName.EndsWith("string", StringComparison.Ordinal) && args.All(a => a?.Text is not null))
            {
                return new Value(string.Concat(args.Select(a => a!.Text)), args.Any(a => a!.Decoded));
            }
            if (name is "create" && typeName.EndsWith("scriptblock", StringComparison.Ordinal) && args.Count == 1)
            {
                return args[0];
            }
        }
        if (name == "getstring" && args.Count >= 1 && args[0] is { Decoded: true, Items: ["base64"], Text: { } encoded })
        {
            var target = Fold(member.Expression, depth + 1)?.Text?.ToLowerInvariant() ?? "";
            var text = target.Contains("unicode", StringComparison.Ordinal) ? Decoders.TryBase64Utf16(encoded) : Decoders.TryBase64(encoded);
            return text is null ? new Value(null, Decoded: true) : new Value(text, Decoded: true);
        }
        var subject = Fold(member.Expression, depth + 1);
        if (subject?.Text is not { } s)
        {
            return subject is { Download: true } ? subject : null;
        }
        return name switch
        {
            "tolower" or "tolowerinvariant" => subject with { Text = s.ToLowerInvariant(), Items = null },
            "toupper" or "toupperinvariant" => subject with { Text = s.ToUpperInvariant(), Items = null },
            "trim" => subject with { Text = s.Trim(), Items = null },
            "replace" when args.Count == 2 && args[0]?.Text is { Length: > 0 } a && args[1]?.Text is { } r => subject with { Text = s.Replace(a, r, StringComparison.Ordinal), Items = null },
            "tostring" => subject,
            "substring" when args.Count >= 1 && int.TryParse(args[0]?.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var from) && from <= s.Length =>
                subject with { Text = args.Count > 1 && int.TryParse(args[1]?.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var len) ? s.Substring(from, Math.Min(len, s.Length - from)) : s[from..], Items = null },
            _ => null,
        };
    }
}
