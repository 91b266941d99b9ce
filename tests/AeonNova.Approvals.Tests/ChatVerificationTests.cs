using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Chat.Slack;
using AeonNova.Approvals.Tests.Support;

namespace AeonNova.Approvals.Tests;

public sealed class ChatVerificationTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Body = "payload=%7B%22type%22%3A%22block_actions%22%7D";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 4, 31, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_WhenSignedWithTheSecretOverTimestampAndBody_ShouldBeValid()
    {
        var ts = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(SlackVerification.Valid, SlackSignature.Verify(Secret, ts, SlackSignature.Sign(Secret, ts, Body), Body, Now));
    }

    [Fact]
    public void Sign_WhenComputed_ShouldBeV0HexOfHmacSha256OverV0TimestampBody()
    {
        // Independent computation of the documented base string "v0:{timestamp}:{body}".
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(Secret));
        var expected = "v0=" + Convert.ToHexStringLower(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes("v0:1531420618:" + Body)));
        Assert.Equal(expected, SlackSignature.Sign(Secret, "1531420618", Body));
    }

    [Theory]
    [InlineData("payload=%7B%22type%22%3A%22view_submission%22%7D")]
    [InlineData("")]
    public void Verify_WhenBodyDiffersFromTheSignedOne_ShouldBeForged(string otherBody)
    {
        var ts = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(SlackVerification.Forged, SlackSignature.Verify(Secret, ts, SlackSignature.Sign(Secret, ts, Body), otherBody, Now));
    }

    [Fact]
    public void Verify_WhenTimestampChangedAfterSigning_ShouldBeForged()
    {
        var ts = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var other = (Now.ToUnixTimeSeconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(SlackVerification.Forged, SlackSignature.Verify(Secret, other, SlackSignature.Sign(Secret, ts, Body), Body, Now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_WhenTimestampMoreThanFiveMinutesAway_ShouldBeStale(int offsetSeconds)
    {
        var ts = Now.AddSeconds(offsetSeconds).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(SlackVerification.Stale, SlackSignature.Verify(Secret, ts, SlackSignature.Sign(Secret, ts, Body), Body, Now));
    }

    [Theory]
    [InlineData(null, "v0=00")]
    [InlineData("1531420618", null)]
    [InlineData("", "")]
    public void Verify_WhenHeaderMissing_ShouldBeMissing(string? ts, string? signature) =>
        Assert.Equal(SlackVerification.Missing, SlackSignature.Verify(Secret, ts, signature, Body, Now));

    [Fact]
    public void Verify_WhenTimestampIsNotANumber_ShouldBeForged() =>
        Assert.Equal(SlackVerification.Forged, SlackSignature.Verify(Secret, "-5", SlackSignature.Sign(Secret, "-5", Body), Body, Now));

    [Fact]
    public void Check_WhenSameKeySeenTwiceInsideTheWindow_ShouldReportReplay()
    {
        var cache = new ReplayCache(new ManualTimeProvider(Now), TimeSpan.FromMinutes(5));
        Assert.Equal(ReplayCheck.First, cache.Check("v0=abc"));
        Assert.Equal(ReplayCheck.Replayed, cache.Check("v0=abc"));
        Assert.Equal(ReplayCheck.First, cache.Check("v0=def"));
    }

    [Fact]
    public void Check_WhenFullOfUnexpiredKeys_ShouldRefuseInsteadOfForgetting()
    {
        var clock = new ManualTimeProvider(Now);
        var cache = new ReplayCache(clock, TimeSpan.FromMinutes(5), capacity: 2);
        cache.Check("a");
        cache.Check("b");

        Assert.Equal(ReplayCheck.Full, cache.Check("c"));
        Assert.Equal(ReplayCheck.Replayed, cache.Check("a"));

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(ReplayCheck.First, cache.Check("c"));
        Assert.Equal(1, cache.Count);
    }
}
