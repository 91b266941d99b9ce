using AeonNova.Core.Ports;

namespace AeonNova.Testing;

/// <summary>Collects enqueued messages in order.</summary>
public sealed class InMemoryAlertQueue : IAlertQueue
{
    private readonly List<string> _messages = [];
    private readonly Lock _gate = new();

    public Task<string> SendAsync(string body, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _messages.Add(body);
            return Task.FromResult($"msg-{_messages.Count}");
        }
    }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }
}
