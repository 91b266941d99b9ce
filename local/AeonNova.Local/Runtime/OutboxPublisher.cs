using AeonNova.Approvals;
using AeonNova.Approvals.Email;
using AeonNova.Local.Workflow;

namespace AeonNova.Local.Runtime;

/// <summary>The local "SNS email": the approvals domain renders the message (text + HTML) and the outbox writes the .eml.</summary>
public sealed class OutboxPublisher(ApprovalService approvals, EmlOutbox outbox) : IApprovalOutbox
{
    public async Task PublishAsync(ApprovalPublication publication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var email = await approvals.RenderEmailAsync(publication.ApprovalId, publication.Message, cancellationToken)
            ?? throw new InvalidOperationException($"approval {publication.ApprovalId} does not exist");
        await outbox.WriteAsync(email, publication.ApprovalId, cancellationToken);
    }
}

/// <summary>Stands for the model when none is configured; the workflow then never calls it (BuildAnalysisRequest says useModel=false).</summary>
public sealed class NoModel : IModelInvoker
{
    public Task<System.Text.Json.Nodes.JsonNode?> InvokeAsync(string modelId, System.Text.Json.Nodes.JsonNode? body, CancellationToken cancellationToken) =>
        throw new ModelInvocationException("Analysis.ModelDisabled", "no model endpoint is configured; the built-in planner plans");
}
