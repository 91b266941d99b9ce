using System.Globalization;
using AeonNova.Core.Observability;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Events;
using AeonNova.Functions.Json;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Observability;

namespace AeonNova.Functions.Handlers;

/// <summary>
/// ParseAlerts: SQS batch → canonical alerts → dedupe/cooldown → one execution per new firing alert; resolved
/// alerts cancel their pending approval. A message that fails (poison payload, transient error) is reported in
/// batchItemFailures so only it returns to the queue (and reaches the DLQ after maxReceiveCount).
/// </summary>
public sealed class ParseAlertsHandler : StreamFunction<SqsEvent, SqsBatchResponse>
{
    private readonly AlertDispatcher _dispatcher;

    public ParseAlertsHandler(IFunctionRuntimes runtimes, AlertDispatcher dispatcher)
        : base(runtimes, "ParseAlerts", FunctionsJsonContext.Default.SqsEvent, FunctionsJsonContext.Default.SqsBatchResponse) =>
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));

    protected override async Task<SqsBatchResponse> HandleAsync(SqsEvent input, Invocation invocation)
    {
        var failures = new List<SqsBatchItemFailure>();
        foreach (var message in input.Records)
        {
            invocation.Log.CorrelationId = message.MessageId;
            try
            {
                var envelope = AlertEnvelope.Parse(message.Body, message.MessageId, SentAt(message));
                var result = await _dispatcher.DispatchAsync(envelope);
                invocation.Metrics.Count(MetricNames.AlertsReceived, result.Received.Count);
                invocation.Metrics.Count(MetricNames.AlertsDeduplicated, result.Duplicates.Count);
                invocation.Metrics.Count(MetricNames.ExecutionsStarted, result.Started.Count(s => !s.Redelivered));
                foreach (var started in result.Started)
                {
                    invocation.Log.Info("execution started", ("alert_id", started.AlertId), ("fingerprint", started.Fingerprint),
                        ("execution_name", started.ExecutionName), ("redelivered", started.Redelivered));
                }
                foreach (var duplicate in result.Duplicates)
                {
                    invocation.Log.Info("duplicate alert", ("alert_id", duplicate.AlertId), ("fingerprint", duplicate.Fingerprint), ("execution_name", duplicate.ExistingExecutionName));
                }
                foreach (var resolved in result.Resolved)
                {
                    invocation.Log.Info("alert resolved", ("alert_id", resolved.AlertId), ("fingerprint", resolved.Fingerprint), ("approval_cancelled", resolved.ApprovalCancelled));
                }
            }
            catch (Exception ex) when (ex is FormatException or AlertPayloadException)
            {
                invocation.Log.Error($"poison message {message.MessageId}: {ex.Message}", ex, ("receive_count", message.Attributes.GetValueOrDefault("ApproximateReceiveCount")));
                failures.Add(new SqsBatchItemFailure(message.MessageId));
            }
#pragma warning disable CA1031 // One message's transient failure must not fail the others; it is retried by SQS.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                invocation.Log.Error($"message {message.MessageId} failed: {ex.Message}", ex);
                failures.Add(new SqsBatchItemFailure(message.MessageId));
            }
        }
        return new SqsBatchResponse { BatchItemFailures = failures };
    }

    private static DateTimeOffset SentAt(SqsMessage message) =>
        message.Attributes.TryGetValue("SentTimestamp", out var ms) && long.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epochMs)
            ? DateTimeOffset.FromUnixTimeMilliseconds(epochMs)
            : DateTimeOffset.UnixEpoch;
}
