using System.Security.Cryptography;
using System.Text;

namespace AeonNova.Jsonata;

/// <summary>Functions Step Functions adds to JSONata, and the ones it replaces or refuses
/// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html, "JSONata functions provided by Step Functions").</summary>
internal static partial class Library
{
    private static IEnumerable<NativeFunction> BuildAws() =>
    [
        F("partition", "<an:a>", 2, (in NativeCall c) => Partition(c[0] as JList, (double)c[1]!)),
        F("range", "<nnn?:a>", 3, (in NativeCall c) => AwsRange((double)c[0]!, (double)c[1]!, c[2] as double? ?? 1)),
        F("hash", "<s-s?:s>", 2, (in NativeCall c) => c[0] is string s ? Hash(s, c[1] as string ?? "SHA-256") : null),
        F("random", "<n?:n>", 1, (in NativeCall c) => c[0] is double seed ? new Random(unchecked((int)(long)seed)).NextDouble() : c.Evaluator.Options.Random()),
        F("uuid", "<:s>", 0, (in NativeCall c) => Uuid(c.Evaluator.Options.Random)),
        F("parse", "<s-:x>", 1, (in NativeCall c) => c[0] is string s ? Parse(s) : null),
        F("eval", "<sx?:x>", 2, (in NativeCall c) => throw new JsonataException("D3120", "The $eval function is not supported by Step Functions")),
    ];

    private static JList? Partition(JList? list, double size)
    {
        if (list is null) { return null; }
        if (size <= 0 || Math.Floor(size) != size)
        {
            throw new JsonataException("D3200", "The second argument of $partition must be a positive integer");
        }
        var result = new JList();
        for (var i = 0; i < list.Count; i += (int)size)
        {
            result.Add(new JList(list.Skip(i).Take((int)size)));
        }
        return result;
    }

    private static JList AwsRange(double start, double end, double step)
    {
        if (step == 0) { throw new JsonataException("D3201", "The step of $range must not be zero"); }
        var result = new JList();
        for (var v = start; step > 0 ? v <= end : v >= end; v += step)
        {
            result.Add(v);
            if (result.Count > 1000) { throw new JsonataException("D3202", "$range cannot produce more than 1000 items"); }
        }
        return result;
    }

    private static string Hash(string data, string algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        var digest = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw new JsonataException("D3203", $"Unsupported hash algorithm: {algorithm} (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
        };
        return Convert.ToHexStringLower(digest);
    }

    private static string Uuid(Func<double> random)
    {
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 16; i++) { bytes[i] = (byte)Math.Floor(random() * 256); }
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static object? Parse(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return Values.FromElement(document.RootElement);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new JsonataException("D3204", $"$parse: the argument is not valid JSON: {e.Message}");
        }
    }
}
