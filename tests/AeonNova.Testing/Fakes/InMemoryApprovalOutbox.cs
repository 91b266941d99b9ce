using AeonNova.Local.Workflow;

namespace AeonNova.Testing;

/// <summary>Keeps published approval emails (tests read the links from them).</summary>
public sealed class InMemoryApprovalOutbox : IApprovalOutbox
{
    private readonly List<ApprovalPublication> _published = [];
    private readonly Lock _gate = new();

    public event Action<ApprovalPublication>? Published;

    public Task PublishAsync(ApprovalPublication publication, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _published.Add(publication);
        }
        Published?.Invoke(publication);
        return Task.CompletedTask;
    }

    public IReadOnlyList<ApprovalPublication> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _published];
            }
        }
    }
}
