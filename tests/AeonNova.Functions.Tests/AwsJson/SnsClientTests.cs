using System.Net;
using Amazon;
using Amazon.Runtime;
using AeonNova.Functions.AwsJson;
using AeonNova.Testing;

namespace AeonNova.Functions.Tests.AwsJson;

/// <summary>
/// Publish checked against the SNS API reference (Query API: Action=Publish, Version=2010-03-31,
/// MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue; XML answers) and SigV4.
/// </summary>
public sealed class SnsClientTests
{
    private const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:aeonnova-dev-approvers";
    private static readonly DateTime SignedAt = new(2026, 11, 23, 5, 0, 0, DateTimeKind.Utc);

    private static (SnsClient Client, FakeHttpHandler Http) Create(HttpStatusCode status, string answer)
    {
        var http = new FakeHttpHandler { Respond = _ => new HttpResponseMessage(status) { Content = new StringContent(answer) } };
        var credentials = new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example");
        return (new SnsClient(new HttpClient(http), credentials, RegionEndpoint.EUWest1, new Uri("https://sns.eu-west-1.amazonaws.com/"), () => SignedAt), http);
    }

    [Fact]
    public async Task Publish_WhenCalled_ShouldSendTheDocumentedSignedQueryRequestAndReturnTheMessageId()
    {
        var (client, http) = Create(HttpStatusCode.OK, """
            <PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>
              <ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata>
            </PublishResponse>
            """);

        var id = await client.PublishAsync(TopicArn, "Approval needed: disk full on web-1", "Open https://x/approvals/a?t=1 & decide",
            new Dictionary<string, string> { ["approver"] = "alex@example.com" });

        Assert.Equal("94f20ce6-13c5-43a0-9a9e-ca52d816e90b", id);
        var request = Assert.Single(http.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://sns.eu-west-1.amazonaws.com/", request.Uri.ToString());
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"], StringComparison.Ordinal);
        var fields = request.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("Publish", fields["Action"]);
        Assert.Equal("2010-03-31", fields["Version"]);
        Assert.Equal(TopicArn, fields["TopicArn"]);
        Assert.Equal("Open https://x/approvals/a?t=1 & decide", fields["Message"]);
        Assert.Equal("Approval needed: disk full on web-1", fields["Subject"]);
        Assert.Equal("approver", fields["MessageAttributes.entry.1.Name"]);
        Assert.Equal("String", fields["MessageAttributes.entry.1.Value.DataType"]);
        Assert.Equal("alex@example.com", fields["MessageAttributes.entry.1.Value.StringValue"]);
        Assert.DoesNotContain("+", request.Body, StringComparison.Ordinal);
        var authorization = request.Headers["Authorization"];
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/sns/aws4_request, SignedHeaders=", authorization, StringComparison.Ordinal);
        Assert.Matches("Signature=[0-9a-f]{64}$", authorization);
        Assert.Equal("20261123T050000Z", request.Headers["X-Amz-Date"]);
        Assert.Equal("session-token-example", request.Headers["X-Amz-Security-Token"]);
    }

    [Fact]
    public async Task Publish_WhenSnsAnswersAnErrorResponse_ShouldThrowWithItsCodeAndMessage()
    {
        var (client, _) = Create(HttpStatusCode.Forbidden, """
            <ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not authorized to perform SNS:Publish</Message></Error>
              <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>
            </ErrorResponse>
            """);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.PublishAsync(TopicArn, "s", "m", new Dictionary<string, string>()));

        Assert.Equal("AuthorizationError", error.ErrorCode);
        Assert.Equal(403, error.StatusCode);
        Assert.Contains("not authorized", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Approval needed\r\nBcc: x", "Approval needed  Bcc: x")]
    [InlineData("Approval – überfüllt", "Approval    berf llt")]
    public void SafeSubject_WhenSubjectHasLineBreaksOrNonAscii_ShouldReplaceThem(string subject, string expected)
    {
        Assert.Equal(expected, SnsClient.SafeSubject(subject));
    }

    [Fact]
    public void SafeSubject_WhenSubjectIsLong_ShouldCutItToTheSnsLimit()
    {
        Assert.Equal(SnsClient.MaxSubjectLength, SnsClient.SafeSubject(new string('a', 300)).Length);
    }
}
