namespace AeonNova.Core.Tests.TestSupport;

/// <summary>A clock that stays where the test puts it.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Default = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    public TestClock() : this(Default) { }

    public override DateTimeOffset GetUtcNow() => now;
}
