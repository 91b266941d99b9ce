using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace AeonNova.Local.Auth;

/// <summary>
/// Operator passwords as Argon2id hashes in the PHC string format
/// (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>); the default cost is OWASP's Password Storage Cheat Sheet
/// minimum for Argon2id (19 MiB, 2 iterations, 1 lane). The parameters travel with each hash, so raising them
/// later keeps old hashes verifiable.
/// </summary>
public sealed class PasswordHasher
{
    public const int MinimumLength = 12;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private readonly int _memoryKib;
    private readonly int _iterations;

    public PasswordHasher(int memoryKib = 19 * 1024, int iterations = 2)
    {
        _memoryKib = memoryKib;
        _iterations = iterations;
    }

    /// <summary>Why this password is refused, or null when it is acceptable.</summary>
    public static string? Weakness(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.Length < MinimumLength ? $"a password needs at least {MinimumLength} characters" : null;
    }

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, _memoryKib, _iterations, 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={_memoryKib},t={_iterations},p=1${B64(salt)}${B64(hash)}");
    }

    /// <summary>
    /// A hash with this hasher's cost that no password verifies against (random salt, random digest): checking an
    /// unknown name against it costs the same one derivation as checking a real account, and making it costs none
    /// (serve used to derive a dummy hash at every start-up).
    /// </summary>
    public string Unmatchable() => string.Create(CultureInfo.InvariantCulture,
        $"$argon2id$v=19$m={_memoryKib},t={_iterations},p=1${B64(RandomNumberGenerator.GetBytes(SaltBytes))}${B64(RandomNumberGenerator.GetBytes(HashBytes))}");

    /// <summary>Constant-time check of a password against a stored hash; a malformed hash never verifies.</summary>
    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(stored);
        var parts = stored.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id" || parts[2] != "v=19")
        {
            return false;
        }
        var cost = parts[3].Split(',').Select(p => p.Split('=')).Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0, StringComparer.Ordinal);
        if (!cost.TryGetValue("m", out var m) || !cost.TryGetValue("t", out var t) || !cost.TryGetValue("p", out var p) || m < 8 || t < 1 || p < 1)
        {
            return false;
        }
        try
        {
            var salt = FromB64(parts[4]);
            var expected = FromB64(parts[5]);
            return CryptographicOperations.FixedTimeEquals(Derive(password, salt, m, t, p, expected.Length), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Derive(string password, byte[] salt, int memoryKib, int iterations, int lanes, int length = HashBytes)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKib,
            Iterations = iterations,
            DegreeOfParallelism = lanes,
        };
        return argon.GetBytes(length);
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] FromB64(string text) => Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
