namespace AeonNova.Core.Ports;

/// <summary>Port: the durable queue between Ingest and ParseAlerts (SQS + DLQ, or the local durable queue).</summary>
public interface IAlertQueue
{
    /// <summary>Enqueues one message and returns its id.</summary>
    Task<string> SendAsync(string body, CancellationToken cancellationToken = default);
}
