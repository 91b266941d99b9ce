using System.Globalization;
using System.Text;

namespace AeonNova.Jsonata;

/// <summary>Number formatting: $formatBase, $formatNumber (XPath fn:format-number pictures) and $formatInteger /
/// $parseInteger (XPath fn:format-integer decimal, roman and alphabetic pictures).</summary>
internal static partial class Library
{
    private static string FormatBase(double value, double? radix)
    {
        var r = radix is { } given ? (int)given : 10;
        if (r is < 2 or > 36) { throw new JsonataException("D3100", $"The radix of the formatBase function must be between 2 and 36.  It was given {JsNumber.Format(radix ?? 10)}"); }
        var n = (long)Round(value, 0);
        if (n == 0) { return "0"; }
        var negative = n < 0;
        var magnitude = (ulong)Math.Abs(n);
        var builder = new StringBuilder();
        while (magnitude > 0)
        {
            var digit = (int)(magnitude % (ulong)r);
            builder.Insert(0, (char)(digit < 10 ? '0' + digit : 'a' + digit - 10));
            magnitude /= (ulong)r;
        }
        return negative ? "-" + builder : builder.ToString();
    }

    private static string FormatNumber(double value, string picture, JObject? options)
    {
        string Opt(string name, string fallback) => options?.TryGetValue(name, out var v) == true && v is string s ? s : fallback;
        var decimalSeparator = Opt("decimal-separator", ".");
        var groupingSeparator = Opt("grouping-separator", ",");
        var percent = Opt("percent", "%");
        var perMille = Opt("per-mille", "\u2030");
        var zeroDigit = Opt("zero-digit", "0")[0];
        var digit = Opt("digit", "#");
        var patternSeparator = Opt("pattern-separator", ";");
        var minusSign = Opt("minus-sign", "-");
        var pictures = picture.Split(patternSeparator);
        if (pictures.Length > 2) { throw new JsonataException("D3080", "The picture string must not contain more than one instance of the 'pattern-separator' character"); }
        var negative = value < 0;
        var sub = negative && pictures.Length == 2 ? pictures[1] : pictures[0];

        bool IsActive(char c) => (c >= zeroDigit && c <= zeroDigit + 9) || digit.Contains(c, StringComparison.Ordinal) ||
            decimalSeparator.Contains(c, StringComparison.Ordinal) || groupingSeparator.Contains(c, StringComparison.Ordinal);
        var first = -1;
        var last = -1;
        for (var i = 0; i < sub.Length; i++)
        {
            if (IsActive(sub[i])) { if (first < 0) { first = i; } last = i; }
        }
        var prefix = first < 0 ? sub : sub[..first];
        var suffix = first < 0 ? "" : sub[(last + 1)..];
        var mantissa = first < 0 ? "" : sub[first..(last + 1)];
        var scaled = Math.Abs(value);
        if (prefix.Contains(percent, StringComparison.Ordinal) || suffix.Contains(percent, StringComparison.Ordinal)) { scaled *= 100; }
        else if (prefix.Contains(perMille, StringComparison.Ordinal) || suffix.Contains(perMille, StringComparison.Ordinal)) { scaled *= 1000; }
        var dot = mantissa.IndexOf(decimalSeparator, StringComparison.Ordinal);
        var integerPicture = dot >= 0 ? mantissa[..dot] : mantissa;
        var fractionPicture = dot >= 0 ? mantissa[(dot + decimalSeparator.Length)..] : "";
        if (fractionPicture.Contains(decimalSeparator, StringComparison.Ordinal))
        {
            throw new JsonataException("D3081", "The sub-picture must not contain more than one instance of the 'decimal-separator' character");
        }
        bool IsDigit(char c) => c >= zeroDigit && c <= zeroDigit + 9;
        var minInteger = integerPicture.Count(IsDigit);
        var minFraction = fractionPicture.Count(IsDigit);
        var maxFraction = minFraction + fractionPicture.Count(c => digit.Contains(c, StringComparison.Ordinal));
        if (minInteger == 0 && maxFraction == 0) { minInteger = 1; }
        // grouping positions counted from the decimal point
        var groups = new List<int>();
        var digitsSeen = 0;
        for (var i = integerPicture.Length - 1; i >= 0; i--)
        {
            if (groupingSeparator.Contains(integerPicture[i], StringComparison.Ordinal)) { groups.Add(digitsSeen); }
            else { digitsSeen++; }
        }
        var regular = groups.Count > 0 && groups.Select((g, i) => g == groups[0] * (i + 1)).All(b => b);
        var rounded = Round(scaled, maxFraction);
        var text = rounded.ToString("F" + maxFraction.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var parts = text.Split('.');
        var integerDigits = parts[0].TrimStart('0');
        var fractionDigits = parts.Length > 1 ? parts[1] : "";
        while (fractionDigits.Length > minFraction && fractionDigits.EndsWith('0')) { fractionDigits = fractionDigits[..^1]; }
        if (integerDigits.Length < minInteger) { integerDigits = new string('0', minInteger - integerDigits.Length) + integerDigits; }
        var grouped = new StringBuilder();
        for (var i = 0; i < integerDigits.Length; i++)
        {
            var fromRight = integerDigits.Length - i;
            if (i > 0 && (regular ? fromRight % groups[0] == 0 : groups.Contains(fromRight))) { grouped.Append(groupingSeparator); }
            grouped.Append((char)(zeroDigit + (integerDigits[i] - '0')));
        }
        var result = new StringBuilder(prefix).Append(grouped);
        if (fractionDigits.Length > 0)
        {
            result.Append(decimalSeparator);
            foreach (var c in fractionDigits) { result.Append((char)(zeroDigit + (c - '0'))); }
        }
        result.Append(suffix);
        return negative && pictures.Length == 1 ? minusSign + result : result.ToString();
    }

    private static readonly (int Value, string Letters)[] RomanNumerals =
        [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];

    private static string FormatInteger(double value, string picture)
    {
        var n = (long)Math.Floor(value);
        var primary = picture.Split(';')[0];
        switch (primary)
        {
            case "I" or "i":
            {
                var builder = new StringBuilder();
                var rest = Math.Abs(n);
                foreach (var (v, letters) in RomanNumerals) { while (rest >= v) { builder.Append(letters); rest -= v; } }
                return primary == "I" ? builder.ToString().ToUpperInvariant() : builder.ToString();
            }
            case "A" or "a":
            {
                var builder = new StringBuilder();
                var rest = Math.Abs(n);
                while (rest > 0)
                {
                    rest--;
                    builder.Insert(0, (char)((primary == "A" ? 'A' : 'a') + (int)(rest % 26)));
                    rest /= 26;
                }
                return builder.ToString();
            }
        }
        if (primary.Length == 0) { throw new JsonataException("D3130", "Formatting or parsing an integer as a sequence starting with  is not supported by this implementation"); }
        var digitCount = primary.Count(c => c is '#' or (>= '0' and <= '9'));
        var minimum = primary.Count(char.IsAsciiDigit);
        var digits = Math.Abs(n).ToString(CultureInfo.InvariantCulture);
        if (digits.Length < minimum) { digits = new string('0', minimum - digits.Length) + digits; }
        // grouping separators: every non-digit, non-# character at its position from the right
        var separators = new List<(int FromRight, char Separator)>();
        var seen = 0;
        for (var i = primary.Length - 1; i >= 0; i--)
        {
            var c = primary[i];
            if (c is '#' or (>= '0' and <= '9')) { seen++; }
            else { separators.Add((seen, c)); }
        }
        _ = digitCount;
        var regular = separators.Count > 0 && separators.Select((s, i) => s.FromRight == separators[0].FromRight * (i + 1) && s.Separator == separators[0].Separator).All(b => b);
        var result = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            var fromRight = digits.Length - i;
            if (i > 0)
            {
                if (regular && fromRight % separators[0].FromRight == 0) { result.Append(separators[0].Separator); }
                else if (!regular) { foreach (var (at, sep) in separators) { if (at == fromRight) { result.Append(sep); } } }
            }
            result.Append(digits[i]);
        }
        return n < 0 ? "-" + result : result.ToString();
    }

    private static double ParseInteger(string s, string picture)
    {
        var primary = picture.Split(';')[0];
        if (primary is "I" or "i")
        {
            var total = 0;
            var rest = s.ToLowerInvariant();
            foreach (var (v, letters) in RomanNumerals) { while (rest.StartsWith(letters, StringComparison.Ordinal)) { total += v; rest = rest[letters.Length..]; } }
            return total;
        }
        if (primary is "A" or "a")
        {
            var total = 0L;
            foreach (var c in s.ToLowerInvariant()) { total = (total * 26) + (c - 'a' + 1); }
            return total;
        }
        var digits = new StringBuilder();
        foreach (var c in s) { if (char.IsAsciiDigit(c) || c == '-') { digits.Append(c); } }
        return double.Parse(digits.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }
}
