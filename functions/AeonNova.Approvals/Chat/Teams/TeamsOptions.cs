namespace AeonNova.Approvals.Chat.Teams;

/// <summary>
/// A Teams bot (Azure Bot registration) posting approval cards and receiving their Action.Execute invokes
/// (docs/approvals.md, "Microsoft Teams").
/// </summary>
public sealed record TeamsOptions
{
    /// <summary>The bot's Microsoft App ID: the audience every incoming Bot Framework token must carry.</summary>
    public required string AppId { get; init; }
    /// <summary>The bot's client secret, used only to get a token for posting cards (client credentials).</summary>
    public required string AppPassword { get; init; }
    /// <summary>Where approvals are posted: the Bot Connector service URL of the team's region.</summary>
    public required Uri ServiceUrl { get; init; }
    /// <summary>Channel conversation id (19:…@thread.tacv2) for tiers without their own entry.</summary>
    public required string Conversation { get; init; }
    /// <summary>Escalation tier name → channel conversation id.</summary>
    public IReadOnlyDictionary<string, string> TierConversations { get; init; } = new Dictionary<string, string>();
    /// <summary>Microsoft Entra object id (from.aadObjectId) → approver email of the approval policy.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();
    /// <summary>Bot Framework OpenID metadata (issuer and signing keys of incoming tokens).</summary>
    public Uri OpenIdMetadataUrl { get; init; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");
    /// <summary>Issuer of Bot Framework tokens sent to bots.</summary>
    public string Issuer { get; init; } = "https://api.botframework.com";
    /// <summary>Token endpoint for the bot's own outgoing calls (single-tenant bots use their tenant's endpoint).</summary>
    public Uri TokenEndpoint { get; init; } = new("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token");
    /// <summary>Only invokes from this Entra tenant (channelData.tenant.id) are accepted; empty = any.</summary>
    public string TenantId { get; init; } = "";

    public string ConversationFor(string tierName) =>
        TierConversations.TryGetValue(tierName, out var conversation) && conversation.Length > 0 ? conversation : Conversation;
}
