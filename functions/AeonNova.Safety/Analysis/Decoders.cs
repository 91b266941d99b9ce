using System.Globalization;
using System.Text;

namespace AeonNova.Safety.Analysis;

/// <summary>The decoders attackers put in front of a shell: base64, hex, reversal, escape sequences.</summary>
internal static class Decoders
{
    public static string? TryBase64(string text)
    {
        var bytes = TryBase64Bytes(text);
        if (bytes is null)
        {
            return null;
        }
        var s = Encoding.UTF8.GetString(bytes);
        return s.Any(c => c == '\0' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) ? null : s;
    }

    public static string? TryBase64Utf16(string text)
    {
        var bytes = TryBase64Bytes(text);
        return bytes is null || bytes.Length % 2 != 0 ? null : Encoding.Unicode.GetString(bytes);
    }

    private static byte[]? TryBase64Bytes(string text)
    {
        var clean = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '"' && c != '\'').ToArray());
        if (clean.Length == 0)
        {
            return null;
        }
        clean = clean.Replace('-', '+').Replace('_', '/');
        var pad = clean.Length % 4;
        if (pad == 1)
        {
            return null;
        }
        if (pad > 0)
        {
            clean += new string('=', 4 - pad);
        }
        var buffer = new byte[clean.Length];
        return Convert.TryFromBase64String(clean, buffer, out var written) ? buffer[..written] : null;
    }

    public static string? TryHex(string text)
    {
        var clean = new string(text.Where(Uri.IsHexDigit).ToArray());
        if (clean.Length == 0 || clean.Length % 2 != 0)
        {
            return null;
        }
        var bytes = new byte[clean.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(clean.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    public static string Reverse(string text) =>
        string.Join('\n', text.Split('\n').Select(line => new string(line.Reverse().ToArray())));

    /// <summary>echo -e / printf escapes: \xHH, \NNN (octal), \n, \t, \\.</summary>
    public static string UnescapeEcho(string text, out bool hadCodes)
    {
        hadCodes = false;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                sb.Append(c);
                continue;
            }
            var n = text[i + 1];
            if (n == 'x' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 2]))
            {
                var len = i + 3 < text.Length && Uri.IsHexDigit(text[i + 3]) ? 2 : 1;
                sb.Append((char)int.Parse(text.AsSpan(i + 2, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 1 + len;
                hadCodes = true;
            }
            else if (n is >= '0' and <= '7')
            {
                var start = i + 1;
                if (n == '0')
                {
                    start++;
                }
                var len = 0;
                while (len < 3 && start + len < text.Length && text[start + len] is >= '0' and <= '7')
                {
                    len++;
                }
                sb.Append(len == 0 ? '\0' : (char)Convert.ToInt32(text.Substring(start, len), 8));
                i = start + len - 1;
                hadCodes = true;
            }
            else
            {
                sb.Append(n switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', 'a' => '\a', 'e' => '\u001b', _ => n });
                if (n is not ('n' or 't' or 'r' or '\\' or 'a' or 'e'))
                {
                    sb.Insert(sb.Length - 1, '\\');
                }
                i++;
            }
        }
        return sb.ToString();
    }
}
