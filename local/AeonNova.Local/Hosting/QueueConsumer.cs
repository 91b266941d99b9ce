using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AeonNova.Local.Hosting;

/// <summary>
/// Drains the durable ingest queue: parse → dedupe/cooldown claim → start the workflow (ParseAlerts' domain,
/// <see cref="AlertDispatcher"/>). A message is deleted only after every alert in it was dispatched; a crash in
/// between re-delivers it, and the claim (same alert id → same execution name) plus name-idempotent
/// StartExecution make the re-delivery start nothing twice. Unreadable messages go straight to dead letters.
/// Before each message the consumer gives way to alert accepts in flight (at most
/// <see cref="QueueOptions.DeferToAcceptsMilliseconds"/> per message).
/// </summary>
public sealed partial class QueueConsumer(
    IIngestQueue queue,
    AlertDispatcher dispatcher,
    AcceptTraffic accepts,
    LocalMetrics metrics,
    QueueOptions options,
    TimeProvider clock,
    ILogger<QueueConsumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var arrival = queue.NextArrival; // before looking: a commit after this point wakes the wait below
            var batch = queue.Lease(options.BatchSize);
            foreach (var message in batch)
            {
                try
                {
                    // Accepts first: a sender waiting for its 202 outranks the backlog (see AcceptTraffic).
                    await accepts.WaitForLullAsync(TimeSpan.FromMilliseconds(options.DeferToAcceptsMilliseconds), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                await HandleAsync(message, stoppingToken);
            }
            if (batch.Count == 0)
            {
                try
                {
                    // Woken by the next accept's commit; the poll interval covers retries and expired leases.
                    await queue.WaitForMessagesAsync(arrival, TimeSpan.FromMilliseconds(options.PollMilliseconds), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Processes one message; public so tests and the bench can drive the consumer step by step.</summary>
    public async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        AlertEnvelope envelope;
        try
        {
            envelope = AlertEnvelope.Parse(message.Body, message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), message.EnqueuedAt);
        }
        catch (FormatException ex)
        {
            queue.DeadLetter(message.Id, ex.Message);
            LogDeadLetter(logger, message.Id, ex.Message);
            return;
        }
        try
        {
            var result = await dispatcher.DispatchAsync(envelope, cancellationToken);
            metrics.Deduplicated(result.Duplicates.Count);
            queue.Complete(message.Id);
            LogDispatched(logger, message.Id, result.Started.Count, result.Duplicates.Count, result.Resolved.Count);
        }
        catch (AlertPayloadException ex)
        {
            queue.DeadLetter(message.Id, ex.Message);
            LogDeadLetter(logger, message.Id, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the message is delivered again after the restart.
        }
#pragma warning disable CA1031 // Any other failure is retried with backoff, then dead-lettered; the loop must survive it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            queue.Fail(message.Id, $"{ex.GetType().Name}: {ex.Message}");
            LogRetry(logger, message.Id, message.Attempts, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "queue message {MessageId}: {Started} execution(s) started, {Duplicates} duplicate(s), {Resolved} resolved")]
    private static partial void LogDispatched(ILogger logger, long messageId, int started, int duplicates, int resolved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "queue message {MessageId} failed (attempt {Attempt}); it will be retried or dead-lettered")]
    private static partial void LogRetry(ILogger logger, long messageId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "queue message {MessageId} moved to dead letters: {Reason}")]
    private static partial void LogDeadLetter(ILogger logger, long messageId, string reason);
}
