using Amazon.SQS;
using Amazon.SQS.Model;
using AeonNova.Core.Ports;

namespace AeonNova.Functions.Adapters;

/// <summary><see cref="IAlertQueue"/> on SQS (the queue's redrive policy sends poison messages to the DLQ).</summary>
public sealed class SqsAlertQueue(IAmazonSQS sqs, string queueUrl) : IAlertQueue
{
    public async Task<string> SendAsync(string body, CancellationToken cancellationToken = default)
    {
        var response = await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = body }, cancellationToken);
        return response.MessageId;
    }
}
