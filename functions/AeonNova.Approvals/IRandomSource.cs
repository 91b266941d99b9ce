using System.Security.Cryptography;

namespace AeonNova.Approvals;

/// <summary>Cryptographic randomness behind a seam, so tests can pin ids without weakening production.</summary>
public interface IRandomSource
{
    void Fill(Span<byte> destination);
}

/// <summary>The operating system's CSPRNG.</summary>
public sealed class CryptoRandomSource : IRandomSource
{
    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
