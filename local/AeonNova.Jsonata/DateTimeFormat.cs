using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AeonNova.Jsonata;

/// <summary>$fromMillis/$now/$toMillis: ISO 8601 by default, XPath fn:format-dateTime picture strings
/// ([Y0001]-[M01]-[D01], [H01]:[m01], [MNn], [FNn], [Z], …) for the common components.</summary>
internal static partial class DateTimeFormat
{
    public static string FromMillis(long millis, string? picture, string? timezone)
    {
        var offset = ParseOffset(timezone);
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(millis).ToOffset(offset);
        if (picture is null && timezone is null)
        {
            return instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        picture ??= "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";
        var builder = new StringBuilder();
        for (var i = 0; i < picture.Length; i++)
        {
            var c = picture[i];
            if (c == '[')
            {
                if (i + 1 < picture.Length && picture[i + 1] == '[') { builder.Append('['); i++; continue; }
                var end = picture.IndexOf(']', i);
                if (end < 0) { throw new JsonataException("D3135", "No matching closing bracket ']' in date/time picture string"); }
                builder.Append(Component(instant, Regex.Replace(picture[(i + 1)..end], @"\s", ""), offset));
                i = end;
            }
            else if (c == ']' && i + 1 < picture.Length && picture[i + 1] == ']') { builder.Append(']'); i++; }
            else { builder.Append(c); }
        }
        return builder.ToString();
    }

    private static TimeSpan ParseOffset(string? timezone)
    {
        if (string.IsNullOrEmpty(timezone)) { return TimeSpan.Zero; }
        var match = OffsetPattern().Match(timezone);
        if (!match.Success) { throw new JsonataException("D3134", $"The timezone {timezone} is not valid (expected ±HHMM)"); }
        var span = new TimeSpan(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture), 0);
        return match.Groups[1].Value == "-" ? -span : span;
    }

    [GeneratedRegex(@"^([+-])(\d\d):?(\d\d)$")]
    private static partial Regex OffsetPattern();

