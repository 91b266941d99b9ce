using System.Net;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using AeonNova.Functions.Adapters;
using AeonNova.Functions.AwsJson;
using AeonNova.Testing;

namespace AeonNova.Functions.Tests.AwsJson;

/// <summary>Requests checked against the Step Functions API reference (awsJson1_0 protocol) and SigV4.</summary>
public sealed class StepFunctionsClientTests
{
    private static readonly DateTime SignedAt = new(2026, 11, 23, 5, 0, 0, DateTimeKind.Utc);

    private static (StepFunctionsClient Client, FakeHttpHandler Http) Create(Func<HttpRequestMessage, HttpResponseMessage>? respond = null)
    {
        var http = new FakeHttpHandler();
        if (respond is not null)
        {
            http.Respond = respond;
        }
        var credentials = new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example");
        var json = new AwsJsonClient(new HttpClient(http), credentials, RegionEndpoint.EUWest1, StepFunctionsClient.SigningName,
            new Uri("https://states.eu-west-1.amazonaws.com/"), () => SignedAt);
        return (new StepFunctionsClient(json), http);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) => new(status) { Content = new StringContent(body) };

    [Fact]
    public async Task StartExecution_WhenCalled_ShouldSendTheDocumentedSignedRequest()
    {
        var (client, http) = Create(_ => Json(HttpStatusCode.OK, """{"executionArn":"arn:aws:states:eu-west-1:123456789012:execution:remediation:fp-1","startDate":1795410000.123}"""));

        var (arn, start) = await client.StartExecutionAsync("arn:aws:states:eu-west-1:123456789012:stateMachine:remediation", "fp-1", """{"alert":{"id":"a"}}""");

        Assert.Equal("arn:aws:states:eu-west-1:123456789012:execution:remediation:fp-1", arn);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795410000123), start);
        var request = Assert.Single(http.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://states.eu-west-1.amazonaws.com/", request.Uri.ToString());
        Assert.Equal("AWSStepFunctions.StartExecution", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.0", request.Headers["Content-Type"]);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal(["stateMachineArn", "name", "input"], body.Select(p => p.Key));
        Assert.Equal("""{"alert":{"id":"a"}}""", (string?)body["input"]);
        var authorization = request.Headers["Authorization"];
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/states/aws4_request, SignedHeaders=", authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-target", authorization, StringComparison.Ordinal);
        Assert.Matches("Signature=[0-9a-f]{64}$", authorization);
        Assert.Equal("20261123T050000Z", request.Headers["X-Amz-Date"]);
        Assert.Equal("session-token-example", request.Headers["X-Amz-Security-Token"]);
    }

    [Fact]
    public async Task SendTaskSuccess_WhenCalled_ShouldSendTokenAndOutput()
    {
        var (client, http) = Create(_ => Json(HttpStatusCode.OK, "{}"));

        await client.SendTaskSuccessAsync("AQB8AAAAKgAAAAMAAAAA-token", """{"decision":"approved"}""");
        await client.SendTaskFailureAsync("AQB8AAAAKgAAAAMAAAAA-token", "Approvals.InternalError", "store unavailable");
        await client.SendTaskHeartbeatAsync("AQB8AAAAKgAAAAMAAAAA-token");

        Assert.Equal(["AWSStepFunctions.SendTaskSuccess", "AWSStepFunctions.SendTaskFailure", "AWSStepFunctions.SendTaskHeartbeat"], http.Requests.Select(r => r.Headers["X-Amz-Target"]));
        Assert.Equal(["taskToken", "output"], JsonNode.Parse(http.Requests[0].Body)!.AsObject().Select(p => p.Key));
        Assert.Equal(["taskToken", "error", "cause"], JsonNode.Parse(http.Requests[1].Body)!.AsObject().Select(p => p.Key));
        Assert.Equal(["taskToken"], JsonNode.Parse(http.Requests[2].Body)!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task SendTaskSuccess_WhenTheServiceAnswersAnError_ShouldRaiseItsErrorCode()
    {
        var (client, _) = Create(_ => Json(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.swf.service.v2.model#TaskTimedOut","message":"Task Timed Out"}"""));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.SendTaskSuccessAsync("t", "{}"));

        Assert.Equal("TaskTimedOut", error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Task Timed Out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starter_WhenTheExecutionAlreadyExists_ShouldReportItAsAlreadyStarted()
    {
        var (client, _) = Create(_ => Json(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists","message":"Execution Already Exists"}"""));
        var starter = new StepFunctionsWorkflowStarter(client, "arn:aws:states:eu-west-1:123456789012:stateMachine:remediation");

        var start = await starter.StartAsync("fp-1-20261123T050000Z", "{}");

        Assert.True(start.AlreadyStarted);
        Assert.Equal("arn:aws:states:eu-west-1:123456789012:execution:remediation:fp-1-20261123T050000Z", start.ExecutionArn);
    }
}
