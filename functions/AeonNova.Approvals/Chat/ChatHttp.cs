using AeonNova.Core.Chat;

namespace AeonNova.Approvals.Chat;

/// <summary>A signed POST from a chat platform, transport-neutral (Kestrel and API Gateway map to this).</summary>
public sealed record ChatHttpRequest
{
    /// <summary>The exact bytes received, as UTF-8 text: signatures are computed over it.</summary>
    public required string RawBody { get; init; }
    public string? ContentType { get; init; }
    /// <summary>Header lookup, case-insensitive.</summary>
    public required Func<string, string?> Header { get; init; }
    public ClientInfo Client { get; init; } = ClientInfo.Unknown;
}

public sealed record ChatHttpResponse(int StatusCode, string ContentType, string Body)
{
    public static ChatHttpResponse Ok { get; } = new(200, "text/plain; charset=utf-8", "");

    public static ChatHttpResponse Text(int status, string text) => new(status, "text/plain; charset=utf-8", text);

    public static ChatHttpResponse Json(int status, string json) => new(status, "application/json; charset=utf-8", json);
}

/// <summary>Posts each approval (and each escalation tier's turn) to a chat app.</summary>
public interface IApprovalChatNotifier
{
    /// <summary>"Slack" or "Teams".</summary>
    string Name { get; }

    Task NotifyAsync(ApprovalRecord record, CancellationToken cancellationToken);
}

public static class ChatHttp
{
    /// <summary>Chat interaction bodies carry the whole message (the script included); larger ones are refused unread.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>Slack's Interactivity Request URL (serve and the API Gateway stage alike).</summary>
    public const string SlackInteractionsPath = ChatRoutes.SlackInteractionsPath;

    /// <summary>The Teams bot's messaging endpoint.</summary>
    public const string TeamsMessagesPath = ChatRoutes.TeamsMessagesPath;
}

/// <summary>Posts an approval's current state to every chat app; one app failing never stops the others (or the email).</summary>
public static class ChatNotify
{
    public static async Task AllAsync(
        ApprovalService approvals, IReadOnlyList<IApprovalChatNotifier> chats, string approvalId, Action<string, Exception>? onError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(chats);
        if (chats.Count == 0)
        {
            return;
        }
        var record = await approvals.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is null || !record.Status.IsOpen())
        {
            return;
        }
        foreach (var chat in chats)
        {
            try
            {
                await chat.NotifyAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // An HTTP timeout is a cancellation nobody asked for: one chat app failing or hanging must not keep
                // the next from being posted.
                onError?.Invoke(chat.Name, ex);
            }
        }
    }
}
