using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Functions.Handlers.Knowledge;

namespace AeonNova.Functions.Tests.Handlers.Knowledge;

public sealed class CreateVectorIndexFunctionTests
{
    private const string Endpoint = "https://abc123.us-east-1.aoss.amazonaws.com";
    private const string ResponseUrl = "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/response?X-Amz-Signature=x";

    [Fact]
    public async Task Handle_WhenCreating_ShouldPutTheBedrockMappingWaitForTheIndexAndReportSuccess()
    {
        var opensearch = new RecordingHandler(
            Reply(HttpStatusCode.OK, "{\"acknowledged\":true}"),
            Reply(HttpStatusCode.NotFound, "{}"),
            Reply(HttpStatusCode.OK, "{}"));
        var cloudFormation = new RecordingHandler(Reply(HttpStatusCode.OK, string.Empty));

        var result = await Run(opensearch, cloudFormation, Event("Create"));

        Assert.Equal(["PUT", "GET", "GET"], opensearch.Requests.Select(r => r.Method));
        Assert.All(opensearch.Requests, r => Assert.Equal($"{Endpoint}/runbooks", r.Uri));
        // OpenSearch Serverless rejects signed requests without the payload hash header.
        Assert.All(opensearch.Requests, r => Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(r.Body))), r.PayloadHash));
        var body = JsonNode.Parse(opensearch.Requests[0].Body)!;
        Assert.True(body["settings"]!["index"]!["knn"]!.GetValue<bool>());
        Assert.Equal("knn_vector", body["mappings"]!["properties"]!["embedding"]!["type"]!.GetValue<string>());
        Assert.Equal(1024, body["mappings"]!["properties"]!["embedding"]!["dimension"]!.GetValue<int>());
        Assert.Equal("faiss", body["mappings"]!["properties"]!["embedding"]!["method"]!["engine"]!.GetValue<string>());
        Assert.False(body["mappings"]!["properties"]!["metadata"]!["index"]!.GetValue<bool>());

        var answer = JsonNode.Parse(Assert.Single(cloudFormation.Requests).Body)!;
        Assert.Equal("PUT", cloudFormation.Requests[0].Method);
        Assert.Equal(ResponseUrl, cloudFormation.Requests[0].Uri);
        Assert.Null(cloudFormation.Requests[0].ContentType);
        Assert.Equal("SUCCESS", answer["Status"]!.GetValue<string>());
        Assert.Equal($"{Endpoint}/runbooks", answer["PhysicalResourceId"]!.GetValue<string>());
        Assert.Equal("req-1", answer["RequestId"]!.GetValue<string>());
        Assert.Equal("SUCCESS", result["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Handle_WhenIndexAlreadyExists_ShouldTreatCreateAsDone()
    {
        var opensearch = new RecordingHandler(
            Reply(HttpStatusCode.BadRequest, "{\"error\":{\"type\":\"resource_already_exists_exception\"}}"),
            Reply(HttpStatusCode.OK, "{}"));
        var cloudFormation = new RecordingHandler(Reply(HttpStatusCode.OK, string.Empty));

        var result = await Run(opensearch, cloudFormation, Event("Update"));

        Assert.Equal("SUCCESS", result["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Handle_WhenOpenSearchRefuses_ShouldReportFailedWithTheStatusAndBody()
    {
        var opensearch = new RecordingHandler(Reply(HttpStatusCode.Forbidden, "{\"message\":\"User does not have permissions\"}"));
        var cloudFormation = new RecordingHandler(Reply(HttpStatusCode.OK, string.Empty));

        var result = await Run(opensearch, cloudFormation, Event("Create"));

        Assert.Equal("FAILED", result["Status"]!.GetValue<string>());
        Assert.Contains("403", result["Reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("User does not have permissions", result["Reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(cloudFormation.Requests);
    }

    [Fact]
    public async Task Handle_WhenPropertiesAreMalformed_ShouldReportFailedNamingTheProperty()
    {
        var opensearch = new RecordingHandler();
        var cloudFormation = new RecordingHandler(Reply(HttpStatusCode.OK, string.Empty));
        var request = Event("Create");
        request["ResourceProperties"]!["Dimensions"] = "lots";

        var result = await Run(opensearch, cloudFormation, request);

        Assert.Equal("FAILED", result["Status"]!.GetValue<string>());
        Assert.Equal("ResourceProperties.Dimensions 'lots' is not a vector size between 1 and 16000", result["Reason"]!.GetValue<string>());
        Assert.Empty(opensearch.Requests);
    }

    [Fact]
    public async Task Handle_WhenDeleteFails_ShouldStillReportSuccess()
    {
        var opensearch = new RecordingHandler(Reply(HttpStatusCode.InternalServerError, "{}"));
        var cloudFormation = new RecordingHandler(Reply(HttpStatusCode.OK, string.Empty));
        var request = Event("Delete");
        request["PhysicalResourceId"] = $"{Endpoint}/runbooks";

        var result = await Run(opensearch, cloudFormation, request);

        Assert.Equal("DELETE", Assert.Single(opensearch.Requests).Method);
        Assert.Equal("SUCCESS", result["Status"]!.GetValue<string>());
        Assert.Equal($"{Endpoint}/runbooks", result["PhysicalResourceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Handle_WhenIndexNeverAppears_ShouldFailAfterTheConfiguredChecks()
    {
        var opensearch = new RecordingHandler(
            Reply(HttpStatusCode.OK, "{}"),
            Reply(HttpStatusCode.NotFound, "{}"),
            Reply(HttpStatusCode.NotFound, "{}"),
            Reply(HttpStatusCode.NotFound, "{}"));
        var cloudFormation = new RecordingHandler(Reply(HttpStatusCode.OK, string.Empty));

        var result = await Run(opensearch, cloudFormation, Event("Create"));

        Assert.Equal("FAILED", result["Status"]!.GetValue<string>());
        Assert.Contains("not visible after 3 checks", result["Reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> Run(RecordingHandler opensearch, RecordingHandler cloudFormation, JsonObject request)
    {
        using var opensearchClient = new HttpClient(opensearch);
        using var cloudFormationClient = new HttpClient(cloudFormation);
        var function = new CreateVectorIndexFunction(opensearchClient, cloudFormationClient, TimeProvider.System, new VectorIndexOptions(TimeSpan.Zero, 3, TimeSpan.Zero));
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString()));
        using var output = await function.Handle(input);
        return (await JsonNode.ParseAsync(output))!;
    }

    private static JsonObject Event(string requestType) => new()
    {
        ["RequestType"] = requestType,
        ["ResponseURL"] = ResponseUrl,
        ["StackId"] = "arn:aws:cloudformation:us-east-1:111111111111:stack/AeonNova-prod/guid",
        ["RequestId"] = "req-1",
        ["LogicalResourceId"] = "KnowledgeVectorIndex",
        ["ResourceType"] = "Custom::AossVectorIndex",
        ["ResourceProperties"] = new JsonObject
        {
            ["ServiceToken"] = "arn:aws:lambda:us-east-1:111111111111:function:index",
            ["CollectionEndpoint"] = Endpoint,
            ["IndexName"] = "runbooks",
            ["Dimensions"] = "1024",
            ["VectorField"] = "embedding",
            ["TextField"] = "text",
            ["MetadataField"] = "metadata",
        },
    };

    private static Func<HttpResponseMessage> Reply(HttpStatusCode status, string body) =>
        () => new HttpResponseMessage(status) { Content = new StringContent(body) };

    private sealed class RecordingHandler(params Func<HttpResponseMessage>[] replies) : HttpMessageHandler
    {
        private int _next;

        public List<(string Method, string Uri, string Body, string? ContentType, string? PayloadHash)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var hash = request.Headers.TryGetValues(CreateVectorIndexFunction.PayloadHashHeader, out var values) ? values.Single() : null;
            Requests.Add((request.Method.Method, request.RequestUri!.ToString(), body, request.Content?.Headers.ContentType?.MediaType, hash));
            return _next < replies.Length ? replies[_next++]() : throw new InvalidOperationException("no reply programmed");
        }
    }
}
