using AeonNova.Local.Auth;

namespace AeonNova.Local.Tests.Security;

public sealed class PasswordHasherTests
{
    // A cheap cost keeps the test fast; the property does not depend on it.
    private readonly PasswordHasher hasher = new(memoryKib: 64, iterations: 1);

    [Fact]
    public void Unmatchable_WhenCheckedLikeAStoredHash_ShouldCarryTheHasherCostAndNeverVerify()
    {
        var unmatchable = hasher.Unmatchable();

        Assert.StartsWith("$argon2id$v=19$m=64,t=1,p=1$", unmatchable, StringComparison.Ordinal);
        Assert.False(PasswordHasher.Verify("0123456789ab", unmatchable));
        Assert.False(PasswordHasher.Verify("correct horse battery staple", unmatchable));
        Assert.NotEqual(unmatchable, hasher.Unmatchable());
    }

    [Fact]
    public void Verify_WhenThePasswordWasHashed_ShouldMatchOnlyThatPassword()
    {
        var stored = hasher.Hash("correct horse battery staple");

        Assert.True(PasswordHasher.Verify("correct horse battery staple", stored));
        Assert.False(PasswordHasher.Verify("correct horse battery stapler", stored));
    }
}
