using System.Globalization;
using System.Text;

namespace AeonNova.Jsonata;

/// <summary>ECMAScript encodeURI(Component)/decodeURI(Component): UTF-8 percent-encoding with the standard's
/// unreserved and reserved sets; malformed input is D3140.</summary>
internal static class Uri
{
    private const string Unreserved = "-_.!~*'()";
    private const string Reserved = ";/?:@&=+$,#";

    public static string Encode(string s, bool component)
    {
        var builder = new StringBuilder(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiLetterOrDigit(c) || Unreserved.Contains(c, StringComparison.Ordinal) || (!component && Reserved.Contains(c, StringComparison.Ordinal)))
            {
                builder.Append(c);
                continue;
            }
            int codePoint;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, s[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                throw new JsonataException("D3140", $"Malformed URL passed to ${(component ? "encodeUrlComponent" : "encodeUrl")}(): \"{s}\"");
            }
            else
            {
                codePoint = c;
            }
            var length = new Rune(codePoint).EncodeToUtf8(utf8);
            for (var b = 0; b < length; b++) { builder.Append('%').Append(utf8[b].ToString("X2", CultureInfo.InvariantCulture)); }
        }
        return builder.ToString();
    }

    public static string Decode(string s, bool component)
    {
        var builder = new StringBuilder(s.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '%') { builder.Append(s[i]); continue; }
            var start = i;
            bytes.Clear();
            while (i < s.Length && s[i] == '%')
            {
                if (i + 2 >= s.Length || !byte.TryParse(s.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    throw Malformed(s, component);
                }
                bytes.Add(b);
                i += 3;
                if (bytes[0] < 0x80) { break; }
                var expected = bytes[0] >= 0xF0 ? 4 : bytes[0] >= 0xE0 ? 3 : 2;
                if (bytes.Count == expected) { break; }
            }
            i--;
            string decoded;
            try
            {
                decoded = new UTF8Encoding(false, true).GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                throw Malformed(s, component);
            }
            if (!component && decoded.Length == 1 && Reserved.Contains(decoded[0], StringComparison.Ordinal))
            {
                builder.Append(s, start, 3);
            }
            else
            {
                builder.Append(decoded);
            }
        }
        return builder.ToString();
    }

    private static JsonataException Malformed(string s, bool component) =>
        new("D3140", $"Malformed URL passed to ${(component ? "decodeUrlComponent" : "decodeUrl")}(): \"{s}\"");
}
