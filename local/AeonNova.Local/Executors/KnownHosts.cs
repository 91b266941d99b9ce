using System.Security.Cryptography;
using System.Text;

namespace AeonNova.Local.Executors;

/// <summary>
/// OpenSSH known_hosts as a trust list: plain and hashed (|1|salt|hash) host entries, "[host]:port" for other
/// ports, * and ? wildcards, "!" negation and @revoked markers. A key is trusted only if an entry for this host
/// carries exactly this key; anything else (unknown host, changed key) is refused.
/// </summary>
public sealed class KnownHosts
{
    private readonly List<Entry> entries;

    private KnownHosts(List<Entry> entries) => this.entries = entries;

    public static KnownHosts Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"known_hosts file '{path}' does not exist; the ssh executor refuses unknown host keys", path);
        }
        var entries = new List<Entry>();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var revoked = false;
            var index = 0;
            if (parts[0].StartsWith('@'))
            {
                if (parts[0] == "@cert-authority")
                {
                    continue;
                }
                revoked = parts[0] == "@revoked";
                index = 1;
            }
            if (parts.Length < index + 3)
            {
                continue;
            }
            try
            {
                entries.Add(new Entry(parts[index].Split(','), Convert.FromBase64String(parts[index + 2]), revoked));
            }
            catch (FormatException)
            {
                // A corrupt line trusts nothing; the other lines still count.
            }
        }
        return new KnownHosts(entries);
    }

    public bool IsTrusted(string host, int port, byte[] hostKeyBlob)
    {
        ArgumentNullException.ThrowIfNull(hostKeyBlob);
        var name = port == 22 ? host : $"[{host}]:{port}";
        var trusted = false;
        foreach (var entry in entries.Where(e => e.Matches(name)))
        {
            if (CryptographicOperations.FixedTimeEquals(entry.Key, hostKeyBlob))
            {
                if (entry.Revoked)
                {
                    return false;
                }
                trusted = true;
            }
        }
        return trusted;
    }

    private sealed record Entry(string[] Patterns, byte[] Key, bool Revoked)
    {
        public bool Matches(string name)
        {
            var matched = false;
            foreach (var pattern in Patterns)
            {
                var negated = pattern.StartsWith('!');
                var body = negated ? pattern[1..] : pattern;
                if (PatternMatches(body, name))
                {
                    if (negated)
                    {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }

        private static bool PatternMatches(string pattern, string name)
        {
            if (pattern.StartsWith("|1|", StringComparison.Ordinal))
            {
                var pieces = pattern.Split('|');
                if (pieces.Length != 4)
                {
                    return false;
                }
                try
                {
                    using var hmac = new HMACSHA1(Convert.FromBase64String(pieces[2]));
                    return CryptographicOperations.FixedTimeEquals(hmac.ComputeHash(Encoding.UTF8.GetBytes(name)), Convert.FromBase64String(pieces[3]));
                }
                catch (FormatException)
                {
                    return false;
                }
            }
            return AeonNova.Core.Glob.IsMatch(name, pattern);
        }
    }
}