    private static string Component(DateTimeOffset t, string marker, TimeSpan offset)
    {
        if (marker.Length == 0) { throw new JsonataException("D3136", "The date/time picture string is missing a component specifier"); }
        var name = marker[0];
        var modifier = marker[1..];
        var comma = modifier.IndexOf(',', StringComparison.Ordinal);
        int? maxWidth = null;
        if (comma >= 0)
        {
            var widths = modifier[(comma + 1)..].Split('-');
            if (int.TryParse(widths[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var max)) { maxWidth = max; }
            modifier = modifier[..comma];
        }
        switch (name)
        {
            case 'Y':
                var twoDigit = (modifier.Length == 2 && modifier.All(char.IsAsciiDigit)) || maxWidth == 2;
                return Number(t.Year, twoDigit ? t.Year % 100 : t.Year, twoDigit && modifier.Length == 0 ? "01" : modifier);
            case 'M':
                if (modifier.StartsWith('N') || modifier.StartsWith('n')) { return Name(CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(t.Month), modifier); }
                return Number(t.Month, t.Month, modifier);
            case 'D': return Number(t.Day, t.Day, modifier);
            case 'd': return Number(t.DayOfYear, t.DayOfYear, modifier);
            case 'F':
                if (modifier.Length == 0 || modifier.StartsWith('N') || modifier.StartsWith('n'))
                {
                    return Name(CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(t.DayOfWeek), modifier.Length == 0 ? "n" : modifier);
                }
                var day = t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek;
                return Number(day, day, modifier);
            case 'H': return Number(t.Hour, t.Hour, modifier);
            case 'h': var h = t.Hour % 12 == 0 ? 12 : t.Hour % 12; return Number(h, h, modifier);
            case 'm': return Number(t.Minute, t.Minute, modifier.Length == 0 ? "01" : modifier);
            case 's': return Number(t.Second, t.Second, modifier.Length == 0 ? "01" : modifier);
            case 'f':
                var digits = Math.Max(1, modifier.Count(char.IsAsciiDigit));
                var fraction = t.Millisecond.ToString("000", CultureInfo.InvariantCulture);
                return digits <= 3 ? fraction[..digits] : fraction + new string('0', digits - 3);
            case 'P':
                var ampm = t.Hour < 12 ? "am" : "pm";
                return modifier.StartsWith('N') ? ampm.ToUpperInvariant() : ampm;
            case 'Z' or 'z':
                if (modifier.EndsWith('t') && offset == TimeSpan.Zero) { return "Z"; }
                var sign = offset < TimeSpan.Zero ? "-" : "+";
                var abs = offset.Duration();
                var text = modifier.TrimEnd('t').Contains(':', StringComparison.Ordinal) || modifier.Length == 0
                    ? $"{sign}{abs.Hours:00}:{abs.Minutes:00}" : $"{sign}{abs.Hours:00}{abs.Minutes:00}";
                return name == 'z' ? "GMT" + text : text;
            default:
                throw new JsonataException("D3132", $"Unknown component specifier {name} in date/time picture string");
        }
    }

    private static string Number(int full, int value, string modifier)
    {
        if (modifier.Length == 0) { return value.ToString(CultureInfo.InvariantCulture); }
        if (modifier is "I" or "i")
        {
            var roman = new StringBuilder();
            var rest = value;
            foreach (var (v, letters) in new[] { (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i") })
            {
                while (rest >= v) { roman.Append(letters); rest -= v; }
            }
            return modifier == "I" ? roman.ToString().ToUpperInvariant() : roman.ToString();
        }
        _ = full;
        var minimum = modifier.TakeWhile(c => char.IsAsciiDigit(c) || c == '#').Count(char.IsAsciiDigit);
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Length < minimum ? new string('0', minimum - text.Length) + text : text;
    }

    private static string Name(string name, string modifier)
    {
        var width = modifier.Length > 2 && modifier.Contains('-', StringComparison.Ordinal) ? 0 : 0;
        _ = width;
        if (modifier.StartsWith("Nn", StringComparison.Ordinal)) { return name; }
        if (modifier.StartsWith('N')) { return name.ToUpperInvariant(); }
        return name.ToLowerInvariant();
    }

    /// <summary>ISO 8601 (as JavaScript's Date.parse accepts it) or a picture of numeric components.</summary>
    public static object? ToMillis(string timestamp, string? picture)
    {
        if (picture is null)
        {
            if (DateTimeOffset.TryParseExact(timestamp, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return (double)parsed.ToUnixTimeMilliseconds();
            }
            throw new JsonataException("D3110", $"The timestamp value \"{timestamp}\" is not valid ISO 8601 format");
        }
        var pattern = new StringBuilder("^");
        var fields = new List<char>();
        for (var i = 0; i < picture.Length; i++)
        {
            if (picture[i] == '[')
            {
                var end = picture.IndexOf(']', i);
                var marker = picture[(i + 1)..end];
                fields.Add(marker[0]);
                pattern.Append(marker[0] is 'Z' or 'z' ? @"(Z|[+-]\d\d:?\d\d)" : @"(\d+)");
                i = end;
            }
            else
            {
                pattern.Append(Regex.Escape(picture[i].ToString()));
            }
        }
        var match = Regex.Match(timestamp, pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
        if (!match.Success) { return null; }
        int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
        var zone = TimeSpan.Zero;
        for (var f = 0; f < fields.Count; f++)
        {
            var text = match.Groups[f + 1].Value;
            switch (fields[f])
            {
                case 'Y': year = int.Parse(text, CultureInfo.InvariantCulture); break;
                case 'M': month = int.Parse(text, CultureInfo.InvariantCulture); break;
                case 'D': day = int.Parse(text, CultureInfo.InvariantCulture); break;
                case 'H': hour = int.Parse(text, CultureInfo.InvariantCulture); break;
                case 'm': minute = int.Parse(text, CultureInfo.InvariantCulture); break;
                case 's': second = int.Parse(text, CultureInfo.InvariantCulture); break;
                case 'f': ms = int.Parse(text.PadRight(3, '0')[..3], CultureInfo.InvariantCulture); break;
                case 'Z' or 'z': zone = text == "Z" ? TimeSpan.Zero : ParseOffset(text); break;
                default: throw new JsonataException("D3132", $"Unsupported component specifier {fields[f]} when parsing a timestamp");
            }
        }
        var value = new DateTimeOffset(year, month, day, hour, minute, second, ms, zone);
        return (double)value.ToUnixTimeMilliseconds();
    }

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd", "yyyy-MM", "yyyy",
    ];
}
