using AeonNova.Approvals;
using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Email;
using AeonNova.Local.Workflow;

namespace AeonNova.Local.Runtime;

/// <summary>
/// The local "SNS email": the approvals domain issues one personal link per approver and renders one message per
/// approver; the outbox writes each as its own .eml, so no file holds another approver's link. Then each chat app
/// configured (Slack, Teams) gets the approval posted to the current tier's channel; a chat failure is logged and
/// never stops the email.
/// </summary>
public sealed class OutboxPublisher(ApprovalService approvals, EmlOutbox outbox, IEnumerable<IApprovalChatNotifier>? chats = null, Action<string, Exception>? onChatError = null) : IApprovalOutbox
{
    private readonly IReadOnlyList<IApprovalChatNotifier> _chats = [.. chats ?? []];

    public async Task PublishAsync(ApprovalPublication publication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        foreach (var email in await approvals.DeliverAsync(publication.ApprovalId, cancellationToken))
        {
            await outbox.WriteAsync(email, publication.ApprovalId, cancellationToken);
        }
        await ChatNotify.AllAsync(approvals, _chats, publication.ApprovalId, onChatError, cancellationToken);
    }
}

/// <summary>Stands for the model when none is configured; the workflow then never calls it (BuildAnalysisRequest says useModel=false).</summary>
public sealed class NoModel : IModelInvoker
{
    public Task<System.Text.Json.Nodes.JsonNode?> InvokeAsync(string modelId, System.Text.Json.Nodes.JsonNode? body, CancellationToken cancellationToken) =>
        throw new ModelInvocationException("Analysis.ModelDisabled", "no model endpoint is configured; the built-in planner plans");
}
