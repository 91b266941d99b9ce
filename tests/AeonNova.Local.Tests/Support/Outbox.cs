using System.Text.RegularExpressions;

namespace AeonNova.Local.Tests.Support;

/// <summary>What the approvers' mailboxes received: the outbox's .eml files of one approval (one per approver).</summary>
public static partial class Outbox
{
    public sealed record Message(string Path, string To, IReadOnlyList<string> Links, string Text);

    public static IReadOnlyList<Message> Messages(string outboxDirectory, string approvalId)
    {
        if (!Directory.Exists(outboxDirectory))
        {
            return [];
        }
        return [.. Directory.GetFiles(outboxDirectory, $"*-{approvalId}-*.eml").Order(StringComparer.Ordinal).Select(path =>
        {
            var text = File.ReadAllText(path);
            var to = ToHeader().Match(text) is { Success: true } m ? m.Groups[1].Value.Trim() : "";
            return new Message(path, to, [.. LinkPattern().Matches(text).Select(x => x.Value).Distinct(StringComparer.Ordinal)], text);
        })];
    }

    /// <summary>Every approval link in the outbox for this approval, with the recipient it was sent to.</summary>
    public static IReadOnlyList<(string To, string Url)> Links(string outboxDirectory, string approvalId) =>
        [.. Messages(outboxDirectory, approvalId).SelectMany(m => m.Links.Select(l => (m.To, l)))];

    [GeneratedRegex(@"https?://[^\s""<>]+/approvals/[A-Za-z0-9_\-]+\?t=[A-Za-z0-9_\-]+")]
    public static partial Regex LinkPattern();

    [GeneratedRegex(@"^To: (.+)$", RegexOptions.Multiline)]
    private static partial Regex ToHeader();
}
