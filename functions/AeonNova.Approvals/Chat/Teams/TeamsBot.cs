using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Approvals.Links;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AeonNova.Approvals.Chat.Teams;

/// <summary>
/// The Teams bot endpoint (POST /chat/teams/messages). Every activity must carry a Bot Framework JWT
/// (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication):
/// RS256-signed by a key of the OpenID metadata's JWKS, issuer https://api.botframework.com, audience = the bot's
/// app id, unexpired (5-minute skew, on the host's <see cref="TimeProvider"/>), and a <c>serviceUrl</c> claim equal
/// to the activity's serviceUrl. Then: activity timestamp within 5 minutes, replay cache by activity id, tenant.
/// An <c>adaptiveCard/action</c> invoke (Action.Execute) with verb approve/reject decides through
/// <see cref="ApprovalService.DecideFromChatAsync"/>; the invoke response replaces the card (who decided and when)
/// or, for a refusal, shows the reason to the clicking user as a message.
/// </summary>
public sealed class TeamsBot
{
    public const string Via = "Teams";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private readonly ApprovalService _approvals;
    private readonly TeamsOptions _options;
    private readonly IReplayCache _replays;
    private readonly TimeProvider _time;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _tokens = new();

    public TeamsBot(ApprovalService approvals, TeamsOptions options, HttpClient http, IReplayCache replays, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(replays);
        ArgumentNullException.ThrowIfNull(time);
        _approvals = approvals;
        _options = options;
        _replays = replays;
        _time = time;
        // HTTPS for the metadata and keys, except a loopback fake in tests.
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            options.OpenIdMetadataUrl.ToString(), new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = !options.OpenIdMetadataUrl.IsLoopback });
    }

    public async Task<ChatHttpResponse> HandleAsync(ChatHttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonNode? activity;
        try
        {
            activity = JsonNode.Parse(request.RawBody);
        }
        catch (JsonException)
        {
            activity = null;
        }
        // Read without casting: whatever an anonymous caller puts there, the answer is the token's refusal, not a 500.
        var serviceUrl = activity is JsonObject body && body["serviceUrl"] is JsonValue url && url.TryGetValue<string>(out var text) ? text : "";
        var refusal = await AuthenticateAsync(request.Header("Authorization"), serviceUrl, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return ChatHttpResponse.Text(401, refusal);
        }
        if (activity is not JsonObject)
        {
            return ChatHttpResponse.Text(400, "Refused: the body is not a Bot Framework activity.");
        }
        if ((string?)activity["type"] != "invoke" || (string?)activity["name"] != "adaptiveCard/action")
        {
            // Messages, conversation updates and other activities: nothing to do.
            return ChatHttpResponse.Ok;
        }
        // A Bot Framework token proves the request came through the Bot Connector for this bot, not from which
        // channel: Web Chat or Direct Line (on by default for an Azure Bot) let whoever holds their key choose
        // `from` freely. Only Teams vouches for the user (Entra object id), so only Teams may decide.
        if (!string.Equals(Str(activity, "channelId"), TeamsChannelId, StringComparison.Ordinal))
        {
            return Message($"Refused: approvals are decided only from Microsoft Teams (this request came through the '{Str(activity, "channelId")}' channel). Nothing was decided.");
        }
        if (DateTimeOffset.TryParse((string?)activity["timestamp"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent)
            && (_time.GetUtcNow() - sent).Duration() > Window)
        {
            return Message("Refused: the request timestamp is more than 5 minutes away from now (stale or replayed). Nothing was decided.");
        }
        var activityId = (string?)activity["id"] ?? "";
        if (activityId.Length == 0)
        {
            return ChatHttpResponse.Text(400, "Refused: the activity has no id.");
        }
        switch (await _replays.CheckAsync($"teams:{(string?)activity["conversation"]?["id"]}:{activityId}", cancellationToken).ConfigureAwait(false))
        {
            case ReplayCheck.Replayed:
                return Message("Refused: this exact request was already received (replay). Nothing was decided.");
            case ReplayCheck.Full:
                return ChatHttpResponse.Text(503, "Refused: too many requests in the last minutes; try again shortly.");
        }
        if (_options.TenantId.Length > 0 && !string.Equals((string?)activity["channelData"]?["tenant"]?["id"], _options.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return Message("Refused: the request comes from another Microsoft Entra tenant.");
        }
        var action = activity["value"]?["action"];
        var verb = (string?)action?["verb"];
        var decision = verb switch
        {
            TeamsCards.ApproveVerb => DecisionOutcome.Approved,
            TeamsCards.RejectVerb => DecisionOutcome.Rejected,
            _ => (DecisionOutcome?)null,
        };
        var approvalId = (string?)action?["data"]?["approvalId"] ?? "";
        var scriptSha256 = (string?)action?["data"]?["scriptSha256"] ?? "";
        if (decision is null || !LinkTokens.IsWellFormedApprovalId(approvalId))
        {
            return Message("Refused: this card action does not name an approval and a decision. Nothing was decided.");
        }
        // The Entra object id only: `from.id` is a channel-scoped id the mapping never holds, so no fallback to it.
        var userId = activity["from"] is JsonObject from ? Str(from, "aadObjectId") : "";
        if (userId.Length == 0)
        {
            return Message("Refused: the request names no Microsoft Entra user (from.aadObjectId). Nothing was decided.");
        }
        var email = _options.Users.TryGetValue(userId, out var mapped) ? mapped : null;
        var result = await _approvals.DecideFromChatAsync(approvalId, new ChatDecisionRequest
        {
            Via = Via,
            ChatUserId = userId,
            ApproverEmail = email,
            Decision = decision.Value,
            ScriptSha256 = scriptSha256,
            Comment = (string?)action!["data"]?[TeamsCards.ReasonInput] ?? "",
        }, request.Client, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == ApprovalOutcome.Decided && result.Record is { } decided)
        {
            // The card is replaced in place: no buttons, who decided and when.
            return Invoke(new JsonObject { ["statusCode"] = 200, ["type"] = TeamsCards.ContentType, ["value"] = TeamsCards.Card(decided) });
        }
        return Message(ChatText.Reason(result, userId));
    }

    /// <summary>The Bot Framework channel id of Microsoft Teams.</summary>
    public const string TeamsChannelId = "msteams";

    private static string Str(JsonNode node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    /// <summary>Null when the bearer token is a valid Bot Framework token for this bot; otherwise the reason.</summary>
    private async Task<string?> AuthenticateAsync(string? authorization, string serviceUrl, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "Refused: the request carries no Bot Framework token (Authorization: Bearer). Nothing was decided.";
        }
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return "Refused: the Bot Framework signing keys could not be loaded; try again shortly.";
        }
        var now = _time.GetUtcNow();
        var result = await _tokens.ValidateTokenAsync(authorization[7..].Trim(), new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } e && now <= e + Window && (notBefore is not { } nb || now >= nb - Window),
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenInvalidLifetimeException
                ? "Refused: the Bot Framework token has expired (stale request). Nothing was decided."
                : "Refused: the request is not signed by the Bot Framework for this bot (token signature, issuer or audience wrong). Nothing was decided.";
        }
        // The token names the service that sent it; an activity claiming another serviceUrl is refused.
        var claimed = result.Claims.TryGetValue("serviceurl", out var url) ? url as string
            : result.Claims.TryGetValue("serviceUrl", out var url2) ? url2 as string : null;
        if (claimed is null || !string.Equals(claimed.TrimEnd('/'), serviceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return "Refused: the activity's serviceUrl does not match its token. Nothing was decided.";
        }
        return null;
    }

    /// <summary>An invoke response that shows <paramref name="text"/> to the clicking user and leaves the card as it is.</summary>
    private static ChatHttpResponse Message(string text) =>
        Invoke(new JsonObject { ["statusCode"] = 200, ["type"] = "application/vnd.microsoft.activity.message", ["value"] = text });

    private static ChatHttpResponse Invoke(JsonObject body) => ChatHttpResponse.Json(200, body.ToJsonString());
}

