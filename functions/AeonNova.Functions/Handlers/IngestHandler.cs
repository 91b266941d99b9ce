using System.Text;
using System.Text.Json;
using AeonNova.Core.Observability;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Events;
using AeonNova.Functions.Json;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Observability;

namespace AeonNova.Functions.Handlers;

/// <summary>Ingest: API Gateway proxy event for POST /alerts/{source} → checks → SQS. Answers per the HTTP contract.</summary>
public sealed class IngestHandler : StreamFunction<ApiGatewayProxyRequest, ApiGatewayProxyResponse>
{
    private readonly IngestService _ingest;

    public IngestHandler(IFunctionRuntimes runtimes, IngestService ingest)
        : base(runtimes, "Ingest", FunctionsJsonContext.Default.ApiGatewayProxyRequest, FunctionsJsonContext.Default.ApiGatewayProxyResponse) =>
        _ingest = ingest ?? throw new ArgumentNullException(nameof(ingest));

    protected override async Task<ApiGatewayProxyResponse> HandleAsync(ApiGatewayProxyRequest input, Invocation invocation)
    {
        var requestId = input.RequestContext?.RequestId ?? Guid.NewGuid().ToString("N");
        invocation.Log.CorrelationId = requestId;
        var source = input.PathParameters?.GetValueOrDefault("source") ?? "";
        byte[] body;
        try
        {
            body = input.Body is null ? [] : input.IsBase64Encoded ? Convert.FromBase64String(input.Body) : Encoding.UTF8.GetBytes(input.Body);
        }
        catch (FormatException)
        {
            return Error(400, "invalid_body", "body is marked base64 but is not valid base64");
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in input.Headers ?? new Dictionary<string, string>())
        {
            headers[name] = value;
        }
        var result = await _ingest.AcceptAsync(source, headers, body, requestId);
        if (result.StatusCode != 202)
        {
            invocation.Metrics.Count(MetricNames.AlertsRejected, "reason", result.Error!);
            invocation.Log.Warning("alert rejected", ("source", source), ("status", result.StatusCode), ("error", result.Error), ("reason", result.Message));
            return Error(result.StatusCode, result.Error!, result.Message!);
        }
        invocation.Metrics.Count(MetricNames.AlertsAccepted, result.Accepted);
        invocation.Log.Info("alerts accepted", ("source", source), ("accepted", result.Accepted), ("duplicates", result.Duplicates));
        foreach (var info in result.Informational)
        {
            // Recorded here (the function log is the record on AWS); informational events are never queued.
            invocation.Log.Info("informational event accepted", ("source", source), ("event", info.Event), ("reason", info.Reason), ("sourceId", info.SourceId));
        }
        return new ApiGatewayProxyResponse
        {
            StatusCode = 202,
            Body = JsonSerializer.Serialize(
                new IngestAccepted(result.Accepted, result.AlertIds, result.Duplicates)
                {
                    Informational = result.Informational.Select(i => new InformationalAccepted(i.Event, i.Reason)).ToList(),
                },
                FunctionsJsonContext.Default.IngestAccepted),
        };
    }

    private static ApiGatewayProxyResponse Error(int status, string error, string message) => new()
    {
        StatusCode = status,
        Body = JsonSerializer.Serialize(new ErrorBody(error, message), FunctionsJsonContext.Default.ErrorBody),
    };
}
