using System.Globalization;
using System.Text;

namespace AeonNova.Jsonata;

internal enum TokenKind { End, Operator, Name, Variable, String, Number, Value, Regex }

internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0, object? Literal = null);

/// <summary>JSONata tokenizer. Regex literals are recognised only where an operand is expected (prefix position).</summary>
internal sealed class Lexer(string source)
{
    private static readonly string[] MultiCharOperators = ["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"];
    private const string SingleCharOperators = ".[]{}(),@#;:?+-*/%|=<>^&!~";
    private int _position;

    public void Seek(int position) => _position = position;

    public Token Next(bool prefix)
    {
        var s = source;
        while (true)
        {
            while (_position < s.Length && char.IsWhiteSpace(s[_position])) { _position++; }
            if (_position + 1 < s.Length && s[_position] == '/' && s[_position + 1] == '*')
            {
                var end = s.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                if (end < 0) { throw new JsonataException("S0106", "Comment has no closing tag", _position); }
                _position = end + 2;
                continue;
            }
            break;
        }
        if (_position >= s.Length) { return new Token(TokenKind.End, "(end)", _position); }
        var start = _position;
        var c = s[_position];
        if (prefix && c == '/') { return ReadRegex(); }
        if (c == '.' && _position + 1 < s.Length && s[_position + 1] == '.')
        {
            _position += 2;
            return new Token(TokenKind.Operator, "..", start);
        }
        foreach (var op in MultiCharOperators)
        {
            if (string.CompareOrdinal(s, _position, op, 0, 2) == 0)
            {
                _position += 2;
                return new Token(TokenKind.Operator, op, start);
            }
        }
        if (SingleCharOperators.Contains(c, StringComparison.Ordinal))
        {
            _position++;
            return new Token(TokenKind.Operator, c.ToString(), start);
        }
        if (c is '"' or '\'') { return ReadString(c); }
        if (c is >= '0' and <= '9') { return ReadNumber(); }
        if (c == '`')
        {
            var end = s.IndexOf('`', _position + 1);
            if (end < 0) { throw new JsonataException("S0105", "Quoted property name must be terminated with a backquote (`)", _position); }
            _position = end + 1;
            return new Token(TokenKind.Name, s[(start + 1)..end], start);
        }
        if (c == '$')
        {
            _position++;
            var nameStart = _position;
            while (_position < s.Length && !IsNameTerminator(s[_position])) { _position++; }
            return new Token(TokenKind.Variable, s[nameStart.._position], start);
        }
        while (_position < s.Length && !IsNameTerminator(s[_position])) { _position++; }
        var name = s[start.._position];
        return name switch
        {
            "and" or "or" or "in" => new Token(TokenKind.Operator, name, start),
            "true" => new Token(TokenKind.Value, name, start, Literal: Values.True),
            "false" => new Token(TokenKind.Value, name, start, Literal: Values.False),
            "null" => new Token(TokenKind.Value, name, start, Literal: JNull.Value),
            _ => new Token(TokenKind.Name, name, start),
        };
    }

    private static bool IsNameTerminator(char c) =>
        char.IsWhiteSpace(c) || SingleCharOperators.Contains(c, StringComparison.Ordinal) || c is '"' or '\'' or '`' || c == '\u00A0';

    private Token ReadString(char quote)
    {
        var s = source;
        var start = _position;
        _position++;
        var builder = new StringBuilder();
        while (_position < s.Length)
        {
            var c = s[_position];
            if (c == '\\')
            {
                _position++;
                if (_position >= s.Length) { break; }
                c = s[_position];
                switch (c)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 4 < s.Length &&
                            int.TryParse(s.AsSpan(_position + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            builder.Append((char)code);
                            _position += 4;
                        }
                        else
                        {
                            throw new JsonataException("S0104", "The escape sequence \\u must be followed by 4 hex digits", _position);
                        }
                        break;
                    default:
                        throw new JsonataException("S0103", $"Unsupported escape sequence: \\{c}", _position);
                }
            }
            else if (c == quote)
            {
                _position++;
                return new Token(TokenKind.String, builder.ToString(), start, Literal: builder.ToString());
            }
            else
            {
                builder.Append(c);
            }
            _position++;
        }
        throw new JsonataException("S0101", "String literal must be terminated by a matching quote", start);
    }

    private Token ReadNumber()
    {
        var s = source;
        var start = _position;
        while (_position < s.Length && char.IsAsciiDigit(s[_position])) { _position++; }
        if (_position + 1 < s.Length && s[_position] == '.' && char.IsAsciiDigit(s[_position + 1]))
        {
            _position++;
            while (_position < s.Length && char.IsAsciiDigit(s[_position])) { _position++; }
        }
        if (_position < s.Length && s[_position] is 'e' or 'E')
        {
            var save = _position;
            _position++;
            if (_position < s.Length && s[_position] is '+' or '-') { _position++; }
            if (_position < s.Length && char.IsAsciiDigit(s[_position]))
            {
                while (_position < s.Length && char.IsAsciiDigit(s[_position])) { _position++; }
            }
            else
            {
                _position = save;
            }
        }
        var text = s[start.._position];
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value)) { throw new JsonataException("S0102", $"Number out of range: {text}", start); }
        return new Token(TokenKind.Number, text, start, value);
    }

    private Token ReadRegex()
    {
        var s = source;
        var start = _position;
        _position++;
        var depth = 0;
        var bodyStart = _position;
        while (_position < s.Length)
        {
            var c = s[_position];
            if (c == '/' && depth == 0 && !IsEscaped(bodyStart, _position))
            {
                var pattern = s[bodyStart.._position];
                if (pattern.Length == 0) { throw new JsonataException("S0301", "Empty regular expressions are not allowed", start); }
                _position++;
                var flagStart = _position;
                while (_position < s.Length && s[_position] is 'i' or 'm') { _position++; }
                var flags = s[flagStart.._position] + "g";
                return new Token(TokenKind.Regex, pattern, start, Literal: new JRegex(pattern, flags));
            }
            if (c is '(' or '[' or '{' && !IsEscaped(bodyStart, _position)) { depth++; }
            if (c is ')' or ']' or '}' && !IsEscaped(bodyStart, _position)) { depth--; }
            _position++;
        }
        throw new JsonataException("S0302", "No terminating / in regular expression", start);
    }

    private bool IsEscaped(int bodyStart, int index)
    {
        var backslashes = 0;
        for (var i = index - 1; i >= bodyStart && source[i] == '\\'; i--) { backslashes++; }
        return backslashes % 2 == 1;
    }
}
