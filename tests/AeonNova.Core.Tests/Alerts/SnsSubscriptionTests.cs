using System.Net;
using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Sns;

namespace AeonNova.Core.Tests.Alerts;

public class SnsSubscriptionTests
{
    private const string Topic = "arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms";
    private const string Url = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=2336412f37fb";
    private static readonly SnsSubscriptionPolicy Policy = new([Topic], "sources.cloudwatch.snsTopicArns");

    [Fact]
    public void Decide_WhenTopicIsAllowedAndUrlIsAwsConfirmation_ShouldConfirm()
    {
        var decision = Policy.Decide(new SnsSubscriptionRequest("SubscriptionConfirmation", Topic, Url));

        Assert.True(decision.Confirm);
        Assert.Equal(new Uri(Url), decision.SubscribeUrl);
    }

    [Fact]
    public void Decide_WhenTopicIsNotAllowed_ShouldRefuseNamingTheSetting()
    {
        var other = "arn:aws:sns:eu-west-1:999999999999:someone-else";
        var decision = Policy.Decide(new SnsSubscriptionRequest("SubscriptionConfirmation", other, Url.Replace(Topic, other, StringComparison.Ordinal)));

        Assert.False(decision.Confirm);
        Assert.Null(decision.SubscribeUrl);
        Assert.Contains("sources.cloudwatch.snsTopicArns", decision.Reason, StringComparison.Ordinal);
        Assert.Contains(other, decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1", "https")]
    [InlineData("https://sns.eu-west-1.amazonaws.com.evil.example/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1", "host")]
    [InlineData("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1", "host")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "host")]
    [InlineData("https://user:pw@sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1", "credentials")]
    [InlineData("https://sns.eu-west-1.amazonaws.com:8443/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1", "port")]
    [InlineData("https://sns.eu-west-1.amazonaws.com/?Action=Publish&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1", "ConfirmSubscription")]
    [InlineData("https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:other&Token=1", "TopicArn")]
    [InlineData("https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Action=Publish&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1", "ConfirmSubscription")]
    [InlineData("not a url", "absolute")]
    public void Decide_WhenSubscribeUrlIsNotTheTopicsAwsConfirmation_ShouldRefuse(string url, string why)
    {
        var decision = Policy.Decide(new SnsSubscriptionRequest("SubscriptionConfirmation", Topic, url));

        Assert.False(decision.Confirm);
        Assert.StartsWith("$.SubscribeURL", decision.Reason, StringComparison.Ordinal);
        Assert.Contains(why, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmAsync_WhenUrlIsValid_ShouldGetItOnce()
    {
        using var handler = new RecordingHandler(HttpStatusCode.OK);
        using var http = new HttpClient(handler);

        await new HttpSnsSubscriptionConfirmer(http).ConfirmAsync(new Uri(Url));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(new Uri(Url), request.RequestUri);
    }

    [Theory]
    [InlineData("https://evil.example/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1")]
    [InlineData("https://sns.eu-west-1.amazonaws.com.evil.example/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1")]
    [InlineData("http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:aeonnova-alarms&Token=1")]
    public async Task ConfirmAsync_WhenUrlIsNotAnSnsConfirmation_ShouldNotCallIt(string url)
    {
        using var handler = new RecordingHandler(HttpStatusCode.OK);
        using var http = new HttpClient(handler);

        await Assert.ThrowsAsync<SnsConfirmationException>(() => new HttpSnsSubscriptionConfirmer(http).ConfirmAsync(new Uri(url)));

        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.Redirect)]
    public async Task ConfirmAsync_WhenSnsDoesNotAnswer2xx_ShouldThrowWithTheStatus(HttpStatusCode status)
    {
        using var handler = new RecordingHandler(status);
        using var http = new HttpClient(handler);

        var ex = await Assert.ThrowsAsync<SnsConfirmationException>(() => new HttpSnsSubscriptionConfirmer(http).ConfirmAsync(new Uri(Url)));

        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }
}