/// <summary>
/// Posts each approval card to the Teams channel of its current tier through the Bot Connector
/// (POST {serviceUrl}/v3/conversations/{id}/activities), with a token from the bot's client credentials.
/// </summary>
public sealed class TeamsNotifier(HttpClient http, TeamsOptions options, TimeProvider time) : IApprovalChatNotifier
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset Until)? _token;

    public string Name => TeamsBot.Via;

    public async Task NotifyAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var conversation = options.ConversationFor(record.TierName);
        var url = new Uri(options.ServiceUrl, $"v3/conversations/{Uri.EscapeDataString(conversation)}/activities");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(TeamsCards.Activity(TeamsCards.Card(record)).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken).ConfigureAwait(false));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"teams: posting the approval card to {conversation} failed with HTTP {(int)response.StatusCode}");
        }
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } cached && cached.Until > time.GetUtcNow())
            {
                return cached.Token;
            }
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.AppId,
                ["client_secret"] = options.AppPassword,
                ["scope"] = "https://api.botframework.com/.default",
            });
            using var response = await http.PostAsync(options.TokenEndpoint, form, cancellationToken).ConfigureAwait(false);
            var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var token = (string?)reply?["access_token"];
            if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(token))
            {
                throw new HttpRequestException($"teams: the bot token request failed with HTTP {(int)response.StatusCode}");
            }
            var seconds = reply?["expires_in"] is JsonValue lifetime && lifetime.TryGetValue<int>(out var s) ? s : 3600;
            _token = (token, time.GetUtcNow().AddSeconds(Math.Max(60, seconds - 300)));
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
