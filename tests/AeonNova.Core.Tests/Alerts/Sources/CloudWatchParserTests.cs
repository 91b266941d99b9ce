using AeonNova.Core.Alerts;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts.Sources;

public class CloudWatchParserTests
{
    [Fact]
    public void Parse_WhenEventBridgeAlarm_ShouldReadInstanceAndDescriptionHints()
    {
        var alert = Assert.Single(Samples.Parse("cloudwatch", "firing.json"));

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("web-prod-cpu-high", alert.Title);
        Assert.Equal("i-0a1b2c3d4e5f67890", alert.Host);
        Assert.Equal("AWS/EC2", alert.Service);
        Assert.Equal(AlertSeverity.High, alert.Severity);
        Assert.Equal("prod", alert.Environment);
        Assert.Equal(OsFamily.Linux, alert.Os);
        Assert.Equal("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-prod-cpu-high", alert.SourceId);
        Assert.Equal("CPUUtilization", alert.Labels["metricName"]);
        Assert.Equal("OK", alert.Annotations["previousState"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 15, 41, 979, TimeSpan.Zero), alert.StartedAt);
        Assert.Contains("region=eu-west-1", alert.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenEventBridgeAlarmReturnsToOk_ShouldBeResolvedWithTheSameFingerprint()
    {
        var firing = Assert.Single(Samples.Parse("cloudwatch", "firing.json"));
        var resolved = Assert.Single(Samples.Parse("cloudwatch", "resolved.json"));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 45, 41, 979, TimeSpan.Zero), resolved.EndedAt);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
    }

    [Fact]
    public void Parse_WhenSnsEnvelope_ShouldReadTheAlarmJsonInsideMessage()
    {
        var alert = Assert.Single(Samples.Parse("cloudwatch", "sns-firing.json"));

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("win-app-disk-free-low", alert.Title);
        Assert.Equal("i-0fedcba9876543210", alert.Host);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal(OsFamily.Windows, alert.Os);
        Assert.Equal("CWAgent", alert.Service);
        Assert.Equal("EU (Ireland)", alert.Labels["region"]);
        Assert.Contains("region=eu-west-1", alert.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenSnsEnvelopeReportsOk_ShouldBeResolvedWithTheSameFingerprint()
    {
        var firing = Assert.Single(Samples.Parse("cloudwatch", "sns-firing.json"));
        var resolved = Assert.Single(Samples.Parse("cloudwatch", "sns-resolved.json"));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
    }

    [Fact]
    public void Parse_WhenSnsLambdaEventHasTwoRecords_ShouldReturnOneAlertPerRecord()
    {
        var alerts = Samples.Parse("cloudwatch", "sns-lambda-records.json");

        Assert.Equal(["win-app-disk-free-low", "win-app2-disk-free-low"], alerts.Select(a => a.Title));
        Assert.Equal(["i-0fedcba9876543210", "i-0123456789abcdef0"], alerts.Select(a => a.Host));
        Assert.NotEqual(alerts[0].Fingerprint, alerts[1].Fingerprint);
    }

    [Fact]
    public void Parse_WhenSnsMessageIsBrokenAlarmJson_ShouldThrowWrongShapeNamingMessage()
    {
        var ex = Assert.Throws<AlertParseException>(() =>
            Samples.Registry().Parse("cloudwatch", """{"Type":"Notification","Message":"{\"AlarmName\":"}"""u8));

        Assert.Equal(AlertParseErrorKind.WrongShape, ex.Kind);
        Assert.StartsWith("$.Message: the SNS Message is not alarm JSON", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Type":"Notification","MessageId":"m-1","Message":"ALARM: disk"}""", "Notification")]
    [InlineData("""{"Type":"Notification","MessageId":"m-1","Message":"{\"source\":\"aws.health\"}"}""", "Notification")]
    [InlineData("""{"detail-type":"EC2 Instance State-change Notification","detail":{}}""", "EC2 Instance State-change Notification")]
    [InlineData("""{"Type":"UnsubscribeConfirmation","TopicArn":"arn:aws:sns:us-east-1:123456789012:t","Message":"unsubscribed"}""", "UnsubscribeConfirmation")]
    public void ParseEvents_WhenMessageIsNotAnAlarm_ShouldBeInformational(string body, string expectedEvent)
    {
        var result = Samples.Registry().ParseEvents("cloudwatch", System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Empty(result.Alerts);
        var info = Assert.Single(result.Informational);
        Assert.Equal(expectedEvent, info.Event);
        Assert.Null(info.Handshake);
    }

    [Fact]
    public void ParseEvents_WhenSubscriptionConfirmation_ShouldCarryTheHandshake()
    {
        var result = Samples.Registry().ParseEvents("cloudwatch",
            """{"Type":"SubscriptionConfirmation","TopicArn":"arn:aws:sns:us-east-2:123456789012:MyTopic","Message":"confirm","SubscribeURL":"https://sns.us-east-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-2:123456789012:MyTopic&Token=2336"}"""u8);

        var info = Assert.Single(result.Informational);
        Assert.Empty(result.Alerts);
        Assert.NotNull(info.Handshake);
        Assert.Equal("arn:aws:sns:us-east-2:123456789012:MyTopic", info.Handshake.TopicArn);
        Assert.StartsWith("https://sns.us-east-2.amazonaws.com/", info.Handshake.SubscribeUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenStateIsInsufficientData_ShouldBeItsOwnStatus()
    {
        var body = System.Text.Encoding.UTF8.GetString(Samples.Alert("cloudwatch", "firing.json")).Replace("\"ALARM\"", "\"INSUFFICIENT_DATA\"", StringComparison.Ordinal);

        var alert = Assert.Single(Samples.Registry().Parse("cloudwatch", System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal(AlertStatus.InsufficientData, alert.Status);
        Assert.Null(alert.EndedAt);
        Assert.Equal(Assert.Single(Samples.Parse("cloudwatch", "firing.json")).Fingerprint, alert.Fingerprint);
    }
}
