using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace AeonNova.Core.Alerts;

/// <summary>
/// Fingerprints are 64 lowercase hex characters: SHA-256 over the UTF-8 of the source name followed by the
/// recipe's parts, each preceded by a 0x1F unit separator (so "a","bc" and "ab","c" differ). Recipes per source
/// are in docs/alert-sources.md.
/// </summary>
public static class Fingerprints
{
    private const char Separator = '\u001f';
    private const char KeyValueSeparator = '\u001e';

    public static string Compute(string source, params ReadOnlySpan<string?> parts)
    {
        ArgumentNullException.ThrowIfNull(source);
        var length = source.Length;
        foreach (var part in parts)
        {
            length += 1 + (part?.Length ?? 0);
        }
        var buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            source.CopyTo(buffer);
            var at = source.Length;
            foreach (var part in parts)
            {
                buffer[at++] = Separator;
                if (part is not null)
                {
                    part.CopyTo(buffer.AsSpan(at));
                    at += part.Length;
                }
            }
            return Hash(buffer.AsSpan(0, at));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The label-set recipe: labels sorted by key (ordinal), each written as key 0x1E value.</summary>
    public static string FromLabels(string source, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(labels);
        var keys = new string[labels.Count];
        var length = source.Length;
        var i = 0;
        foreach (var pair in labels)
        {
            keys[i++] = pair.Key;
            length += pair.Key.Length + pair.Value.Length + 2;
        }
        Array.Sort(keys, StringComparer.Ordinal);
        var buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            source.CopyTo(buffer);
            var at = source.Length;
            foreach (var key in keys)
            {
                var value = labels[key];
                buffer[at++] = Separator;
                key.CopyTo(buffer.AsSpan(at));
                at += key.Length;
                buffer[at++] = KeyValueSeparator;
                value.CopyTo(buffer.AsSpan(at));
                at += value.Length;
            }
            return Hash(buffer.AsSpan(0, at));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string Hash(ReadOnlySpan<char> text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var bytes = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, bytes);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes.AsSpan(0, written), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
