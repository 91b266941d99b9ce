using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace AeonNova.Functions.Handlers.Knowledge;

/// <summary>
/// CloudFormation custom resource (Custom::AossVectorIndex) that creates the knowledge base's vector index in an
/// OpenSearch Serverless collection. Index creation is an OpenSearch data-plane call on the collection endpoint,
/// signed with SigV4 for service "aoss". Always answers CloudFormation (a missing answer hangs the stack for an
/// hour); Delete never fails the stack.
/// </summary>
public sealed class CreateVectorIndexFunction
{
    public const string PayloadHashHeader = "x-amz-content-sha256";

    private readonly HttpClient _opensearch;
    private readonly HttpClient _cloudFormation;
    private readonly TimeProvider _time;
    private readonly VectorIndexOptions _options;

    /// <summary>Used by the Lambda runtime: credentials and region from the function's environment.</summary>
    public CreateVectorIndexFunction()
        : this(
            new HttpClient(new SigV4SigningHandler(
                new EnvironmentVariablesAWSCredentials(),
                RegionEndpoint.GetBySystemName(Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1"),
                "aoss",
                // The signer's contract: redirects must not be followed below it (they would go out unsigned).
                new HttpClientHandler { AllowAutoRedirect = false })),
            new HttpClient(),
            TimeProvider.System,
            VectorIndexOptions.Default)
    {
    }

    /// <param name="opensearch">Client whose handler signs requests for the collection.</param>
    /// <param name="cloudFormation">Plain client for the pre-signed response URL.</param>
    public CreateVectorIndexFunction(HttpClient opensearch, HttpClient cloudFormation, TimeProvider time, VectorIndexOptions options)
    {
        _opensearch = opensearch;
        _cloudFormation = cloudFormation;
        _time = time;
        _options = options;
    }

    public async Task<Stream> Handle(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = await JsonNode.ParseAsync(input).ConfigureAwait(false)
            ?? throw new FormatException("custom resource event is empty");
        var responseUrl = request["ResponseURL"]?.GetValue<string>()
            ?? throw new FormatException("custom resource event has no ResponseURL");
        var requestType = request["RequestType"]?.GetValue<string>() ?? string.Empty;

        string status;
        string reason;
        string physicalId = request["PhysicalResourceId"]?.GetValue<string>() ?? "vector-index-not-created";
        try
        {
            var index = VectorIndexRequest.Parse(request["ResourceProperties"]);
            switch (requestType)
            {
                case "Create":
                case "Update":
                    await CreateAsync(index).ConfigureAwait(false);
                    physicalId = index.IndexUri.ToString();
                    reason = $"index {index.IndexName} ready";
                    break;
                case "Delete":
                    reason = await DeleteAsync(index).ConfigureAwait(false);
                    break;
                default:
                    throw new FormatException($"RequestType '{requestType}' is not Create, Update or Delete");
            }

            status = "SUCCESS";
        }
        catch (Exception ex) when (ex is FormatException or HttpRequestException or TimeoutException or InvalidOperationException)
        {
            // Deleting must never wedge the stack: a leftover index dies with its collection anyway.
            status = requestType == "Delete" ? "SUCCESS" : "FAILED";
            reason = ex.Message;
        }

        var response = new JsonObject
        {
            ["Status"] = status,
            ["Reason"] = reason.Length > 1000 ? reason[..1000] : reason,
            ["PhysicalResourceId"] = physicalId,
            ["StackId"] = request["StackId"]?.GetValue<string>(),
            ["RequestId"] = request["RequestId"]?.GetValue<string>(),
            ["LogicalResourceId"] = request["LogicalResourceId"]?.GetValue<string>(),
        };
        await RespondAsync(new Uri(responseUrl), response).ConfigureAwait(false);
        return new MemoryStream(Encoding.UTF8.GetBytes(response.ToJsonString()));
    }

    private async Task CreateAsync(VectorIndexRequest index)
    {
        using (var response = await SendAsync(HttpMethod.Put, index.IndexUri, index.IndexBody().ToJsonString()).ConfigureAwait(false))
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var alreadyExists = response.StatusCode == HttpStatusCode.BadRequest &&
                body.Contains("resource_already_exists_exception", StringComparison.Ordinal);
            if (!response.IsSuccessStatusCode && !alreadyExists)
            {
                throw new HttpRequestException($"PUT {index.IndexUri} answered {(int)response.StatusCode}: {body}");
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            using var check = await SendAsync(HttpMethod.Get, index.IndexUri, null).ConfigureAwait(false);
            if (check.IsSuccessStatusCode)
            {
                break;
            }

            if (attempt >= _options.MaxPolls)
            {
                throw new TimeoutException($"index {index.IndexName} not visible after {attempt} checks (last status {(int)check.StatusCode})");
            }

            await Task.Delay(_options.PollInterval, _time).ConfigureAwait(false);
        }

        await Task.Delay(_options.Settle, _time).ConfigureAwait(false);
    }

    private async Task<string> DeleteAsync(VectorIndexRequest index)
    {
        using var response = await SendAsync(HttpMethod.Delete, index.IndexUri, null).ConfigureAwait(false);
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound
            ? $"index {index.IndexName} deleted"
            : $"index {index.IndexName} not deleted ({(int)response.StatusCode}); it goes with its collection";
    }

    /// <summary>
    /// OpenSearch Serverless wants the payload hash header on every signed request; set here, the signer signs it
    /// as given instead of buffering the body to compute it.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, string? json)
    {
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(method, uri);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.TryAddWithoutValidation(PayloadHashHeader, Convert.ToHexStringLower(SHA256.HashData(body)));
        return await _opensearch.SendAsync(request).ConfigureAwait(false);
    }

    private async Task RespondAsync(Uri responseUrl, JsonObject response)
    {
        // The pre-signed S3 URL was signed without a content type: send none.
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(response.ToJsonString()));
        using var result = await _cloudFormation.PutAsync(responseUrl, content).ConfigureAwait(false);
        result.EnsureSuccessStatusCode();
    }
}
