using AeonNova.Approvals;
using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Email;
using AeonNova.Local.Runtime;
using AeonNova.Local.Tests.Approvals;
using AeonNova.Local.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace AeonNova.Local.Tests.Chat;

internal static class ChatPublishing
{
    /// <summary>Creates the fixture approval, registers its task token and publishes it as serve does (email, then chat).</summary>
    public static async Task<(PreparedApproval Prepared, ApprovalRecord Record)> PostedAsync(ApprovalTestHost host)
    {
        var prepared = await host.CreateReadyAsync();
        await PublishAsync(host, prepared.ApprovalId);
        return (prepared, (await host.Service.GetAsync(prepared.ApprovalId, CancellationToken.None))!);
    }

    /// <summary>The serve publisher (OutboxPublisher) with the host's chat notifiers; a chat failure fails the test.</summary>
    public static Task PublishAsync(ApprovalTestHost host, string approvalId)
    {
        var publisher = new OutboxPublisher(host.Service, host.Services.GetRequiredService<EmlOutbox>(), host.Services.GetServices<IApprovalChatNotifier>(),
            (chat, ex) => throw new InvalidOperationException($"{chat} notify failed", ex));
        return publisher.PublishAsync(new ApprovalPublication("arn:aws:sns:local:approvals", approvalId, "s", "m", "arn:exec"), CancellationToken.None);
    }
}
