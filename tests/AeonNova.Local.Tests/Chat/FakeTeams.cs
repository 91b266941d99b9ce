using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AeonNova.Approvals.Chat.Teams;
using AeonNova.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AeonNova.Local.Tests.Chat;

/// <summary>
/// The Bot Framework on 127.0.0.1: OpenID metadata and a JWKS with a test RSA key (what
/// login.botframework.com publishes), the token endpoint for the bot's client credentials, and the Bot Connector
/// activities endpoint that records posted cards. It also mints the JWTs the Bot Framework would send with an invoke.
/// </summary>
internal sealed class FakeTeams : IAsyncDisposable
{
    public const string AppId = "9a1b2c3d-0000-4000-8000-00000000b07a";
    public const string Issuer = "https://api.botframework.com";
    public const string Conversation = "19:approvals@thread.tacv2";
    public const string BotAccessToken = "fake-bot-connector-token";
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);

    private FakeTeams(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public string ServiceUrl => $"{BaseUrl}/service/";
    public ConcurrentQueue<(string Conversation, JsonNode Activity, string Authorization)> Posted { get; } = new();
    public ConcurrentQueue<string> TokenRequests { get; } = new();

    public TeamsOptions Options(IReadOnlyDictionary<string, string> users) => new()
    {
        AppId = AppId,
        AppPassword = "fake-client-secret",
        ServiceUrl = new Uri(ServiceUrl),
        Conversation = Conversation,
        TierConversations = new Dictionary<string, string> { ["cto"] = "19:cto@thread.tacv2" },
        Users = users,
        OpenIdMetadataUrl = new Uri($"{BaseUrl}/v1/.well-known/openidconfiguration"),
        Issuer = Issuer,
        TokenEndpoint = new Uri($"{BaseUrl}/token"),
        TenantId = "tenant-1",
    };

    public static async Task<FakeTeams> StartAsync()
    {
        FakeTeams? created = null;
        await LoopbackServer.StartAsync((app, baseUrl) => created = Map(app, baseUrl));
        return created!;
    }

    private static FakeTeams Map(WebApplication app, string baseUrl)
    {
        var fake = new FakeTeams(app, baseUrl);
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Text(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{baseUrl}/authorize",
            ["jwks_uri"] = $"{baseUrl}/v1/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new JsonArray { "private_key_jwt" },
        }.ToJsonString(), "application/json"));
        app.MapGet("/v1/keys", () =>
        {
            var p = fake._key.ExportParameters(false);
            return Results.Text(new JsonObject
            {
                ["keys"] = new JsonArray
                {
                    new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = "fake-key", ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) },
                },
            }.ToJsonString(), "application/json");
        });
        app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            fake.TokenRequests.Enqueue($"{form["grant_type"]} {form["client_id"]} {form["scope"]}");
            return Results.Text(new JsonObject { ["access_token"] = BotAccessToken, ["expires_in"] = 3600, ["token_type"] = "Bearer" }.ToJsonString(), "application/json");
        });
        app.MapPost("/service/v3/conversations/{conversation}/activities", async (HttpContext context, string conversation) =>
        {
            fake.Posted.Enqueue((conversation, await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject(), context.Request.Headers.Authorization.ToString()));
            return Results.Text("{\"id\":\"1700000000001\"}", "application/json");
        });
        return fake;
    }

    /// <summary>A Bot Framework token as sent to the bot: RS256 by the published key, issuer, audience, serviceurl claim.</summary>
    public string Token(DateTimeOffset now, string? audience = null, RSA? signWith = null, TimeSpan? lifetime = null, string? serviceUrl = null)
    {
        var key = new RsaSecurityKey(signWith ?? _key) { KeyId = "fake-key" };
        var issued = now.AddMinutes(-1).UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? AppId,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = (now + (lifetime ?? TimeSpan.FromMinutes(30))).UtcDateTime,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? ServiceUrl },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The invoke activity Teams sends for an Action.Execute on the approval card.</summary>
    public JsonObject Invoke(string aadObjectId, string verb, string approvalId, string scriptSha256, DateTimeOffset at, string? reason = null, string? activityId = null)
    {
        var data = new JsonObject { ["approvalId"] = approvalId, ["scriptSha256"] = scriptSha256 };
        if (reason is not null)
        {
            data[TeamsCards.ReasonInput] = reason;
        }
        return new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = activityId ?? Guid.NewGuid().ToString("N"),
            ["timestamp"] = at.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["serviceUrl"] = ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:" + aadObjectId, ["aadObjectId"] = aadObjectId },
            ["conversation"] = new JsonObject { ["id"] = Conversation },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } },
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
                ["trigger"] = "manual",
            },
        };
    }

    public static HttpRequestMessage Request(JsonObject activity, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/chat/teams/messages")
        {
            Content = new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Add("Authorization", $"Bearer {token}");
        }
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
